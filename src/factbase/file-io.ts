import { rename, writeFile } from 'node:fs/promises';
import { serializeFactBase } from '../ingest/build.js';
import { loadFactBaseFile } from './load.js';
import type { FactBaseData } from './schema.js';

/**
 * The one way code reads and writes `factbase.json` (issue 12 streams both directions behind
 * these two functions; callers do not change). Errors are BriefbotErrors naming the file, record
 * and field (FACTBASE_*).
 */
export async function readFactBaseFile(file: string): Promise<FactBaseData> {
  return loadFactBaseFile(file);
}

/** Write-then-rename, so a process watching the file never reads half of it. */
export async function writeFactBaseFile(file: string, data: FactBaseData): Promise<void> {
  await writeFile(`${file}.tmp`, serializeFactBase(data));
  await rename(`${file}.tmp`, file);
}
