import type { Command } from 'commander';

/**
 * `briefbot digest run [--now]`: one scheduler pass and exit, for cron-style hosting (run it
 * every few minutes). Safe beside a running server: slots are claimed in the shared store.
 */
export function registerDigestCommand(program: Command): void {
  const digest = program.command('digest').description('Daily digests');
  digest
    .command('run')
    .description('Post the digests that are due (and missed ones inside the catch-up window), then exit')
    .option('--now', 'post every active subscription’s digest now, whatever its schedule')
    .action(async (opts: { now?: boolean }) => {
      // Loaded here, not at the top: the platforms and store drivers are slow to import, and
      // every other subcommand would pay for them.
      const { runDigests } = await import('./digest-run.js');
      await runDigests(opts);
    });
}
