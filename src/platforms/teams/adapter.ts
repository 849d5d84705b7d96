import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config.js';
import { ClientCredentialsFactory, endpointSettings } from './endpoints.js';
import { messages } from '../../errors.js';
import type { Logger } from '../../logger.js';

// Named through botbuilder's own exports: botframework-connector is only its transitive dependency.
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;
export type AuthenticateRequestResult = Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;

/** `azure`: JWTs checked against the Bot Framework; `stand-in`: no credentials, loopback connector only. */
export type TeamsMode = 'azure' | 'stand-in';

export function teamsMode(config: Config): TeamsMode {
  return config.MicrosoftAppId ? 'azure' : 'stand-in';
}

/**
 * CloudAdapter whose turn entry point takes an already authenticated request: the route
 * authenticates first so that every authentication failure (a missing or forged token, OpenID
 * metadata that cannot be fetched) becomes a 401 before any turn logic runs.
 */
export class BriefbotAdapter extends CloudAdapter {
  constructor(readonly auth: BotFrameworkAuthentication) {
    super(auth);
  }

  runAuthenticated(
    result: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

export function createAdapter(config: Config, logger: Logger): BriefbotAdapter {
  // botbuilder's own option names: the same values its samples read from the environment.
  const options: Record<string, string> = {};
  if (config.MicrosoftAppId) options['MicrosoftAppId'] = config.MicrosoftAppId;
  if (config.MicrosoftAppPassword) options['MicrosoftAppPassword'] = config.MicrosoftAppPassword;
  if (config.MicrosoftAppType) options['MicrosoftAppType'] = config.MicrosoftAppType;
  if (config.MicrosoftAppTenantId) options['MicrosoftAppTenantId'] = config.MicrosoftAppTenantId;
  const endpoints = endpointSettings(config);
  Object.assign(options, endpoints ?? {});
  const credentials =
    endpoints && config.MicrosoftAppId && !endpoints.ToChannelFromBotLoginUrl.startsWith('https://login.microsoftonline.com/')
      ? new ClientCredentialsFactory(config.MicrosoftAppId, config.MicrosoftAppPassword ?? '', logger)
      : undefined;
  const adapter = new BriefbotAdapter(new ConfigurationBotFrameworkAuthentication(options, credentials));

  adapter.onTurnError = async (context, error) => {
    logger.error(
      {
        err: error,
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType,
      },
      'teams: turn failed',
    );
    try {
      await context.sendActivity(messages.TEAMS_TURN_FAILED());
    } catch (sendError) {
      logger.warn({ err: sendError }, 'teams: could not tell the user the turn failed');
    }
  };
  return adapter;
}
