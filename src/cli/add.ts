import type { Command } from 'commander';
import { loadConfig } from '../config.js';

/** `briefbot add <url>`: fetch one article, write it under DATA_DIR/articles, update the fact base. */
export function registerAddCommand(program: Command): void {
  program
    .command('add')
    .description('Fetch an article by URL, extract it into <DATA_DIR>/articles and add its facts to the fact base (exit 1 when nothing could be added)')
    .argument('<url>', 'the article page, http:// or https://')
    .option('--source <id>', 'record the article as coming from this source id')
    .action(async (url: string, opts: { source?: string }) => {
      const config = loadConfig(process.env, { receivesSlack: false });
      // Loaded here: extraction and the ingest are slow to import, and `ask` would pay for them.
      const { runAdd } = await import('./add-run.js');
      process.exitCode = await runAdd({ config, url, ...(opts.source ? { sourceId: opts.source } : {}), out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) });
    });
}
