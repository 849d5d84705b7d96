import { parseHTML } from 'linkedom';
import { z } from 'zod';
import { PublisherKindSchema } from '../../factbase/schema.js';
import { collapse, extractBody } from './body.js';
import { markedPaywalled, nodeOf, textOf } from './json-ld.js';
import { guessLanguage, primaryLanguage } from './language.js';
import { readPageMeta, type PageMeta } from './page-meta.js';

export const ExtractedArticleSchema = z.object({
  title: z.string().min(1),
  titleIsInferred: z.boolean(),
  publisher: z.string().min(1),
  publisherKind: PublisherKindSchema,
  author: z.string().min(1).optional(),
  /** YYYY-MM-DD as the publisher dated it. */
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  publishedIsApprox: z.boolean(),
  language: z.string().min(2),
  /** The page that answered (what citations link to: the text read is that page's text). */
  url: z.url(),
  canonicalUrl: z.url(),
  /** Front matter fields guessed rather than read from the page's metadata. */
  inferred: z.array(z.string()),
  paragraphs: z.array(z.string().min(1)).min(1),
});
export type ExtractedArticle = z.infer<typeof ExtractedArticleSchema>;

export type Extraction =
  | { kind: 'article'; article: ExtractedArticle }
  | { kind: 'not-article'; why: string }
  | { kind: 'paywall'; words: number };

/** Fewer words than this is not a story (a section page, an error page, a video with a caption). */
export const MIN_ARTICLE_WORDS = 80;
/** A page marked paywalled with fewer words than this shows only its teaser. */
export const PAYWALL_TEASER_WORDS = 250;

export interface ExtractInput {
  html: string;
  /** The URL that answered, after redirects. */
  url: string;
  fetchedAt: Date;
}

export function extractArticle(input: ExtractInput): Extraction {
  const { document } = parseHTML(input.html);
  // <br> is a line break on screen; as a text node it keeps the words on either side apart.
  for (const br of Array.from(document.querySelectorAll('br'))) br.replaceWith(document.createTextNode('\n'));
  const page = readPageMeta(document as unknown as Document);
  const body = extractBody(document as unknown as Document);
  const pageTypes = page.jsonLd.types;
  const article = 'node' in page.jsonLd ? page.jsonLd : undefined;
  const paragraphs = body?.paragraphs ?? [];
  const words = paragraphs.join(' ').split(/\s+/u).filter(Boolean).length;

  if (article && markedPaywalled(article.node) && words < PAYWALL_TEASER_WORDS) return { kind: 'paywall', words };
  if (!article && pageTypes.some((t) => /^(?:CollectionPage|ItemList|WebSite|SearchResultsPage|ProfilePage)$/.test(t)) && page.meta.get('og:type') !== 'article') {
    return { kind: 'not-article', why: `the page calls itself a ${pageTypes.find((t) => /Page|List|WebSite/.test(t))}` };
  }
  if (!body || words < MIN_ARTICLE_WORDS) {
    if (page.paywallMarkup && words > 0) return { kind: 'paywall', words };
    return { kind: 'not-article', why: words === 0 ? 'no readable story text' : `only ${words} words of story text` };
  }

  const inferred: string[] = [];
  const ld = article?.node;
  const byId = article?.byId ?? new Map<string, Record<string, unknown>>();
  const meta = page.meta;
  const finalUrl = new URL(input.url);

  const publisherNode = ld ? nodeOf(ld['publisher'], byId) : undefined;
  let publisher = (ld && textOf(ld['publisher'], byId)) ?? meta.get('og:site_name') ?? meta.get('application-name') ?? body.siteName;
  if (!publisher) {
    publisher = finalUrl.hostname.replace(/^www\./, '');
    inferred.push('publisher');
  }

  const title = headline(page, ld, body.title, publisher);
  const titleIsInferred = title === undefined;
  if (titleIsInferred) inferred.push('title');

  const dated = publishedDate(page, ld, body.publishedTime, finalUrl, input.fetchedAt);
  if (dated.inferred) inferred.push('published');

  const author = authorOf(page, ld, byId, body.byline);

  const kind = publisherKindOf(article?.type, publisherNode, pageTypes);
  if (kind.inferred) inferred.push('publisherKind');

  const lang = languageOf(page, body.lang, paragraphs.join(' '));
  if (lang.inferred) inferred.push('language');

  const out: ExtractedArticle = {
    title: title ?? titleFromSlug(finalUrl),
    titleIsInferred,
    publisher: collapse(publisher),
    publisherKind: kind.kind,
    published: dated.date,
    publishedIsApprox: dated.approx,
    language: lang.language,
    url: finalUrl.href,
    canonicalUrl: canonicalOf(page, ld, finalUrl),
    inferred,
    paragraphs,
  };
  if (author) out.author = author;
  return { kind: 'article', article: out };
}

function headline(page: PageMeta, ld: Record<string, unknown> | undefined, readable: string | undefined, publisher: string): string | undefined {
  const fromLd = ld && typeof ld['headline'] === 'string' ? collapse(ld['headline']) : undefined;
  const seen = fromLd || page.meta.get('og:title') || page.meta.get('twitter:title') || page.firstH1 || readable || stripSiteName(page.titleTag, publisher);
  return seen ? collapse(seen) : undefined;
}

/** "Copper deal signed | Andes Wire" → "Copper deal signed". */
function stripSiteName(title: string | undefined, publisher: string): string | undefined {
  if (!title) return undefined;
  const parts = title.split(/\s+[|–—-]\s+/u);
  if (parts.length > 1 && parts.at(-1)!.toLowerCase() === publisher.toLowerCase()) return parts.slice(0, -1).join(' - ');
  return title;
}

function titleFromSlug(url: URL): string {
  const slug = url.pathname.split('/').filter(Boolean).at(-1)?.replace(/\.\w+$/, '') ?? url.hostname;
  const words = slug.split(/[-_]+/).filter((w) => w && !/^\d+$/.test(w));
  const text = words.join(' ') || url.hostname;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function publishedDate(
  page: PageMeta,
  ld: Record<string, unknown> | undefined,
  readable: string | undefined,
  url: URL,
  fetchedAt: Date,
): { date: string; approx: boolean; inferred: boolean } {
  const candidates = [
    ld?.['datePublished'],
    page.meta.get('article:published_time'),
    page.meta.get('datepublished'),
    page.meta.get('date'),
    page.meta.get('pubdate'),
    page.meta.get('dc.date'),
    page.meta.get('dc.date.issued'),
    page.timeDatetime,
    readable,
    ld?.['dateCreated'],
  ];
  for (const c of candidates) {
    const day = typeof c === 'string' ? dayOf(c) : undefined;
    if (day) return { date: day, approx: false, inferred: false };
  }
  // News URLs often carry the date (/2025/03/04/…): close, but the page did not state it.
  const m = /\/(20\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:\/|-|$)/.exec(url.pathname);
  if (m && dayOf(`${m[1]}-${m[2]}-${m[3]}`)) return { date: `${m[1]}-${m[2]}-${m[3]}`, approx: true, inferred: true };
  return { date: fetchedAt.toISOString().slice(0, 10), approx: true, inferred: true };
}

/** The calendar day as the publisher wrote it (an ISO stamp's own date, not converted to UTC). */
function dayOf(text: string): string | undefined {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(text);
  const day = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : undefined;
  if (day) {
    const d = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : undefined;
  }
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

function authorOf(page: PageMeta, ld: Record<string, unknown> | undefined, byId: Map<string, Record<string, unknown>>, byline: string | undefined): string | undefined {
  const articleAuthor = page.meta.get('article:author');
  const candidates = [
    ld ? textOf(ld['author'], byId) : undefined,
    page.meta.get('author'),
    articleAuthor && !/^https?:/.test(articleAuthor) ? articleAuthor : undefined,
    byline?.replace(/^by\s+/i, ''),
  ];
  const found = candidates.find((c) => c && c.trim().length > 0 && c.length < 200);
  return found ? collapse(found) : undefined;
}

function publisherKindOf(
  articleType: string | undefined,
  publisher: Record<string, unknown> | undefined,
  pageTypes: string[],
): { kind: z.infer<typeof PublisherKindSchema>; inferred: boolean } {
  const publisherTypes = [publisher?.['@type']].flat().filter((t): t is string => typeof t === 'string');
  if (publisherTypes.includes('GovernmentOrganization') || pageTypes.includes('GovernmentOrganization')) return { kind: 'government', inferred: false };
  if (publisherTypes.includes('NewsMediaOrganization') || (articleType && /NewsArticle$/.test(articleType))) return { kind: 'news', inferred: false };
  if (articleType === 'BlogPosting') return { kind: 'blog', inferred: false };
  return { kind: 'news', inferred: true };
}

function languageOf(page: PageMeta, readable: string | undefined, text: string): { language: string; inferred: boolean } {
  const declared =
    primaryLanguage(page.htmlLang) ??
    primaryLanguage(page.meta.get('content-language')) ??
    primaryLanguage(page.meta.get('og:locale')) ??
    primaryLanguage(readable);
  const guess = guessLanguage(text);
  // The text outvotes a declaration it contradicts: templates often hard-code lang="en".
  if (guess && guess.language !== declared) return { language: guess.language, inferred: true };
  if (declared) return { language: declared, inferred: false };
  return { language: 'en', inferred: true };
}

function canonicalOf(page: PageMeta, ld: Record<string, unknown> | undefined, finalUrl: URL): string {
  const main = ld?.['mainEntityOfPage'];
  const mainUrl = typeof main === 'string' ? main : main && typeof main === 'object' ? (main as Record<string, unknown>)['@id'] : undefined;
  for (const c of [page.canonical, page.meta.get('og:url'), typeof ld?.['url'] === 'string' ? ld['url'] : undefined, mainUrl]) {
    if (typeof c !== 'string' || !c.trim()) continue;
    try {
      const u = new URL(c.trim(), finalUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return cleanUrl(u);
    } catch {
      // A broken canonical link is ignored; the next candidate (or the page's own URL) stands.
    }
  }
  return cleanUrl(new URL(finalUrl.href));
}

/** Fragment and campaign parameters are not part of which article it is. */
export function cleanUrl(u: URL): string {
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (/^(?:utm_|fbclid$|gclid$|mc_[ce]id$)/i.test(k)) u.searchParams.delete(k);
  return u.href;
}
