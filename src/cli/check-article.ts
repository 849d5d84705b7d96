import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ArticleMetaSchema } from '../factbase/schema.js';

/**
 * Every problem in one article's front matter, for `briefbot check` (the ingest stops at the
 * first). YAML errors carry the line in the file itself: the front matter starts on line 2.
 */
export function articleProblems(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith('---\n')) return [`${file}: missing YAML front matter (a first line of "---", the fields, then "---").`];
  const close = text.indexOf('\n---\n', 3);
  if (close < 0) return [`${file}: missing YAML front matter (a first line of "---", the fields, then "---").`];
  const doc = parseDocument(text.slice(4, close + 1));
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => {
      const line = e.linePos?.[0].line;
      return `${file}${line === undefined ? '' : `:${line + 1}`}: front matter: ${e.message.split('\n')[0]}`;
    });
  }
  const raw: unknown = doc.toJS();
  const parsed = ArticleMetaSchema.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = (issue as { keys?: string[] }).keys;
      const field = keys && keys.length > 0 ? keys.join(', ') : issue.path.length > 0 ? issue.path.join('.') : '(front matter)';
      problems.push(`${file}${lineOf(text, close, String(issue.path[0] ?? ''))}: front matter field ${field}: ${issue.message}`);
    }
  }
  const id = (raw as { id?: unknown } | null)?.id;
  const expectedId = file.replace(/^.*\//, '').replace(/\.md$/, '');
  if (typeof id === 'string' && id !== expectedId) problems.push(`${file}: front matter field id: "${id}" does not match the file name`);
  return problems;
}

/** ":N" for the line of `key:` in the front matter, or "" when the key is not there. */
function lineOf(text: string, close: number, key: string): string {
  if (key === '') return '';
  const lines = text.slice(0, close).split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? '' : `:${i + 1}`;
}
