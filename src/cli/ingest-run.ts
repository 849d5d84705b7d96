import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFactBase } from '../factbase/load.js';
import type { FactBaseData } from '../factbase/schema.js';
import { buildFactBaseWithReport, serializeFactBase } from '../ingest/build.js';
import { explainFacts } from './explain-facts.js';
import { explainDatesAndLinks } from '../ingest/explain.js';
import { createLogger } from '../logger.js';

/** `briefbot ingest` itself (ingest.ts registers it and loads this only when the command runs). */
export interface IngestRun {
  dataDir: string;
  check: boolean;
  explain: boolean;
  now: Date;
  out: (line: string) => void;
  logLevel?: string;
}

/** Returns the exit code: 0 written or fresh, 1 stale (with --check). */
export function runIngest(run: IngestRun): number {
  const file = join(run.dataDir, 'factbase.json');
  const previousText = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  // A previous file that no longer validates still lends nothing; the rebuild replaces it.
  let previous: FactBaseData | undefined;
  try {
    previous = previousText === undefined ? undefined : parseFactBase(previousText, file);
  } catch {
    previous = undefined;
  }
  const report = buildFactBaseWithReport({
    dataDir: run.dataDir,
    ...(previous ? { previous } : {}),
    now: run.now,
    logger: createLogger({ level: run.logLevel ?? 'warn' }),
  });
  const text = serializeFactBase(report.data);
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
    if (text === previousText) {
      run.out(`${file} is up to date: ${summary}.`);
      return 0;
    }
    run.out(`${file} is stale: ${describeChange(previous, report.data)}. Run \`npx briefbot ingest\`.`);
    return 1;
  }
  // Write-then-rename, so a running bot watching the file never reads half of it.
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  run.out(`Wrote ${file}: ${summary}.`);
  return 0;
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
