import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

/** `briefbot serve`: the bot; with no Slack credentials, the local stand-in and sandbox page too. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the bot (Slack, Teams, digests). Without any platform credentials: the local sandbox page')
    .option('--sandbox', 'run the local stand-ins and sandbox page even beside real credentials (never on an exposed host)')
    .action(async (opts: { sandbox?: boolean }) => {
      const config = loadConfig(opts.sandbox === true ? { ...process.env, BRIEFBOT_SANDBOX: '1' } : process.env);
      const logger = createLogger({ level: config.LOG_LEVEL });
      // Loaded here, not at the top: Bolt, botbuilder and the store drivers cost ~2 s to import,
      // which `briefbot ask` and the other subcommands must not pay.
      const { closeOnSignals, startBot } = await import('../serve.js');
      const bot = await startBot(config, logger);
      closeOnSignals(bot, logger);
      const where = bot.standIn
        ? `briefbot is running with a local Slack stand-in. Open ${bot.url} and type /brief kenya malaysia\n`
        : `briefbot is listening on ${bot.url} (Slack ${bot.slack === undefined ? 'off' : bot.slack.mode === 'socket' ? 'Socket Mode' : `events at ${bot.url}slack/events`})\n`;
      process.stdout.write(where);
    });
}
