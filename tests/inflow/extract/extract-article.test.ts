import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArticle, type ExtractedArticle } from '../../../src/inflow/extract/extract-article.js';
import { createSafeFetch, type ClosableSafeFetch } from '../../../src/inflow/safe-fetch.js';
import { silentLogger } from '../../../src/logger.js';
import { startNewsSite, type NewsSite } from '../../../src/sandbox/news/server.js';
import { defaultSiteDir, loadSite, type Page } from '../../../src/sandbox/news/site.js';

const pages = loadSite(defaultSiteDir()).pages;
const readable = pages.filter((p) => ['article', 'analysis', 'press-release', 'live-blog'].includes(p.kind) && !p.unpublished);
let site: NewsSite;
let fetch: ClosableSafeFetch;
const html = new Map<string, string>();
const FETCHED_AT = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  site = await startNewsSite();
  fetch = createSafeFetch({ allowPrivate: true, logger: silentLogger() });
  for (const p of pages.filter((x) => !x.unpublished && x.kind !== 'draft')) html.set(p.slug, (await fetch(site.url + p.path, { accept: ['text/html'] })).text);
});
afterAll(async () => {
  await fetch.close();
  await site.close();
});

function extracted(p: Page): ExtractedArticle {
  const r = extractArticle({ html: html.get(p.slug)!, url: site.url + p.path, fetchedAt: FETCHED_AT });
  if (r.kind !== 'article') throw new Error(`${p.slug}: ${JSON.stringify(r)}`);
  return r.article;
}

/** The text of the page's furniture, found by what the markup says it is. */
function furnitureTexts(page: string): string[] {
  const { document } = parseHTML(page);
  const sel = 'nav, footer, form, figcaption, [class*="share"], [class*="cookie"], [class*="consent"], [class*="newsletter"], [class*="related"], [class*="byline"], [aria-modal="true"]';
  return Array.from(document.querySelectorAll(sel))
    .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((t) => t.length >= 25);
}

describe('extraction from the stand-in news pages', () => {
  it.each(readable.map((p) => [p.slug, p] as const))('%s: metadata as the page states it', (_slug, p) => {
    const a = extracted(p);
    // The outlet, or the site name the page gives (a ministry's release on a government-wide site).
    expect([p.outlet, ogSiteName(html.get(p.slug)!)]).toContain(a.publisher);
    expect(a.title).toBe(p.title);
    expect(a.titleIsInferred).toBe(false);
    expect(a.language).toBe(p.language.slice(0, 2));
    expect(a.canonicalUrl).toBe(site.url + p.path);
    if (p.published) {
      expect(a.published).toBe(p.published.slice(0, 10));
      expect(a.publishedIsApprox).toBe(false);
      expect(a.inferred).not.toContain('published');
    } else {
      // No date on the page: the fetch day, marked approximate and inferred.
      expect(a.publishedIsApprox).toBe(true);
      expect(a.inferred).toContain('published');
    }
    if (p.author) expect(a.author).toContain(p.author.split(/,| and /)[0]!.trim());
  });

  it.each(readable.map((p) => [p.slug, p] as const))('%s: the story without the furniture', (_slug, p) => {
    const body = extracted(p).paragraphs.join('\n');
    expect(body.split(/\s+/).length).toBeGreaterThan(150);
    for (const text of furnitureTexts(html.get(p.slug)!)) expect(body, text).not.toContain(text);
    expect(body).not.toMatch(/cookies|Share on|Sign up|Subscribe/i);
    // Each paragraph is one block of the page: the collapsed text of an element the reader saw.
    const visible = visibleText(html.get(p.slug)!);
    for (const para of extracted(p).paragraphs) expect(visible).toContain(para.replace(/^• /, ''));
  });

  it('reads the French page as French, though its bytes are ISO-8859-1', () => {
    const p = pages.find((x) => x.language === 'fr')!;
    const a = extracted(p);
    expect(a.language).toBe('fr');
    expect(a.paragraphs.join(' ')).toMatch(/Côte d'Ivoire/);
  });

  it('takes the text over a declaration it contradicts, and says it guessed', () => {
    const p = pages.find((x) => x.language === 'fr')!;
    const relabelled = html.get(p.slug)!.replace(/<html[^>]*>/, '<html lang="en">');
    const r = extractArticle({ html: relabelled, url: site.url + p.path, fetchedAt: FETCHED_AT });
    expect(r.kind === 'article' && r.article.language).toBe('fr');
    expect(r.kind === 'article' && r.article.inferred).toContain('language');
  });

  it('refuses the paywalled teaser and the section index', () => {
    const paywalled = pages.find((x) => x.kind === 'paywalled')!;
    expect(extractArticle({ html: html.get(paywalled.slug)!, url: site.url + paywalled.path, fetchedAt: FETCHED_AT }).kind).toBe('paywall');
    const index = pages.find((x) => x.kind === 'section-index')!;
    expect(extractArticle({ html: html.get(index.slug)!, url: site.url + index.path, fetchedAt: FETCHED_AT }).kind).toBe('not-article');
  });
});

describe('extraction rules on small pages', () => {
  const story = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the story says that the port of Valparaíso handled more containers in October than in any month since 2019, officials said on Monday.</p>`).join('\n');

  it('reads JSON-LD inside @graph, with the publisher by reference', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'NewsMediaOrganization', '@id': '#org', name: 'Pacific Ledger' },
        { '@type': ['NewsArticle'], headline: 'Port volumes hit a record', datePublished: '2026-10-05T23:30:00-04:00', author: [{ '@type': 'Person', name: 'Ana Soto' }], publisher: { '@id': '#org' } },
      ],
    };
    const page = `<html lang="en"><head><title>Ignore me | Pacific Ledger</title><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><article>${story}</article></body></html>`;
    const r = extractArticle({ html: page, url: 'https://ledger.example/ports?utm_source=x', fetchedAt: FETCHED_AT });
    expect(r.kind).toBe('article');
    if (r.kind !== 'article') return;
    expect(r.article).toMatchObject({ title: 'Port volumes hit a record', publisher: 'Pacific Ledger', author: 'Ana Soto', published: '2026-10-05', publisherKind: 'news', canonicalUrl: 'https://ledger.example/ports' });
    expect(r.article.inferred).toEqual([]);
  });

  it('marks what it had to guess: publisher from the host, date from the URL, title from the slug', () => {
    const page = `<html><body><div>${story}</div></body></html>`;
    const r = extractArticle({ html: page, url: 'https://www.portnews.example/2026/10/07/record-october-volumes', fetchedAt: FETCHED_AT });
    expect(r.kind).toBe('article');
    if (r.kind !== 'article') return;
    expect(r.article).toMatchObject({ publisher: 'portnews.example', published: '2026-10-07', publishedIsApprox: true, titleIsInferred: true, title: 'Record october volumes' });
    expect(r.article.inferred).toEqual(expect.arrayContaining(['publisher', 'published', 'title', 'language', 'publisherKind']));
  });

  it('calls a page with no readable story not an article', () => {
    const r = extractArticle({ html: '<html><body><nav><a href="/">Home</a></nav><p>Hello.</p></body></html>', url: 'https://a.example/', fetchedAt: FETCHED_AT });
    expect(r.kind).toBe('not-article');
  });
});

function visibleText(page: string): string {
  const { document } = parseHTML(page);
  return (document.body?.textContent ?? '').replace(/\s+/g, ' ');
}

function ogSiteName(page: string): string | undefined {
  const { document } = parseHTML(page);
  return document.querySelector('meta[property="og:site_name"]')?.getAttribute('content') ?? undefined;
}
