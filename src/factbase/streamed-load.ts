import { stat, readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { BriefbotError } from '../errors.js';
import { checkConsistency, describeIssue, describeRecordIssue, factBaseProblems, parseFactBase } from './load.js';
import { FACTBASE_FORMAT_VERSION, FactBaseSchema, type FactBaseData } from './schema.js';
import { createFactInterner } from './intern.js';
import { LayoutMismatch, readFactBaseLayout } from './stream-read.js';

/**
 * Files off the streamed layout (hand-edited, minified) are still read, whole, up to this size;
 * past it a string could not hold them anyway (V8 stops at ~536M characters).
 */
export const WHOLE_READ_MAX_BYTES = 256 * 1024 * 1024;

const COLLECTIONS = ['articles', 'entities', 'topics', 'facts'] as const;
type Collection = (typeof COLLECTIONS)[number];
const elementSchemas: Record<Collection, z.ZodType> = {
  articles: FactBaseSchema.shape.articles.element,
  entities: FactBaseSchema.shape.entities.element,
  topics: FactBaseSchema.shape.topics.element,
  facts: FactBaseSchema.shape.facts.element,
};
const isCollection = (key: string): key is Collection => (COLLECTIONS as readonly string[]).includes(key);

/**
 * Reads and validates a fact base file record by record (see stream-read.ts), with the same
 * FACTBASE_* errors as parseFactBase, naming the file, the record and the field. `report`
 * collects every problem's message instead of throwing the first (for `briefbot check`).
 */
export async function readFactBaseStreamed(file: string, report?: (message: string) => void): Promise<FactBaseData | undefined> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BriefbotError('FACTBASE_NOT_FOUND', { file });
    throw new BriefbotError('FACTBASE_UNREADABLE', { file, reason: (e as Error).message });
  }
  const shell: Record<string, unknown> = {};
  const records: Record<string, unknown[]> = {};
  let invalid = false;
  const intern = createFactInterner();
  const fail = (e: BriefbotError): void => {
    invalid = true;
    if (!report) throw e;
    report(e.message);
  };
  try {
    await readFactBaseLayout(file, {
      member(key, value) {
        if (key === 'formatVersion' && value !== FACTBASE_FORMAT_VERSION) {
          throw new BriefbotError('FACTBASE_VERSION', { file, found: value, expected: FACTBASE_FORMAT_VERSION });
        }
        shell[key] = value;
        if (Array.isArray(value)) records[key] = [];
      },
      array(key) {
        shell[key] = [];
        records[key] = [];
      },
      record(key, index, raw) {
        if (!isCollection(key)) return;
        const parsed = elementSchemas[key].safeParse(raw);
        if (parsed.success) records[key]!.push(key === 'facts' ? intern(parsed.data as FactBaseData['facts'][number]) : parsed.data);
        else for (const issue of parsed.error.issues) fail(new BriefbotError('FACTBASE_INVALID', { file, ...describeRecordIssue(key, index, raw, issue) }));
      },
    });
  } catch (e) {
    if (!(e instanceof LayoutMismatch)) {
      if (report && e instanceof BriefbotError) {
        report(e.message);
        return undefined;
      }
      throw e;
    }
    return readWhole(file, size, report);
  }
  if (shell['formatVersion'] !== FACTBASE_FORMAT_VERSION) {
    fail(new BriefbotError('FACTBASE_VERSION', { file, found: shell['formatVersion'], expected: FACTBASE_FORMAT_VERSION }));
    return undefined;
  }
  // The top level with its arrays empty: zod checks the members (missing, unknown, wrong type) without the records again.
  const top = FactBaseSchema.safeParse(shell);
  if (!top.success) for (const issue of top.error.issues) fail(new BriefbotError('FACTBASE_INVALID', { file, ...describeIssue(shell, issue) }));
  if (invalid || !top.success) return undefined;
  const data: FactBaseData = {
    formatVersion: top.data.formatVersion,
    articles: records['articles'] as FactBaseData['articles'],
    entities: records['entities'] as FactBaseData['entities'],
    topics: records['topics'] as FactBaseData['topics'],
    facts: records['facts'] as FactBaseData['facts'],
  };
  checkConsistency(data, file, report && ((e) => report(e.message)));
  return data;
}

async function readWhole(file: string, size: number, report?: (message: string) => void): Promise<FactBaseData | undefined> {
  if (size > WHOLE_READ_MAX_BYTES) {
    const e = new BriefbotError('FACTBASE_UNREADABLE', {
      file,
      reason: `not laid out as briefbot writes it (one record per block, indent 2) and too large (${Math.round(size / 1e6)} MB) to read whole; rewrite it with \`npx briefbot ingest\``,
    });
    if (!report) throw e;
    report(e.message);
    return undefined;
  }
  if (report) {
    for (const p of factBaseProblems(file)) report(p);
    return undefined;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BriefbotError('FACTBASE_UNREADABLE', { file, reason: (e as Error).message });
  }
  return parseFactBase(text, file);
}

/** Every problem in a fact base file, not just the first (for `briefbot check`), read streamed. */
export async function factBaseFileProblems(file: string): Promise<string[]> {
  const problems: string[] = [];
  try {
    await readFactBaseStreamed(file, (m) => problems.push(m));
  } catch (e) {
    // Only what stops the read itself (not found, unreadable) is thrown in report mode.
    problems.push(e instanceof BriefbotError ? e.message : String(e));
  }
  return problems;
}
