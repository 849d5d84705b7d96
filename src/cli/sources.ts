import type { Command } from 'commander';

/**
 * `briefbot sources add|list|remove` and `briefbot poll [--once]`. Their work lives in
 * sources-run.ts, loaded only when one of them runs (the store drivers are slow to import).
 */
export function registerSourcesCommands(program: Command): void {
  const sources = program.command('sources').description('Feeds the bot follows (RSS, Atom, JSON Feed)');
  sources
    .command('add <url>')
    .description('Follow a feed: fetched once now to check it is one; its articles come in with the next poll')
    .option('--name <name>', 'what to call it (default: the feed’s own title)')
    .action(async (url: string, opts: { name?: string }) => {
      const { sourcesAdd } = await import('./sources-run.js');
      await sourcesAdd(url, opts.name);
    });
  sources
    .command('list')
    .description('Followed feeds: last poll, last error, counts')
    .action(async () => {
      const { sourcesList } = await import('./sources-run.js');
      await sourcesList();
    });
  sources
    .command('remove <id>')
    .description('Stop following a feed (its articles stay in the fact base)')
    .action(async (id: string) => {
      const { sourcesRemove } = await import('./sources-run.js');
      await sourcesRemove(id);
    });
  program
    .command('poll')
    .description('Poll the feeds that are due, fetch their new articles and ingest them (DATA_DIR/factbase.json)')
    .option('--once', 'one poll, then exit (for cron); without it, poll every POLL_INTERVAL_MINUTES until stopped')
    .option('--all', 'with --once: poll every source now, due or not')
    .action(async (opts: { once?: boolean; all?: boolean }) => {
      const { poll } = await import('./sources-run.js');
      await poll(opts.once === true, opts.all === true);
    });
}
