import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BriefbotError } from '../errors.js';
import type { SynonymTable } from './corroborate.js';

/** data/synonyms.yaml: a list of groups, each two or more words or phrases that mean the same. */
export const SynonymsSchema = z.array(z.array(z.string().min(1)).min(2, 'a group needs two entries or more'));

/**
 * The synonym table for corroboration. The file is optional: without it claims are compared by
 * their own words only.
 */
export function loadSynonyms(dataDir: string): SynonymTable {
  const file = join(dataDir, 'synonyms.yaml');
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BriefbotError('DATA_FILE_INVALID', { file, record: '(file)', field: '(file)', problem: (e as Error).message });
  }
  const parsed = SynonymsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const group = typeof issue.path[0] === 'number' ? `group ${issue.path[0] + 1}` : 'top level';
    throw new BriefbotError('DATA_FILE_INVALID', { file, record: group, field: issue.path.join('.') || '(file)', problem: issue.message });
  }
  return parsed.data;
}
