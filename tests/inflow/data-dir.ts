import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway DATA_DIR with the real gazetteer, topics, synonyms and rates: empty (no articles, no
 * fact base), or with the seed articles and their factbase.json (what `npm start` serves).
 */
export function makeDataDir(opts: { seeds?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-data-'));
  for (const f of readdirSync('data')) if (f.endsWith('.yaml')) cpSync(join('data', f), join(dir, f));
  if (opts.seeds) {
    cpSync(join('data', 'articles'), join(dir, 'articles'), { recursive: true });
    cpSync(join('data', 'factbase.json'), join(dir, 'factbase.json'));
  } else {
    mkdirSync(join(dir, 'articles'));
  }
  return dir;
}
