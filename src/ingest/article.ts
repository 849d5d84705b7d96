import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BriefbotError } from '../errors.js';
import { ArticleMetaSchema, type ArticleMeta } from '../factbase/schema.js';

/** An article file split in two: validated front matter and the body exactly as captured. */
export interface Article {
  meta: ArticleMeta;
  /** Everything after the closing `---\n`, untouched: citation offsets index into this string. */
  body: string;
  file: string;
}

const OPEN = '---\n';
const CLOSE = '\n---\n';

export function parseArticle(text: string, file: string): Article {
  if (!text.startsWith(OPEN)) throw new BriefbotError('ARTICLE_NO_FRONT_MATTER', { file });
  const close = text.indexOf(CLOSE, OPEN.length - 1);
  if (close < 0) throw new BriefbotError('ARTICLE_NO_FRONT_MATTER', { file });
  let raw: unknown;
  try {
    raw = parseYaml(text.slice(OPEN.length, close + 1));
  } catch (e) {
    throw new BriefbotError('ARTICLE_INVALID', { file, field: '(front matter)', problem: (e as Error).message });
  }
  const parsed = ArticleMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : '(front matter)';
    // Unknown keys are reported on the object; name them so the message points at the line to fix.
    const keys = (issue as { keys?: string[] }).keys;
    throw new BriefbotError('ARTICLE_INVALID', {
      file,
      field: keys && keys.length > 0 ? keys.join(', ') : field,
      problem: issue.message,
    });
  }
  const expectedId = file.replace(/^.*\//, '').replace(/\.md$/, '');
  if (parsed.data.id !== expectedId) {
    throw new BriefbotError('ARTICLE_INVALID', { file, field: 'id', problem: `"${parsed.data.id}" does not match the file name` });
  }
  return { meta: parsed.data, body: text.slice(close + CLOSE.length), file };
}

export function readArticle(file: string): Article {
  return parseArticle(readFileSync(file, 'utf8'), file);
}

/** Every `*.md` under `<dataDir>/articles`, sorted by file name so builds are deterministic. */
export function readArticles(dataDir: string): Article[] {
  const dir = join(dataDir, 'articles');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => readArticle(join(dir, f)));
}
