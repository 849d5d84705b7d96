import { readFileSync } from 'node:fs';
import { canonicalOrder } from '../factbase/changes.js';
import type { FactStore, FactStoreDescriptor } from '../factbase/fact-store.js';
import { validateFactBase } from '../factbase/load.js';
import { openFactStore } from '../factbase/open-store.js';
import type { FactBaseData } from '../factbase/schema.js';
import { buildFactBaseWithReport, serializeFactBase } from '../ingest/build.js';
import { explainFacts } from './explain-facts.js';
import { explainDatesAndLinks } from '../ingest/explain.js';
import { isBriefbotError } from '../errors.js';
import { createLogger } from '../logger.js';

/** `briefbot ingest` itself (ingest.ts registers it and loads this only when the command runs). */
export interface IngestRun {
  dataDir: string;
  /** Where the fact base is read from and written to (DATA_DIR/factbase.json or PostgreSQL). */
  store: FactStoreDescriptor;
  check: boolean;
  explain: boolean;
  now: Date;
  out: (line: string) => void;
  logLevel?: string;
}

/** Returns the exit code: 0 written or fresh, 1 stale (with --check). */
export async function runIngest(run: IngestRun): Promise<number> {
  const logger = createLogger({ level: run.logLevel ?? 'warn' });
  const store = await openFactStore(run.store, { logger });
  try {
    return await ingestInto(store, run, logger);
  } finally {
    await store.close();
  }
}

async function ingestInto(store: FactStore, run: IngestRun, logger: ReturnType<typeof createLogger>): Promise<number> {
  // A previous fact base that is missing or no longer validates lends nothing; the rebuild replaces it.
  let previous: FactBaseData | undefined;
  let previousVersion: string | undefined;
  try {
    const snapshot = await store.read();
    previous = snapshot.data;
    previousVersion = snapshot.version;
  } catch (err) {
    if (!isBriefbotError(err) || err.code === 'FACTSTORE_UNREACHABLE') throw err;
    previousVersion = await store.version();
  }
  const report = buildFactBaseWithReport({
    dataDir: run.dataDir,
    ...(previous ? { previous } : {}),
    now: run.now,
    logger,
  });
  if (run.explain) {
    for (const d of report.dropped) run.out(`dropped ${d.articleId}:${d.line} [${d.rule}] ${d.text}`);
    for (const f of report.data.facts.filter((x) => x.citations.length > 1)) {
      run.out(`merged ${f.id}: ${f.citations.map((c) => `${c.articleId}@${c.start} "${c.quote.replace(/\s+/g, ' ')}"`).join(' = ')}`);
    }
    for (const d of report.discovered) run.out(`discovered ${d.articleId}: ${d.id} (${d.kind}) "${d.name}" [${d.rules.join(', ')}]`);
    for (const line of explainFacts(report)) run.out(line);
    for (const line of explainDatesAndLinks(report.data)) run.out(line);
  }
  const summary = `${report.data.articles.length} articles, ${report.data.facts.length} facts (${report.corroborated} corroborated, ${report.linked} linked pairs), ${report.dropped.length} lines dropped`;
  if (run.check) {
    if (isFresh(store, previous, report.data)) {
      run.out(`${store.location} is up to date: ${summary}.`);
      return 0;
    }
    run.out(`${store.location} is stale: ${describeChange(previous, report.data)}. Run \`npx briefbot ingest\`.`);
    return 1;
  }
  // One step: a running bot (this host or, on PostgreSQL, any replica) sees the old fact base or this one.
  const version = await store.write(report.data, previousVersion === undefined || previousVersion === '' ? {} : { expectedVersion: previousVersion });
  run.out(`Wrote ${store.location}: ${summary}${store.kind === 'postgres' ? ` (version ${version})` : ''}.`);
  return 0;
}

/** The file must be the very bytes a rebuild writes; a database, the same records. */
function isFresh(store: FactStore, previous: FactBaseData | undefined, next: FactBaseData): boolean {
  if (!previous) return false;
  if (store.descriptor.kind === 'file') {
    try {
      return readFileSync(store.descriptor.file, 'utf8') === serializeFactBase(next);
    } catch {
      return false;
    }
  }
  return serializeFactBase(previous) === serializeFactBase(canonicalOrder(validateFactBase(next, store.location)));
}

function describeChange(before: FactBaseData | undefined, after: FactBaseData): string {
  if (!before) return 'missing or invalid';
  const old = new Map(before.facts.map((f) => [f.id, JSON.stringify(f)]));
  const next = new Map(after.facts.map((f) => [f.id, JSON.stringify(f)]));
  const added = [...next.keys()].filter((id) => !old.has(id)).length;
  const removed = [...old.keys()].filter((id) => !next.has(id)).length;
  const changed = [...next].filter(([id, f]) => old.has(id) && old.get(id) !== f).length;
  const rest = added + removed + changed === 0 ? ', articles, entities or topics changed' : '';
  return `${added} facts added, ${removed} removed, ${changed} changed${rest}`;
}
