import { stat, readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { BriefbotError } from '../errors.js';
import { consistencyChecker, describeIssue, describeRecordIssue, factBaseProblems, parseFactBase } from './load.js';
import { FACTBASE_FORMAT_VERSION, FactBaseSchema, type Fact, type FactBaseData } from './schema.js';
import { createFactInterner } from './intern.js';
import { LayoutMismatch, readFactBaseLayout } from './stream-read.js';
import type { FactSink } from './fact-store.js';

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
/** The members a fact is checked against. */
const REST = ['articles', 'entities', 'topics'] as const;

/**
 * Reads and validates a fact base file record by record (see stream-read.ts), with the same
 * FACTBASE_* errors as parseFactBase, naming the file, the record and the field. `report`
 * collects every problem's message instead of throwing the first (for `briefbot check`).
 */
export async function readFactBaseStreamed(file: string, report?: (message: string) => void): Promise<FactBaseData | undefined> {
  const collected = factCollector();
  const ok = await readStreamed(file, report, collected.sink);
  return ok ? collected.data() : undefined;
}

/**
 * A sink that keeps what a streamed read hands on (strings shared, intern.ts), for a caller that
 * wants the fact base whole: `data()` once the read is done (undefined if it never got the rest).
 */
export function factCollector(): { sink: FactSink; data(): FactBaseData | undefined } {
  const facts: Fact[] = [];
  const intern = createFactInterner();
  let rest: Omit<FactBaseData, 'facts'> | undefined;
  return {
    sink: {
      rest: (r) => {
        rest = r;
      },
      fact: (f) => facts.push(intern(f)),
      restart: () => {
        facts.length = 0;
      },
    },
    data: () => (rest ? { ...rest, facts } : undefined),
  };
}

/**
 * The fact base of `file` handed to `sink` as it is read, never held whole: once the articles,
 * entities and topics are read (briefbot writes them before the facts), each fact goes on as soon
 * as it is checked. A file with its facts first is held until the rest is read. Errors as
 * readFactBaseStreamed (thrown; facts already handed on are then to be dropped).
 */
export async function streamFactBaseFile(file: string, sink: FactSink): Promise<void> {
  await readStreamed(file, undefined, sink);
}

async function readStreamed(file: string, report: ((message: string) => void) | undefined, sink: FactSink): Promise<boolean> {
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
  const fail = (e: BriefbotError): void => {
    invalid = true;
    if (!report) throw e;
    report(e.message);
  };
  const reportInconsistent = report && ((e: BriefbotError) => fail(e));
  const restOf = (): Omit<FactBaseData, 'facts'> => ({
    formatVersion: shell['formatVersion'] as FactBaseData['formatVersion'],
    articles: (records['articles'] ?? []) as FactBaseData['articles'],
    entities: (records['entities'] ?? []) as FactBaseData['entities'],
    topics: (records['topics'] ?? []) as FactBaseData['topics'],
  });
  // Set once the facts can go on as read: the rest was read before them, and problems are thrown, not collected.
  let check: ((f: Fact) => void) | undefined;
  let handedOn = false;
  const handOn = (f: Fact): void => {
    check!(f);
    handedOn = true;
    sink.fact(f);
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
        // Not when collecting every problem: a record found invalid must not also count as missing.
        if (key === 'facts' && !report && shell['formatVersion'] !== undefined && REST.every((k) => k in shell)) {
          const rest = restOf();
          sink.rest(rest);
          check = consistencyChecker(rest, file, reportInconsistent);
        }
      },
      record(key, index, raw) {
        if (!isCollection(key)) return;
        const parsed = elementSchemas[key].safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) fail(new BriefbotError('FACTBASE_INVALID', { file, ...describeRecordIssue(key, index, raw, issue) }));
        } else if (key !== 'facts') records[key]!.push(parsed.data);
        else {
          const f = parsed.data as Fact;
          if (check) handOn(f);
          else records[key]!.push(f);
        }
      },
      drain: () => sink.drain?.(),
    });
  } catch (e) {
    if (!(e instanceof LayoutMismatch)) {
      if (report && e instanceof BriefbotError) {
        report(e.message);
        return false;
      }
      throw e;
    }
    if (handedOn) sink.restart();
    const data = await readWhole(file, size, report);
    if (!data) return false;
    const { facts, ...rest } = data;
    sink.rest(rest);
    for (const f of facts) sink.fact(f);
    return true;
  }
  if (shell['formatVersion'] !== FACTBASE_FORMAT_VERSION) {
    fail(new BriefbotError('FACTBASE_VERSION', { file, found: shell['formatVersion'], expected: FACTBASE_FORMAT_VERSION }));
    return false;
  }
  // The top level with its arrays empty: zod checks the members (missing, unknown, wrong type) without the records again.
  const top = FactBaseSchema.safeParse(shell);
  if (!top.success) for (const issue of top.error.issues) fail(new BriefbotError('FACTBASE_INVALID', { file, ...describeIssue(shell, issue) }));
  if (invalid || !top.success) return false;
  if (!check) {
    // The facts came before the rest (or there were none): they go on now, in file order.
    const rest = restOf();
    sink.rest(rest);
    check = consistencyChecker(rest, file, reportInconsistent);
    for (const f of (records['facts'] ?? []) as Fact[]) handOn(f);
  }
  return !invalid;
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
