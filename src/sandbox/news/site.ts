import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The news site's content: `site.json` says which page file is served at which path and which feeds
 * list it; the pages themselves are hand-written HTML under `pages/`. Pages carry `{{origin}}` where an
 * absolute URL belongs (canonical links, og:url, JSON-LD ids), filled in with the server's own origin
 * so canonical URLs point back at the running site whatever port it got. All the people, companies
 * and quotes in the pages is invented; the countries and the background are real.
 */
export const PageSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  path: z.string().startsWith('/'),
  file: z.string().min(1),
  /** What a reader would call it: the feeds and the local page's panel say it. */
  kind: z.enum(['article', 'analysis', 'press-release', 'live-blog', 'paywalled', 'section-index', 'draft']),
  outlet: z.string().min(1),
  title: z.string().min(1),
  summary: z.string().optional(),
  /** ISO 8601; absent where the page itself gives no date. */
  published: z.string().datetime({ offset: true }).optional(),
  modified: z.string().datetime({ offset: true }).optional(),
  author: z.string().optional(),
  language: z.string().min(2),
  /** The bytes on the wire are in this charset (and the page's <meta charset> says so). */
  charset: z.enum(['utf-8', 'iso-8859-1']).default('utf-8'),
  /** Served gzip-encoded when the client accepts it. */
  gzip: z.boolean().default(false),
  /** Not on the site (404, in no feed) until `publish(slug)`. */
  unpublished: z.boolean().default(false),
  /** A feed item with only a <link> (no title, guid or date), as some CMS feeds have. */
  feedLinkOnly: z.boolean().default(false),
});
export type Page = z.infer<typeof PageSchema>;

export const FeedSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  path: z.string().startsWith('/'),
  format: z.enum(['rss', 'atom', 'json']),
  title: z.string().min(1),
  description: z.string().min(1),
  /** The site section the feed belongs to (its <link>). */
  home: z.string().startsWith('/'),
  language: z.string().min(2).default('en'),
  /** Slugs, newest first as the feed lists them; published pages join at the top. */
  entries: z.array(z.string()),
  gzip: z.boolean().default(false),
});
export type Feed = z.infer<typeof FeedSchema>;

/** A URL that answers with a fixed file: HTML at a feed URL, a broken feed. */
export const StaticFileSchema = z.object({
  path: z.string().startsWith('/'),
  file: z.string().min(1),
  contentType: z.string().min(1),
});
export type StaticFile = z.infer<typeof StaticFileSchema>;

export const SiteSchema = z.object({
  name: z.string().min(1),
  pages: z.array(PageSchema).min(1),
  feeds: z.array(FeedSchema),
  files: z.array(StaticFileSchema).default([]),
  /** Served verbatim at /robots.txt. */
  robots: z.string(),
});
export type Site = z.infer<typeof SiteSchema>;

/**
 * The content shipped with the package: data/sandbox-news/ (package.json "files" ships data/). Found
 * from this module upwards, because it runs both from src/ (tests) and from dist/src/ (npm start).
 */
export function defaultSiteDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'data', 'sandbox-news');
    if (existsSync(join(candidate, 'site.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('data/sandbox-news/site.json not found above the module');
    dir = parent;
  }
}

export function loadSite(dir: string): Site {
  const site = SiteSchema.parse(JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')));
  const slugs = new Set(site.pages.map((p) => p.slug));
  for (const feed of site.feeds) {
    for (const slug of feed.entries) if (!slugs.has(slug)) throw new Error(`site.json: feed ${feed.id} lists unknown page ${slug}`);
  }
  return site;
}

/**
 * A page file's text with its `{{name}}` placeholders filled in: `origin` always, `published` (ISO
 * 8601) and `publishedDmy` (dd/mm/yyyy) for pages dated only when `publish()` puts them on the site.
 */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole);
}
