import { parseJsonLd, type JsonLdArticle } from './json-ld.js';

/**
 * What a page says about itself, read before Readability (which edits the document): JSON-LD,
 * OpenGraph / article:* properties, <meta name>, <link rel=canonical>, <html lang>, <title>.
 */
export interface PageMeta {
  jsonLd: JsonLdArticle | { types: string[] };
  /** property/name → content, lower-case keys; the first of each wins, as crawlers read them. */
  meta: Map<string, string>;
  canonical?: string;
  htmlLang?: string;
  titleTag?: string;
  firstH1?: string;
  /** A <time datetime> inside the page's article or header. */
  timeDatetime?: string;
  /** Elements named like a paywall (class or id), a hint that the text is a teaser. */
  paywallMarkup: boolean;
}

export function readPageMeta(document: Document): PageMeta {
  const scripts = Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map((s) => s.textContent ?? '');
  const meta = new Map<string, string>();
  for (const m of Array.from(document.querySelectorAll('meta'))) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('http-equiv') ?? m.getAttribute('itemprop'))?.trim().toLowerCase();
    const content = m.getAttribute('content')?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  const out: PageMeta = {
    jsonLd: parseJsonLd(scripts),
    meta,
    paywallMarkup: document.querySelector('[class*="paywall" i], [id*="paywall" i], [class*="subscriber-only" i], [class*="premium-content" i]') !== null,
  };
  const canonical = document.querySelector('link[rel~="canonical" i]')?.getAttribute('href')?.trim();
  if (canonical) out.canonical = canonical;
  const lang = document.documentElement?.getAttribute('lang')?.trim();
  if (lang) out.htmlLang = lang;
  const title = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim();
  if (title) out.titleTag = title;
  const h1 = document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim();
  if (h1) out.firstH1 = h1;
  const time = document.querySelector('article time[datetime], header time[datetime], main time[datetime]')?.getAttribute('datetime')?.trim();
  if (time) out.timeDatetime = time;
  return out;
}
