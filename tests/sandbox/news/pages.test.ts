import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsSite, type NewsSite } from '../../../src/sandbox/news/server.js';
import { defaultSiteDir, loadSite, type Page } from '../../../src/sandbox/news/site.js';
import { rawGet } from './http.js';

/**
 * Which page carries which metadata: the realistic mix the extractor must cope with. A row is what
 * the page claims; the test reads the served HTML and checks the page has exactly that.
 *   jsonLd: the schema.org @type of the page's main JSON-LD node (none: no JSON-LD)
 *   graph: the node sits in an @graph; og: OpenGraph tags; metaAuthor: <meta name="author">
 *   date / author: findable anywhere in the metadata (JSON-LD, article:published_time, dcterms.issued, meta author)
 *   free: JSON-LD isAccessibleForFree as stated (undefined: not stated)
 */
const TABLE: Record<string, { jsonLd?: string; graph: boolean; og: boolean; metaAuthor: boolean; canonical: boolean; date: boolean; author: boolean; free?: boolean }> = {
  'andes-wire-chile-korea-copper': { jsonLd: 'NewsArticle', graph: false, og: true, metaAuthor: true, canonical: true, date: true, author: true },
  'mekong-herald-vietnam-eu-fisheries': { jsonLd: 'NewsArticle', graph: true, og: true, metaAuthor: false, canonical: true, date: true, author: true },
  'nbr-nigeria-india-pharma': { graph: false, og: true, metaAuthor: true, canonical: true, date: false, author: true },
  'gac-canada-philippines': { graph: false, og: true, metaAuthor: false, canonical: true, date: true, author: false },
  'meridian-australia-indonesia-analysis': { jsonLd: 'AnalysisNewsArticle', graph: false, og: true, metaAuthor: true, canonical: true, date: true, author: true, free: true },
  'quotidien-abidjan-cacao': { graph: false, og: true, metaAuthor: false, canonical: true, date: true, author: false },
  'nordic-norway-japan-ammonia': { jsonLd: 'NewsArticle', graph: false, og: true, metaAuthor: true, canonical: true, date: true, author: true, free: false },
  'andes-wire-business-index': { jsonLd: 'CollectionPage', graph: false, og: true, metaAuthor: false, canonical: true, date: false, author: false },
  'meridian-cop31-live': { jsonLd: 'LiveBlogPosting', graph: false, og: true, metaAuthor: true, canonical: true, date: true, author: true },
  'mekong-herald-vietnam-fishing-decree': { jsonLd: 'NewsArticle', graph: true, og: true, metaAuthor: false, canonical: true, date: true, author: true },
  'drafts-chile-korea-copper': { graph: false, og: false, metaAuthor: false, canonical: false, date: false, author: false },
};

const site = loadSite(defaultSiteDir());
let news: NewsSite;
const html = new Map<string, string>();
beforeAll(async () => {
  news = await startNewsSite({ host: '127.0.0.1', port: 0 });
  for (const page of site.pages) {
    if (page.unpublished) news.publish(page.slug, { at: new Date('2026-12-01T03:00:00Z') });
    const res = await rawGet(news.url + page.path);
    html.set(page.slug, res.body.toString(page.charset === 'iso-8859-1' ? 'latin1' : 'utf8'));
  }
});
afterAll(async () => {
  await news.close();
});

type Node = Record<string, unknown>;
const meta = (doc: string, attr: 'name' | 'property', key: string): string | undefined =>
  new RegExp(`<meta ${attr}="${key.replace('.', '\\.')}"[^>]*content="([^"]*)"`).exec(doc)?.[1];
const jsonLdNodes = (doc: string): { nodes: Node[]; inGraph: Node[] } => {
  const nodes: Node[] = [];
  const inGraph: Node[] = [];
  for (const m of doc.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    const parsed = JSON.parse(m[1]!) as Node | Node[];
    for (const n of Array.isArray(parsed) ? parsed : [parsed]) {
      if (Array.isArray(n['@graph'])) inGraph.push(...(n['@graph'] as Node[]));
      else nodes.push(n);
    }
  }
  return { nodes, inGraph };
};
const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
const paragraphs = (doc: string) => [...doc.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => text(m[1]!)).filter((t) => t.length >= 60);

describe('page metadata is what the table says', () => {
  it('the table covers every page in site.json', () => {
    expect(Object.keys(TABLE).sort()).toEqual(site.pages.map((p) => p.slug).sort());
  });

  it.each(site.pages.map((p) => [p.slug, p] as const))('%s', (slug, page: Page) => {
    const doc = html.get(slug)!;
    const row = TABLE[slug]!;
    const { nodes, inGraph } = jsonLdNodes(doc);
    const all = [...nodes, ...inGraph];
    const main = all.find((n) => /Article|Posting|CollectionPage/.test(String(n['@type'])));
    expect(main?.['@type']).toBe(row.jsonLd);
    expect(inGraph.includes(main!)).toBe(row.graph && main !== undefined);
    expect(meta(doc, 'property', 'og:title') !== undefined).toBe(row.og);
    expect(meta(doc, 'name', 'author') !== undefined).toBe(row.metaAuthor);
    const canonical = /<link rel="canonical" href="([^"]+)">/.exec(doc)?.[1];
    expect(canonical).toBe(row.canonical ? news.url + page.path : undefined);
    if (row.og && meta(doc, 'property', 'og:url')) expect(meta(doc, 'property', 'og:url')).toBe(canonical);

    const dates = [main?.['datePublished'], meta(doc, 'property', 'article:published_time'), meta(doc, 'name', 'dcterms.issued')].filter((d) => typeof d === 'string');
    expect(dates.length > 0).toBe(row.date);
    // Where the page states a date, it is the one site.json (and so the feeds) carry.
    if (page.published && main?.['datePublished']) expect(Date.parse(String(main['datePublished']))).toBe(Date.parse(page.published));
    const ldAuthor = main?.['author'] as Node | Node[] | undefined;
    const ldAuthors = (Array.isArray(ldAuthor) ? ldAuthor : ldAuthor ? [ldAuthor] : []).map((a) => (a['name'] ?? all.find((n) => n['@id'] === a['@id'])?.['name']) as string | undefined);
    const authors = [...ldAuthors, meta(doc, 'name', 'author')].filter((a): a is string => typeof a === 'string');
    expect(authors.length > 0).toBe(row.author);
    if (page.author && authors.length > 0) expect(authors.some((a) => a === page.author || page.author!.includes(a))).toBe(true);
    expect(main?.['isAccessibleForFree']).toBe(row.free);
    if (main?.['headline']) expect(main['headline']).toBe(page.title);
    expect(/<html lang="([^"]+)"/.exec(doc)?.[1]).toBe(page.language);
  });
});

const VOID = new Set(['meta', 'link', 'img', 'br', 'input', 'hr', 'source', 'wbr']);
/** Tags that open and close out of order, or stay open: a hand-written page's typo the extractor would trip on. */
function unbalanced(doc: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  const withoutScripts = doc.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
  for (const m of withoutScripts.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)) {
    const [, closing, name] = m;
    const tag = name!.toLowerCase();
    if (VOID.has(tag)) continue;
    if (!closing) stack.push(tag);
    else if (stack.at(-1) === tag) stack.pop();
    else problems.push(`</${tag}> while <${stack.at(-1) ?? 'nothing'}> is open`);
  }
  return [...problems, ...stack.map((t) => `<${t}> never closed`)];
}

describe('pages read like the real thing', () => {
  it.each(site.pages.map((p) => [p.slug] as const))('%s has balanced tags', (slug) => {
    expect(unbalanced(html.get(slug)!)).toEqual([]);
  });

  const stories = site.pages.filter((p) => ['article', 'analysis', 'press-release', 'live-blog'].includes(p.kind));

  it.each(stories.map((p) => [p.slug] as const))('%s has 8-20 paragraphs of prose and the furniture around it', (slug) => {
    const doc = html.get(slug)!;
    expect(paragraphs(doc).length).toBeGreaterThanOrEqual(8);
    expect(paragraphs(doc).length).toBeLessThanOrEqual(20);
    expect(doc).toMatch(/<nav[\s>]/);
    expect(doc).toMatch(/<footer[\s>]/);
    expect(doc).toMatch(/cookie|consent|gdpr/i);
    // Quotes, and who said them.
    const prose = paragraphs(doc).join(' ');
    expect(prose).toMatch(/"[^"]{20,}"|« [^»]{20,} »/);
    expect(prose).toMatch(/\b(?:said|told|a déclaré|a-t-il dit)\b|- The Honourable/);
  });

  it('the analysis refers to its parties by description: "both sides", "the two leaders"', () => {
    const doc = text(html.get('meridian-australia-indonesia-analysis')!);
    expect(doc).toContain('both sides');
    expect(doc).toContain('The two leaders');
  });

  it('the business story states amounts in several currencies', () => {
    const doc = text(html.get('nbr-nigeria-india-pharma')!);
    for (const sign of ['₹', '$', '₦']) expect(doc).toContain(sign);
  });

  it('the paywalled page marks its locked part and stops mid-sentence', () => {
    const doc = html.get('nordic-norway-japan-ammonia')!;
    const { nodes } = jsonLdNodes(doc);
    const part = nodes[0]!['hasPart'] as Node;
    expect(part['isAccessibleForFree']).toBe(false);
    expect(doc).toContain(`class="${String(part['cssSelector']).slice(1)}"`);
    const story = doc.slice(doc.indexOf('<div class="body">'), doc.indexOf('<div class="paywall-offer">'));
    expect(paragraphs(story).length).toBeLessThanOrEqual(4);
    expect(story).toMatch(/and\.\.\.<\/p>/);
  });

  it('the section index is a list of links, not a story', () => {
    const doc = html.get('andes-wire-business-index')!;
    expect(paragraphs(doc).length).toBeLessThan(3);
    expect((doc.match(/<a href="\/andes-wire\/2026\//g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(meta(doc, 'property', 'og:type')).toBe('website');
  });

  it('the live blog has timestamped blocks, newest first, that match its JSON-LD updates', () => {
    const doc = html.get('meridian-cop31-live')!;
    const times = [...doc.matchAll(/<p class="block-time"><time datetime="([^"]+)">/g)].map((m) => m[1]!);
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect([...times].sort().reverse()).toEqual(times);
    const updates = (jsonLdNodes(doc).nodes[0]!['liveBlogUpdate'] as Node[]).map((u) => u['datePublished']);
    expect(updates).toEqual(times);
  });

  it('no page is about Kenya or Malaysia (the seeds are), and none reuses a seed sentence', () => {
    const seeds = readdirSync('data/articles').map((f) => readFileSync(`data/articles/${f}`, 'utf8'));
    const seedSentences = seeds.flatMap((s) => s.split(/(?<=[.!?])\s+/).filter((x) => x.length > 60));
    for (const [slug, doc] of html) {
      expect(doc, slug).not.toMatch(/Kenya|Malaysia/);
      const body = text(doc);
      for (const sentence of seedSentences) expect(body.includes(sentence), `${slug} reuses a seed sentence`).toBe(false);
    }
  });
});
