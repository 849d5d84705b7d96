import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFactBaseWithReport } from '../../../src/ingest/build.js';
import { parseTextDirective } from '../../../src/ingest/fragment.js';
import { articleBody } from '../../../src/inflow/article-file.js';
import { extractArticle } from '../../../src/inflow/extract/extract-article.js';
import { createSafeFetch, type ClosableSafeFetch } from '../../../src/inflow/safe-fetch.js';
import { silentLogger } from '../../../src/logger.js';
import { startNewsSite, type NewsSite } from '../../../src/sandbox/news/server.js';
import { defaultSiteDir, loadSite } from '../../../src/sandbox/news/site.js';
import { makeDataDir } from '../data-dir.js';

/**
 * For any stand-in HTML page, reformatted at random (whitespace between tags, furniture blocks
 * slipped in between paragraphs), every fact the ingest makes from the extracted article quotes
 * an exact substring of the extracted body, and the quote (whitespace collapsed) is in the page's
 * visible text, so the citation's `#:~:text=` link finds those words on the live page.
 */
const pages = loadSite(defaultSiteDir()).pages.filter((p) => ['article', 'analysis', 'press-release', 'live-blog'].includes(p.kind) && !p.unpublished);
let site: NewsSite;
let fetch: ClosableSafeFetch;
let dataDir: string;
const html = new Map<string, string>();

beforeAll(async () => {
  site = await startNewsSite();
  fetch = createSafeFetch({ allowPrivate: true, logger: silentLogger() });
  for (const p of pages) html.set(p.slug, (await fetch(site.url + p.path, { accept: ['text/html'] })).text);
  dataDir = makeDataDir();
});
afterAll(async () => {
  await fetch.close();
  await site.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const FURNITURE = [
  '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>',
  '<aside class="related"><h3>Related</h3><ul><li><a href="/x">Another story about trade talks</a></li></ul></aside>',
  '<figure><img src="/a.jpg" alt=""><figcaption>Officials at the signing on Tuesday. Photograph: Agency</figcaption></figure>',
  '<div class="newsletter-box"><p>Sign up for our morning briefing, delivered every weekday.</p></div>',
];

const variant = fc.record({
  slug: fc.constantFrom(...pages.map((p) => p.slug)),
  gap: fc.constantFrom('\n', ' ', '\n\n   ', '\t', ''),
  inserts: fc.array(fc.tuple(fc.nat(40), fc.constantFrom(...FURNITURE)), { maxLength: 3 }),
});

function reformat(page: string, gap: string, inserts: [number, string][]): string {
  let out = page.replace(/>\s+</g, `>${gap}<`);
  for (const [at, block] of inserts) {
    let seen = 0;
    out = out.replace(/<\/p>/g, (m) => (seen++ === at ? `${m}${block}` : m));
  }
  return out;
}

function visibleText(page: string): string {
  const { document } = parseHTML(page);
  // What the reader sees: a <br> or a block boundary is a break between words.
  for (const br of Array.from(document.querySelectorAll('br'))) br.replaceWith(document.createTextNode(' '));
  return (document.body?.textContent ?? '').replace(/\s+/g, ' ');
}

describe('citations of extracted articles (property)', () => {
  it('quote exact substrings of the body and the page’s visible text', () => {
    let run = 0;
    fc.assert(
      fc.property(variant, ({ slug, gap, inserts }) => {
        const p = pages.find((x) => x.slug === slug)!;
        const page = reformat(html.get(slug)!, gap, inserts);
        const r = extractArticle({ html: page, url: site.url + p.path, fetchedAt: new Date('2026-12-01T00:00:00Z') });
        expect(r.kind).toBe('article');
        if (r.kind !== 'article') return;
        const id = `prop-${run++}`;
        const body = articleBody(r.article.paragraphs);
        const file = join(dataDir, 'articles', `${id}.md`);
        writeFileSync(file, `---\nid: ${id}\ntitle: "${r.article.title.replace(/"/g, '\\"')}"\npublisher: Test\npublisherKind: news\npublished: ${r.article.published}\nurl: ${r.article.url}\nlanguage: ${r.article.language}\n---\n${body}`);
        try {
          const report = buildFactBaseWithReport({ dataDir, now: new Date('2026-12-01T00:00:00Z'), logger: silentLogger() });
          const facts = report.data.facts.filter((f) => f.citations.some((c) => c.articleId === id));
          if (r.article.language === 'en') expect(facts.length).toBeGreaterThan(3);
          const visible = visibleText(page);
          for (const f of facts) {
            for (const c of f.citations.filter((x) => x.articleId === id)) {
              expect(body.slice(c.start, c.end)).toBe(c.quote);
              const collapsed = c.quote.replace(/\s+/g, ' ').trim();
              expect(visible, `${slug}: ${collapsed}`).toContain(collapsed);
              const directive = parseTextDirective(c.url)!;
              expect(visible).toContain(directive.start);
              if (directive.end) expect(visible).toContain(directive.end);
            }
          }
        } finally {
          rmSync(file, { force: true });
        }
      }),
      { numRuns: 10, seed: 20261202 },
    );
    // Ten extractions and ten ingests: minutes on a loaded shared machine, seconds on a quiet one.
  }, 300_000);
});
