import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ArticleMetaSchema, type ArticleMeta } from '../factbase/schema.js';
import { parseArticle } from '../ingest/article.js';
import type { ExtractedArticle } from './extract/extract-article.js';

/**
 * An extracted article as an ordinary data/articles/<id>.md, in the seeds' format (YAML front
 * matter, then the body: one paragraph per block, blank lines between), so the ingest, citations
 * and text fragments treat it like any hand-captured file.
 */
export type WriteStatus = 'added' | 'updated' | 'unchanged';

export interface WrittenArticle {
  status: WriteStatus;
  id: string;
  file: string;
  meta: ArticleMeta;
}

export function articleBody(paragraphs: readonly string[]): string {
  return `${paragraphs.join('\n\n')}\n`;
}

/** What makes two captures the same text: the words, not how they were wrapped. */
export function contentHash(body: string): string {
  return createHash('sha256').update(body.replace(/\s+/gu, ' ').trim()).digest('hex');
}

interface Existing {
  id: string;
  canonical: string;
  hash: string;
}

function existingArticles(dir: string): Existing[] {
  if (!existsSync(dir)) return [];
  const out: Existing[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.md'))) {
    try {
      const a = parseArticle(readFileSync(join(dir, f), 'utf8'), join(dir, f));
      out.push({ id: a.meta.id, canonical: a.meta.canonicalUrl ?? a.meta.url, hash: contentHash(a.body) });
    } catch {
      // An invalid file is `briefbot check`'s to report; it cannot be a duplicate of anything.
    }
  }
  return out;
}

export async function writeArticleFile(input: {
  dataDir: string;
  article: ExtractedArticle;
  fetchedAt: Date;
  sourceId?: string;
}): Promise<WrittenArticle> {
  const dir = join(input.dataDir, 'articles');
  mkdirSync(dir, { recursive: true });
  const a = input.article;
  const body = articleBody(a.paragraphs);
  const hash = contentHash(body);
  const existing = existingArticles(dir);
  // The same text under another address (a syndicated copy, a tracking link) is one article.
  const sameText = existing.find((e) => e.hash === hash);
  if (sameText) return { status: 'unchanged', id: sameText.id, file: join(dir, `${sameText.id}.md`), meta: readMeta(dir, sameText.id) };
  const sameUrl = existing.find((e) => e.canonical === a.canonicalUrl);
  const base = articleSlug(a);
  const metaFor = (id: string): ArticleMeta =>
    ArticleMetaSchema.parse({
      id,
      title: a.title,
      ...(a.titleIsInferred ? { titleIsInferred: true } : {}),
      publisher: a.publisher,
      publisherKind: a.publisherKind,
      ...(a.author ? { author: a.author } : {}),
      published: a.published,
      ...(a.publishedIsApprox ? { publishedIsApprox: true } : {}),
      url: a.url,
      language: a.language,
      fetchedAt: input.fetchedAt.toISOString(),
      ...(input.sourceId ? { sourceId: input.sourceId } : {}),
      canonicalUrl: a.canonicalUrl,
      ...(a.inferred.length > 0 ? { inferred: a.inferred } : {}),
    });
  if (sameUrl) {
    // The story was edited since we read it: the new text replaces the old under the same id.
    const meta = metaFor(sameUrl.id);
    const file = join(dir, `${sameUrl.id}.md`);
    await writeFile(`${file}.tmp`, serialize(meta, body));
    await rename(`${file}.tmp`, file);
    return { status: 'updated', id: sameUrl.id, file, meta };
  }
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const file = join(dir, `${id}.md`);
    const meta = metaFor(id);
    try {
      // 'wx' claims the name: two adds racing for one slug get two files, not one overwritten.
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(serialize(meta, body));
      } finally {
        await handle.close();
      }
      return { status: 'added', id, file, meta };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function readMeta(dir: string, id: string): ArticleMeta {
  const file = join(dir, `${id}.md`);
  return parseArticle(readFileSync(file, 'utf8'), file).meta;
}

function serialize(meta: ArticleMeta, body: string): string {
  return `---\n${stringify(meta, { lineWidth: 0 })}---\n${body}`;
}

const SLUG_STOP = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'at', 'by', 'with', 'as', 'is', 'are', 'its', 'from', 'after', 'over']);
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'or', 'ne', 'go', 'edu']);

/** publisher-yyyy-mm-dd-title-words, like the seeds: the site's name, the day, five title words. */
export function articleSlug(a: Pick<ExtractedArticle, 'canonicalUrl' | 'url' | 'published' | 'title'>): string {
  const words = slugWords(a.title).filter((w) => !SLUG_STOP.has(w)).slice(0, 5);
  return [siteSlug(a.canonicalUrl) || siteSlug(a.url) || 'site', a.published, ...(words.length > 0 ? words : ['article'])].join('-');
}

/** "www.andes-wire.com" → "andeswire", "news.bbc.co.uk" → "bbc". */
function siteSlug(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return '';
  }
  const labels = host.split('.').filter(Boolean);
  if (labels.length === 1 || /^[\d.]+$/.test(host) || host.includes(':')) return slugWords(labels[0] ?? '').join('');
  let i = labels.length - 2;
  if (i > 0 && SECOND_LEVEL.has(labels[i]!) && labels.at(-1)!.length === 2) i--;
  return slugWords(labels[i]!).join('').slice(0, 24);
}

function slugWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
