import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../../src/errors.js';
import { defaultSiteDir, loadSite, renderTemplate } from '../../../src/sandbox/news/site.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const shipped = () => JSON.parse(readFileSync(join(defaultSiteDir(), 'site.json'), 'utf8')) as Record<string, unknown> & { feeds: { entries: string[] }[]; pages: { kind: string }[] };
const withSite = (site: unknown) => {
  dir = mkdtempSync(join(tmpdir(), 'briefbot-news-site-'));
  writeFileSync(join(dir, 'site.json'), typeof site === 'string' ? site : JSON.stringify(site));
  return dir;
};
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return isBriefbotError(err) ? `${err.code}: ${err.message}` : String(err);
  }
  return 'no error';
};

describe('site.json', () => {
  it('the shipped site loads, with every page file present', () => {
    const site = loadSite(defaultSiteDir());
    for (const p of site.pages) expect(readFileSync(join(defaultSiteDir(), p.file), 'utf8').length).toBeGreaterThan(500);
  });

  it('refuses a feed that lists an unknown page, bad JSON, a bad field and a site with no article', () => {
    const unknownEntry = shipped();
    unknownEntry.feeds[0]!.entries.push('no-such-page');
    expect(codeOf(() => loadSite(withSite(unknownEntry)))).toMatch(/^NEWS_SITE_INVALID: .*feed world-rss lists unknown page no-such-page/);
    expect(codeOf(() => loadSite(withSite('{ not json')))).toMatch(/^NEWS_SITE_INVALID: .*site\.json/);
    const badField = shipped();
    badField.pages[0]!.kind = 'podcast';
    expect(codeOf(() => loadSite(withSite(badField)))).toMatch(/^NEWS_SITE_INVALID: .*pages\.0\.kind/);
    const noArticle = shipped();
    for (const p of noArticle.pages) if (p.kind === 'article') p.kind = 'analysis';
    expect(codeOf(() => loadSite(withSite(noArticle)))).toMatch(/^NEWS_SITE_INVALID: .*at least one published article/);
  });
});

describe('renderTemplate', () => {
  it('fills known placeholders and leaves unknown ones alone', () => {
    expect(renderTemplate('<link href="{{origin}}/a"> {{published}} {{other}}', { origin: 'http://127.0.0.1:1', published: '2026-12-01T00:00:00.000Z' })).toBe(
      '<link href="http://127.0.0.1:1/a"> 2026-12-01T00:00:00.000Z {{other}}',
    );
  });
});
