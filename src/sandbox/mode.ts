import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * Which platforms run, and whether the local stand-ins do. The stand-ins (and every `/sandbox/*`
 * route and the page at `/`) write to the same store as the real platforms and authenticate
 * nothing, so they run only with no platform credentials at all, or when asked for explicitly
 * (`--sandbox`, BRIEFBOT_SANDBOX=1). A platform that is neither configured nor stood in for
 * exposes no routes.
 */
export interface RunMode {
  local: boolean;
  /** Local mode asked for beside real credentials. */
  explicit: boolean;
  slack: 'real' | 'stand-in' | 'off';
  teams: 'real' | 'stand-in' | 'off';
}

export function runMode(config: Config): RunMode {
  const slackConfigured = config.SLACK_BOT_TOKEN !== undefined;
  const teamsConfigured = config.MicrosoftAppId !== undefined;
  const local = config.BRIEFBOT_SANDBOX || (!slackConfigured && !teamsConfigured);
  const pick = (configured: boolean) => (configured ? 'real' : local ? 'stand-in' : 'off');
  return { local, explicit: config.BRIEFBOT_SANDBOX, slack: pick(slackConfigured), teams: pick(teamsConfigured) };
}

/** Said once at start, loudly when local mode runs beside a real platform. */
export function logRunMode(mode: RunMode, logger: Logger): void {
  if (mode.local && mode.explicit && (mode.slack === 'real' || mode.teams === 'real')) {
    logger.warn(
      { slack: mode.slack, teams: mode.teams },
      'LOCAL SANDBOX MODE IS ON (BRIEFBOT_SANDBOX / --sandbox) BESIDE REAL CREDENTIALS: the unauthenticated stand-ins and /sandbox/* write to this store. Never expose this process.',
    );
  } else if (mode.local) {
    logger.warn({ slack: mode.slack, teams: mode.teams }, 'local sandbox mode: loopback stand-ins, the page at / and /sandbox/* are on');
  } else {
    logger.info({ slack: mode.slack, teams: mode.teams }, 'no sandbox: only configured platforms expose routes');
  }
}
