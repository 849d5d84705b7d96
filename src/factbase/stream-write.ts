import { createWriteStream } from 'node:fs';
import type { FactBaseData } from './schema.js';

/** Bytes gathered before one write: large enough that a write is cheap, small next to the fact base. */
const WRITE_BATCH_CHARS = 1 << 20;

/**
 * Writes a fact base as `JSON.stringify(data, null, 2)` would (byte for byte), one record at a
 * time, so no string ever holds the whole file: V8 strings stop at ~536M characters, ~450k facts.
 * The layout (each top-level array's records at indent 4) is what stream-read.ts relies on.
 */
export async function writeFactBaseStream(file: string, data: FactBaseData): Promise<void> {
  const out = createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.once('close', resolve);
  });
  // Awaited below; this only keeps a write error from also surfacing as an unhandled rejection.
  closed.catch(() => undefined);
  let pending = '';
  const flush = async (): Promise<void> => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      out.once('error', onError);
      out.once('drain', () => {
        out.off('error', onError);
        resolve();
      });
    });
  };
  const put = async (text: string): Promise<void> => {
    pending += text;
    if (pending.length >= WRITE_BATCH_CHARS) await flush();
  };
  try {
    const members = Object.entries(data).filter(([, v]) => v !== undefined);
    await put(members.length === 0 ? '{}' : '{\n');
    for (const [m, [key, value]] of members.entries()) {
      await put(`  ${JSON.stringify(key)}: `);
      if (Array.isArray(value) && value.length > 0) {
        await put('[\n');
        for (const [i, record] of value.entries()) {
          await put(`    ${indent(JSON.stringify(record ?? null, null, 2), '    ')}${i < value.length - 1 ? ',' : ''}\n`);
        }
        await put('  ]');
      } else {
        await put(indent(JSON.stringify(value, null, 2), '  '));
      }
      await put(m < members.length - 1 ? ',\n' : '\n}');
    }
    await put('\n');
    await flush();
  } finally {
    out.end();
  }
  await closed;
}

function indent(json: string, by: string): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${by}`) : json;
}
