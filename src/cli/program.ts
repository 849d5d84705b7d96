import { Command } from 'commander';
import { registerAddCommand } from './add.js';
import { registerAskCommand } from './ask.js';
import { registerCheckCommand } from './check.js';
import { registerDigestCommand } from './digest.js';
import { registerIngestCommand } from './ingest.js';
import { registerServeCommand } from './serve.js';
import { registerSourcesCommands } from './sources.js';

/** `briefbot`: each subcommand lives in src/cli/<name>.ts and registers itself here. */
export function buildProgram(): Command {
  const program = new Command()
    .name('briefbot')
    .description('Cited, normalized news briefs: build the fact base, ask it, serve the Slack and Teams bot.')
    .showHelpAfterError();
  registerAskCommand(program);
  registerIngestCommand(program);
  registerAddCommand(program);
  registerCheckCommand(program);
  registerDigestCommand(program);
  registerServeCommand(program);
  registerSourcesCommands(program);
  return program;
}
