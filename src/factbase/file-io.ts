import { rename, rm } from 'node:fs/promises';
import type { FactBaseData } from './schema.js';
import { readFactBaseStreamed } from './streamed-load.js';
import { writeFactBaseStream } from './stream-write.js';

/**
 * The one way code reads and writes `factbase.json` (issue 12 streams both directions behind
 * these two functions; callers do not change). Errors are BriefbotErrors naming the file, record
 * and field (FACTBASE_*).
 */
export async function readFactBaseFile(file: string): Promise<FactBaseData> {
  // Without a report callback it throws the first problem rather than returning undefined.
  return (await readFactBaseStreamed(file))!;
}

/**
 * Write-then-rename, so a process watching the file never reads half of it. The bytes are those
 * of serializeFactBase (JSON, indent 2), written a record at a time.
 */
export async function writeFactBaseFile(file: string, data: FactBaseData): Promise<void> {
  try {
    await writeFactBaseStream(`${file}.tmp`, data);
  } catch (e) {
    await rm(`${file}.tmp`, { force: true });
    throw e;
  }
  await rename(`${file}.tmp`, file);
}
