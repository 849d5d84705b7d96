import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A data directory with the shipped gazetteer, topics and tables but no articles and no fact base. */
export function emptyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-inflow-'));
  for (const f of ['entities.yaml', 'countries.generated.yaml', 'topics.yaml', 'rates.yaml', 'synonyms.yaml']) cpSync(join('data', f), join(dir, f));
  mkdirSync(join(dir, 'articles'));
  return dir;
}
