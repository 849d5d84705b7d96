import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArticle } from '../../src/ingest/article.js';
import { articleSlug, writeArticleFile } from '../../src/inflow/article-file.js';
import type { ExtractedArticle } from '../../src/inflow/extract/extract-article.js';
import { makeDataDir } from './data-dir.js';

const base: ExtractedArticle = {
  title: 'Peru and Japan sign a zinc supply memorandum: "a first step"',
  titleIsInferred: false,
  publisher: 'Lima Ledger',
  publisherKind: 'news',
  author: 'Rosa Quispe',
  published: '2026-10-02',
  publishedIsApprox: false,
  language: 'en',
  url: 'https://www.limaledger.com.pe/economy/peru-japan-zinc',
  canonicalUrl: 'https://www.limaledger.com.pe/economy/peru-japan-zinc',
  inferred: [],
  paragraphs: ['LIMA - Peru and Japan signed a memorandum on zinc supply on Thursday.', '• Deliveries start in 2027', 'Officials said more talks would follow.'],
};
const fetchedAt = new Date('2026-12-01T08:00:00Z');
let dataDir: string;
beforeEach(() => {
  dataDir = makeDataDir();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('article files', () => {
  it('names them publisher-date-title-words, from the domain or else the publisher', () => {
    expect(articleSlug(base)).toBe('limaledger-2026-10-02-peru-japan-sign-zinc-supply');
    expect(articleSlug({ ...base, url: 'http://127.0.0.1:4000/x', canonicalUrl: 'http://localhost:4000/x', publisher: 'The Andes Wire' })).toBe('andeswire-2026-10-02-peru-japan-sign-zinc-supply');
  });

  it('writes the seeds’ format, which the ingest reads back exactly', async () => {
    const w = await writeArticleFile({ dataDir, article: base, fetchedAt, sourceId: 'src-1' });
    expect(w.status).toBe('added');
    const a = readArticle(w.file);
    expect(a.body).toBe(`${base.paragraphs.join('\n\n')}\n`);
    expect(a.meta).toMatchObject({ id: w.id, title: base.title, author: 'Rosa Quispe', fetchedAt: fetchedAt.toISOString(), sourceId: 'src-1', canonicalUrl: base.canonicalUrl, language: 'en' });
  });

  it('gives a second article with the same slug its own name', async () => {
    const one = await writeArticleFile({ dataDir, article: base, fetchedAt });
    const two = await writeArticleFile({ dataDir, article: { ...base, canonicalUrl: 'https://www.limaledger.com.pe/b', paragraphs: ['Another story entirely, told on the same day.'] }, fetchedAt });
    expect(two.id).toBe(`${one.id}-2`);
  });

  it('replaces a fetched article whose text changed, but never a hand-captured one', async () => {
    const one = await writeArticleFile({ dataDir, article: base, fetchedAt });
    const edited = { ...base, paragraphs: [...base.paragraphs, 'Correction: the memorandum was signed on Wednesday.'] };
    const two = await writeArticleFile({ dataDir, article: edited, fetchedAt });
    expect(two).toMatchObject({ status: 'updated', id: one.id });
    expect(readFileSync(one.file, 'utf8')).toContain('Correction:');

    const handFile = join(dataDir, 'articles', 'hand-2026-10-02-zinc.md');
    writeFileSync(handFile, `---\nid: hand-2026-10-02-zinc\ntitle: Zinc\npublisher: Lima Ledger\npublisherKind: news\npublished: 2026-10-02\nurl: https://www.limaledger.com.pe/hand\nlanguage: en\n---\nCaptured by hand.\n`);
    const before = readFileSync(handFile, 'utf8');
    const three = await writeArticleFile({ dataDir, article: { ...base, url: 'https://www.limaledger.com.pe/hand', canonicalUrl: 'https://www.limaledger.com.pe/hand' }, fetchedAt });
    expect(three).toMatchObject({ status: 'unchanged', id: 'hand-2026-10-02-zinc' });
    expect(readFileSync(handFile, 'utf8')).toBe(before);
    expect(readdirSync(join(dataDir, 'articles'))).toHaveLength(2);
  });
});
