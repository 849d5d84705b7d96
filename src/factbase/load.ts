import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BriefbotError } from '../errors.js';
import { createFactInterner } from './intern.js';
import { FACTBASE_FORMAT_VERSION, FactBaseSchema, FactSchema, type Fact, type FactBaseData } from './schema.js';

/**
 * Reads and validates factbase.json. Any problem becomes one BriefbotError naming the file,
 * the record (by id where it has one, else by index) and the field.
 */
export function loadFactBaseFile(file: string): FactBaseData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BriefbotError('FACTBASE_NOT_FOUND', { file });
    throw new BriefbotError('FACTBASE_UNREADABLE', { file, reason: (e as Error).message });
  }
  return parseFactBase(text, file);
}

export function parseFactBase(text: string, file: string): FactBaseData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BriefbotError('FACTBASE_UNREADABLE', { file, reason: (e as Error).message });
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== FACTBASE_FORMAT_VERSION) {
    throw new BriefbotError('FACTBASE_VERSION', { file, found: version, expected: FACTBASE_FORMAT_VERSION });
  }
  const parsed = FactBaseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BriefbotError('FACTBASE_INVALID', { file, ...describeIssue(raw, issue) });
  }
  checkConsistency(parsed.data, file);
  return parsed.data;
}

/**
 * Validates a fact base that did not come from a file (a database, changes applied in memory):
 * the same schema and cross-record rules, errors naming `location` where they would name the file.
 */
export function validateFactBase(raw: unknown, location: string): FactBaseData {
  const parsed = FactBaseSchema.safeParse(raw);
  if (!parsed.success) throw new BriefbotError('FACTBASE_INVALID', { file: location, ...describeIssue(raw, parsed.error.issues[0]!) });
  checkConsistency(parsed.data, location);
  return parsed.data;
}

/**
 * validateFactBase for a store that hands its facts out a batch at a time: each fact is checked
 * (and its strings shared, intern.ts) as it arrives, so the unchecked rows of only one batch are
 * held beside the checked facts, not a second copy of them all.
 */
export function factValidator(location: string): (raw: unknown, index: number) => Fact {
  const intern = createFactInterner();
  const check = factChecker(location);
  return (raw, index) => intern(check(raw, index));
}

/** One fact checked against the schema (FACTBASE_INVALID naming it otherwise), for a read that passes facts on rather than keeping them. */
export function factChecker(location: string): (raw: unknown, index: number) => Fact {
  return (raw, index) => {
    const parsed = FactSchema.safeParse(raw);
    if (!parsed.success) throw new BriefbotError('FACTBASE_INVALID', { file: location, ...describeRecordIssue('facts', index, raw, parsed.error.issues[0]!) });
    return parsed.data;
  };
}

/** validateFactBase of the rest, with facts already passed through factValidator. */
export function validateWithCheckedFacts(rest: Record<Exclude<keyof FactBaseData, 'facts'>, unknown>, facts: Fact[], location: string): FactBaseData {
  const shell = validateFactBase({ ...rest, facts: [] }, location);
  const data = { ...shell, facts };
  checkConsistency(data, location);
  return data;
}

/** Turns a zod issue path like ['facts', 3, 'citations', 0, 'url'] into record and field names. */
export function describeIssue(
  raw: unknown,
  issue: z.core.$ZodIssue,
): { record: string; field: string; problem: string } {
  const path = issue.path;
  const [collection, index, ...rest] = path;
  if (typeof collection === 'string' && typeof index === 'number') {
    const item = (raw as Record<string, unknown[]>)[collection]?.[index];
    return describeRecordIssue(collection, index, item, { ...issue, path: rest });
  }
  return { record: 'top level', field: path.length > 0 ? path.join('.') : '(file)', problem: issue.message };
}

/** A zod issue of one record (its path relative to the record) as record and field names. */
export function describeRecordIssue(
  collection: string,
  index: number,
  item: unknown,
  issue: z.core.$ZodIssue,
): { record: string; field: string; problem: string } {
  const id = (item as { id?: unknown } | null | undefined)?.id;
  const singular = collection.replace(/s$/, '');
  const record = typeof id === 'string' && id !== '' ? `${singular} ${id}` : `${singular} #${index}`;
  return { record, field: issue.path.length > 0 ? issue.path.join('.') : '(record)', problem: issue.message };
}

/**
 * Every problem in a fact base file, not just the first (for `briefbot check`): each message
 * names the file, the record and the field.
 */
export function factBaseProblems(file: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [new BriefbotError('FACTBASE_NOT_FOUND', { file }).message];
    return [new BriefbotError('FACTBASE_UNREADABLE', { file, reason: (e as Error).message }).message];
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== FACTBASE_FORMAT_VERSION) {
    return [new BriefbotError('FACTBASE_VERSION', { file, found: version, expected: FACTBASE_FORMAT_VERSION }).message];
  }
  const parsed = FactBaseSchema.safeParse(raw);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => new BriefbotError('FACTBASE_INVALID', { file, ...describeIssue(raw, issue) }).message);
  }
  const problems: string[] = [];
  checkConsistency(parsed.data, file, (e) => problems.push(e.message));
  return problems;
}

/** Cross-record rules zod cannot see: unique ids and references that resolve. Throws the first unless `report` collects them. */
export function checkConsistency(fb: FactBaseData, file: string, report?: (e: BriefbotError) => void): void {
  const check = consistencyChecker(fb, file, report);
  for (const f of fb.facts) check(f);
}

/**
 * checkConsistency a fact at a time, for a reader that does not keep the facts (the worker hands
 * each on as read): the articles, entities and topics are checked now, each fact when passed in.
 */
export function consistencyChecker(rest: Omit<FactBaseData, 'facts'>, file: string, report?: (e: BriefbotError) => void): (f: Fact) => void {
  const fail = (record: string, field: string, problem: string): void => {
    const e = new BriefbotError('FACTBASE_INCONSISTENT', { file, record, field, problem });
    if (!report) throw e;
    report(e);
  };
  const articleIds = new Set<string>();
  for (const a of rest.articles) {
    if (articleIds.has(a.id)) fail(`article ${a.id}`, 'id', 'duplicate article id');
    articleIds.add(a.id);
  }
  const entityIds = new Set<string>();
  for (const e of rest.entities) {
    if (entityIds.has(e.id)) fail(`entity ${e.id}`, 'id', 'duplicate entity id');
    entityIds.add(e.id);
  }
  const topicIds = new Set(rest.topics.map((t) => t.id));
  const factIds = new Set<string>();
  return (f) => {
    if (factIds.has(f.id)) fail(`fact ${f.id}`, 'id', 'duplicate fact id');
    factIds.add(f.id);
    f.entities.forEach((id, i) => {
      if (!entityIds.has(id)) fail(`fact ${f.id}`, `entities.${i}`, `unknown entity "${id}"`);
    });
    f.topics.forEach((id, i) => {
      if (!topicIds.has(id)) fail(`fact ${f.id}`, `topics.${i}`, `unknown topic "${id}"`);
    });
    if (f.speaker !== undefined && !entityIds.has(f.speaker)) {
      fail(`fact ${f.id}`, 'speaker', `unknown entity "${f.speaker}"`);
    }
    f.citations.forEach((c, i) => {
      if (!articleIds.has(c.articleId)) fail(`fact ${f.id}`, `citations.${i}.articleId`, `unknown article "${c.articleId}"`);
      if (c.end - c.start !== c.quote.length) {
        fail(`fact ${f.id}`, `citations.${i}.end`, 'end - start does not equal the quote length');
      }
    });
  };
}
