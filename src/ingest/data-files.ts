import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BriefbotError } from '../errors.js';
import { describeIssue } from '../factbase/load.js';
import { EntitySchema, TopicSchema, type Entity, type EntityKind, type Topic } from '../factbase/schema.js';
import { mergeCountries, parseGeneratedCountries, type CountryRegion, type GeneratedCountries } from './gazetteer/generated.js';

/** One thing wrong in a data file, precise enough to find and fix: file, record, field. */
export interface DataProblem {
  file: string;
  record: string;
  field: string;
  problem: string;
}

export interface Gazetteer {
  entities: Entity[];
  /** Aliases that are also ordinary names or words; see entities.ts for how they are matched. */
  ambiguous: string[];
  /** Region and subregion per country id, from the generated countries file. */
  regions: Record<string, CountryRegion>;
}

export const RatesSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD'),
    source: z.string().min(1),
    /** US dollars per one unit of the currency. */
    rates: z.record(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code'), z.number().positive()),
  })
  .strict();
export type Rates = z.infer<typeof RatesSchema>;

/** The sections of entities.yaml and the kind each gives its entries. */
const SECTIONS: Record<string, EntityKind> = {
  countries: 'country',
  places: 'place',
  regions: 'place',
  people: 'person',
  organizations: 'organization',
  programmes: 'programme',
  other: 'other',
};

function readYaml(file: string): { raw: unknown; problems: DataProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { raw: undefined, problems: [{ file, record: '(file)', field: '(file)', problem: (e as Error).message }] };
  }
  try {
    return { raw: parseYaml(text), problems: [] };
  } catch (e) {
    return { raw: undefined, problems: [{ file, record: '(file)', field: '(file)', problem: (e as Error).message }] };
  }
}

function firstOrThrow<T>(result: { value: T; problems: DataProblem[] }): T {
  const p = result.problems[0];
  if (p) throw new BriefbotError('DATA_FILE_INVALID', p);
  return result.value;
}

/** Validates a parsed entities.yaml; every problem is returned, not just the first. */
export function validateGazetteer(
  raw: unknown,
  file: string,
  generated: GeneratedCountries = { countries: [], regions: {} },
): { value: Gazetteer; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const entities: Entity[] = [];
  const ambiguous: string[] = [];
  let extraAliases: Record<string, string[]> = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ file, record: 'top level', field: '(file)', problem: `expected sections ${Object.keys(SECTIONS).join(', ')}` });
    return { value: { entities, ambiguous, regions: generated.regions }, problems };
  }
  for (const [section, items] of Object.entries(raw as Record<string, unknown>)) {
    if (section === 'country-aliases') {
      const parsed = z.record(z.string().regex(/^[A-Z]{3}$/), z.array(z.string().min(1))).safeParse(items);
      if (parsed.success) extraAliases = parsed.data;
      else problems.push({ file, record: 'country-aliases', field: 'country-aliases', problem: 'expected ISO alpha-3 ids, each with a list of names' });
      continue;
    }
    if (section === 'ambiguous') {
      const parsed = z.array(z.string().min(1)).safeParse(items);
      if (parsed.success) ambiguous.push(...parsed.data);
      else problems.push({ file, record: 'ambiguous', field: 'ambiguous', problem: 'expected a list of names' });
      continue;
    }
    const kind = SECTIONS[section];
    if (kind === undefined) {
      problems.push({ file, record: 'top level', field: section, problem: `unknown section (expected ${Object.keys(SECTIONS).join(', ')}, ambiguous)` });
      continue;
    }
    if (!Array.isArray(items)) {
      problems.push({ file, record: section, field: section, problem: 'expected a list of entries' });
      continue;
    }
    items.forEach((item: unknown, index) => {
      const parsed = EntitySchema.safeParse({ ...(item as object), kind });
      if (parsed.success) {
        entities.push(parsed.data);
        return;
      }
      const issue = parsed.error.issues[0]!;
      const d = describeIssue({ [section]: items }, { ...issue, path: [section, index, ...issue.path] });
      problems.push({ file, record: d.record.replace(/^\S+/, `${section}:`), field: d.field, problem: d.problem });
    });
  }
  const known = new Set([...generated.countries, ...entities].map((e) => e.id));
  for (const id of Object.keys(extraAliases)) {
    if (!known.has(id)) problems.push({ file, record: 'country-aliases', field: `country-aliases.${id}`, problem: `unknown country "${id}"` });
  }
  const all = mergeCountries(generated.countries, entities, extraAliases);
  problems.push(...crossCheckGazetteer(all, file));
  return { value: { entities: all, ambiguous, regions: generated.regions }, problems };
}

/** Rules between entries: unique ids, an alias names one entity only, places point at a country. */
function crossCheckGazetteer(entities: Entity[], file: string): DataProblem[] {
  const problems: DataProblem[] = [];
  const ids = new Set<string>();
  const countries = new Set(entities.filter((e) => e.kind === 'country').map((e) => e.id));
  const owner = new Map<string, string>();
  for (const e of entities) {
    if (ids.has(e.id)) problems.push({ file, record: `entity ${e.id}`, field: 'id', problem: 'duplicate id' });
    ids.add(e.id);
    if (e.country !== undefined && !countries.has(e.country)) {
      problems.push({ file, record: `entity ${e.id}`, field: 'country', problem: `unknown country "${e.country}"` });
    }
    [e.name, ...e.aliases].forEach((name, i) => {
      const prev = owner.get(name);
      if (prev !== undefined && prev !== e.id) {
        problems.push({
          file,
          record: `entity ${e.id}`,
          field: i === 0 ? 'name' : `aliases.${i - 1}`,
          problem: `"${name}" is already a name of ${prev}`,
        });
      }
      owner.set(name, e.id);
    });
  }
  return problems;
}

export function validateTopics(raw: unknown, file: string): { value: Topic[]; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const topics: Topic[] = [];
  if (!Array.isArray(raw)) {
    return { value: topics, problems: [{ file, record: 'top level', field: '(file)', problem: 'expected a list of topics' }] };
  }
  const ids = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const parsed = TopicSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ file, ...describeIssue({ topics: raw }, { ...issue, path: ['topics', index, ...issue.path] }) });
      return;
    }
    if (ids.has(parsed.data.id)) problems.push({ file, record: `topic ${parsed.data.id}`, field: 'id', problem: 'duplicate id' });
    ids.add(parsed.data.id);
    topics.push(parsed.data);
  });
  return { value: topics, problems };
}

export function validateRates(raw: unknown, file: string): { value: Rates; problems: DataProblem[] } {
  const parsed = RatesSchema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return {
    value: { date: '1970-01-01', source: '(invalid)', rates: {} },
    problems: parsed.error.issues.map((issue) => {
      const [first, second, ...rest] = issue.path;
      const record = first === 'rates' && typeof second === 'string' ? `rate ${second}` : 'top level';
      const field = first === 'rates' && typeof second === 'string' ? ['rates', second, ...rest].join('.') : issue.path.join('.') || '(file)';
      return { file, record, field, problem: issue.message };
    }),
  };
}

/** The generated countries file is optional: a data dir without one has only its hand-written countries. */
export const GENERATED_COUNTRIES_FILE = 'countries.generated.yaml';

export function checkGazetteerFile(dataDir: string): { value: Gazetteer; problems: DataProblem[] } {
  const empty: Gazetteer = { entities: [], ambiguous: [], regions: {} };
  const genFile = join(dataDir, GENERATED_COUNTRIES_FILE);
  let generated: GeneratedCountries = { countries: [], regions: {} };
  if (existsSync(genFile)) {
    const gen = readYaml(genFile);
    if (gen.problems.length > 0) return { value: empty, problems: gen.problems };
    const parsed = parseGeneratedCountries(gen.raw);
    if (typeof parsed === 'string') return { value: empty, problems: [{ file: genFile, record: 'countries', field: '(file)', problem: parsed }] };
    generated = parsed;
  }
  const file = join(dataDir, 'entities.yaml');
  const { raw, problems } = readYaml(file);
  return problems.length > 0 ? { value: empty, problems } : validateGazetteer(raw, file, generated);
}

export function checkTopicsFile(dataDir: string): { value: Topic[]; problems: DataProblem[] } {
  const file = join(dataDir, 'topics.yaml');
  const { raw, problems } = readYaml(file);
  return problems.length > 0 ? { value: [], problems } : validateTopics(raw, file);
}

export function checkRatesFile(dataDir: string): { value: Rates; problems: DataProblem[] } {
  const file = join(dataDir, 'rates.yaml');
  const { raw, problems } = readYaml(file);
  return problems.length > 0 ? { value: { date: '1970-01-01', source: '', rates: {} }, problems } : validateRates(raw, file);
}

/** Loaders for the build: the first problem becomes a DATA_FILE_INVALID error. */
export const loadGazetteer = (dataDir: string): Gazetteer => firstOrThrow(checkGazetteerFile(dataDir));
export const loadTopics = (dataDir: string): Topic[] => firstOrThrow(checkTopicsFile(dataDir));
export const loadRates = (dataDir: string): Rates => firstOrThrow(checkRatesFile(dataDir));
