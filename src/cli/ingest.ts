import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { factStoreDescriptor } from '../factbase/open-store.js';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('Rebuild the fact base (<DATA_DIR>/factbase.json, or PostgreSQL with FACT_STORE=postgres) from the articles, gazetteer and topics')
    .option('--check', 'do not write; exit 1 if factbase.json is stale')
    .option('--explain', 'list every line dropped (with its rule), every claim merged or linked across articles, every discovered name, and per fact where each entity, the speaker and the date came from')
    .action(async (opts: { check?: boolean; explain?: boolean }) => {
      const config = loadConfig(process.env);
      // Loaded here, not at the top: the ingest (its NLP library above all) takes ~0.5 s to import,
      // and `briefbot ask` would pay for it on every run.
      const { runIngest } = await import('./ingest-run.js');
      process.exitCode = await runIngest({
        dataDir: config.DATA_DIR,
        store: factStoreDescriptor(config),
        check: opts.check ?? false,
        explain: opts.explain ?? false,
        now: new Date(),
        out: (line) => process.stdout.write(`${line}\n`),
        logLevel: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
      });
    });
}
