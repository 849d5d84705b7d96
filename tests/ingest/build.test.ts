import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FactBaseSchema, type Fact, type FactBaseData } from '../../src/factbase/schema.js';
import { readArticles } from '../../src/ingest/article.js';
import { buildFactBase, buildFactBaseWithReport, factIdFor, serializeFactBase } from '../../src/ingest/build.js';
import { parseTextDirective } from '../../src/ingest/fragment.js';
import { silentLogger } from '../../src/logger.js';

const NOW = new Date('2026-01-01T06:00:00.000Z');
const build = (dataDir: string, previous?: FactBaseData, now = NOW): FactBaseData =>
  buildFactBase({ dataDir, now, logger: silentLogger(), ...(previous ? { previous } : {}) });

const FURNITURE = /share this|recommended|leave your comments|stay tuned|initially published|adapted in english|\[PCS\]|news-banner|^date\b|\.\.\.$|…$/i;

describe('ingest of the seed articles', () => {
  let fb: FactBaseData;
  let bodies: Map<string, string>;
  const find = (re: RegExp): Fact => {
    const f = fb.facts.find((x) => re.test(x.text));
    if (!f) throw new Error(`no fact matches ${re}`);
    return f;
  };

  beforeAll(() => {
    fb = build('data');
    bodies = new Map(readArticles('data').map((a) => [a.meta.id, a.body]));
  });

  it('produces a valid fact base', () => {
    expect(FactBaseSchema.parse(fb)).toEqual(fb);
    expect(fb.articles).toHaveLength(5);
    expect(fb.facts.length).toBeGreaterThan(60);
  });

  it('keeps no furniture', () => {
    for (const f of fb.facts) expect(f.text).not.toMatch(FURNITURE);
    expect(fb.facts.some((f) => /Togolese|Mauritania|Berlinale|Golden Bear/.test(f.text))).toBe(false);
  });

  it('every quote is the exact body text at its offsets, and its link decodes to its words', () => {
    for (const f of fb.facts) {
      for (const c of f.citations) {
        const body = bodies.get(c.articleId)!;
        expect(body.slice(c.start, c.end)).toBe(c.quote);
        const d = parseTextDirective(c.url)!;
        const words = c.quote.replace(/\s+/g, ' ');
        expect(words.startsWith(d.start)).toBe(true);
        if (d.end !== undefined) expect(words.endsWith(d.end)).toBe(true);
        else expect(words).toBe(d.start);
      }
    }
  });

  it("joins The Standard's hard-wrapped sentence into one fact", () => {
    const f = find(/^President William Ruto and Malaysia Prime Minister Anwar Ibrahim have/);
    expect(f.text).toMatch(/between the two countries across trade, technology, infrastructure, and human capital development\.$/);
    expect(f.citations[0]!.quote).toContain('across\n\ntrade');
    expect(f.entities).toEqual(expect.arrayContaining(['KEN', 'MYS', 'william-ruto', 'anwar-ibrahim']));
  });

  it('strips capture residue and datelines', () => {
    const f = find(/upgraded ties to a "new level"/);
    expect(f.text.startsWith('China and Kenya announced')).toBe(true);
  });

  it('reads amounts', () => {
    const trade = find(/5\.7 billion ringgit/);
    expect(trade.amounts).toContainEqual(
      expect.objectContaining({ unit: 'MYR', value: 5.7e9, usd: expect.objectContaining({ value: 1.37e9, source: 'article' }) }),
    );
    expect(find(/Sh600 billion/).amounts).toContainEqual(expect.objectContaining({ unit: 'KES', value: 6e11 }));
    expect(find(/\$950 million/).amounts).toContainEqual(expect.objectContaining({ unit: 'USD', value: 9.5e8 }));
    expect(find(/by 30%/).amounts).toContainEqual(expect.objectContaining({ kind: 'percent', value: 30 }));
    expect(find(/2,500 kilometers/).amounts).toContainEqual(expect.objectContaining({ unit: 'km', value: 2500 }));
  });

  it('reads dates relative to the article date', () => {
    expect(find(/upgraded ties to a "new level" on Thursday/).date).toMatchObject({ value: '2025-04-24', precision: 'day', kind: 'event' });
    expect(find(/official visit to Kenya on Nov\. 23 and 24/).date).toMatchObject({ value: '2025-11-23', precision: 'day', kind: 'event' });
    // The relative clause's date is the designation's, not the review's.
    expect(find(/conferred by the US in June 2024/).date).toMatchObject({ kind: 'published' });
    expect(find(/Both emphasized human rights/).date).toMatchObject({ value: '2025-11-24', kind: 'published' });
  });

  it('gives quotes a speaker, resolving "he said" to the last person named', () => {
    expect(find(/^“This marks the beginning/).speaker).toBe('william-ruto');
    expect(find(/^“We will grow and expand our semiconductor/).speaker).toBe('william-ruto');
    expect(find(/innovation powerhouse/).speaker).toBe('mahadhir-aziz');
  });

  it('merges the same claim from two outlets into one fact with both citations', () => {
    const f = find(/beginning of (a deeper|broader and deeper) strategic partnership/);
    expect(new Set(f.citations.map((c) => c.articleId))).toEqual(
      new Set(['standard-2025-11-24-kenya-malaysia-partnership', 'ecofin-2025-11-25-malaysia-kenya-legal-instruments']),
    );
    expect(fb.facts.filter((x) => /beginning of (a deeper|broader and deeper) strategic/.test(x.text))).toHaveLength(1);
    // Different claims stay apart: nothing merges two sentences of one article.
    for (const x of fb.facts) expect(new Set(x.citations.map((c) => c.articleId)).size).toBe(x.citations.length);
  });

  it('is deterministic: two runs give identical bytes', () => {
    expect(serializeFactBase(build('data'))).toBe(serializeFactBase(fb));
  });

  it('keeps ids when another article is removed, and carries firstSeen over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-ingest-'));
    try {
      cpSync('data', dir, { recursive: true });
      rmSync(join(dir, 'articles', 'lawguide-2025-08-06-ruto-defends-china-trade.md'));
      const later = build(dir, fb, new Date('2026-02-01T00:00:00.000Z'));
      const before = new Map(fb.facts.map((f) => [f.id, f]));
      const kept = later.facts.filter((f) => f.citations.every((c) => c.articleId.startsWith('standard-')));
      expect(kept.length).toBeGreaterThan(5);
      for (const f of kept) {
        expect(before.has(f.id)).toBe(true);
        expect(f.firstSeen).toBe(NOW.toISOString());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('derives ids from the normalized sentence', () => {
    expect(factIdFor('Talks went well.')).toBe(factIdFor('talks  went well'));
    expect(factIdFor('Talks went well.')).toMatch(/^f_[0-9a-f]{16}$/);
  });

  it('the committed data/factbase.json is what the ingest builds', () => {
    const committed = JSON.parse(readFileSync('data/factbase.json', 'utf8')) as FactBaseData;
    expect(serializeFactBase(build('data', committed))).toBe(readFileSync('data/factbase.json', 'utf8'));
  });
});

describe('ingest of a fixture article (not a seed) with its own furniture', () => {
  const dir = 'tests/fixtures/ingest/data';
  it('drops its furniture and keeps its story', () => {
    const { data, dropped } = buildFactBaseWithReport({ dataDir: dir, now: NOW, logger: silentLogger() });
    const texts = data.facts.map((f) => f.text);
    const rules = new Set(dropped.map((d) => d.rule));
    for (const r of ['headline-repeat', 'byline', 'photo-caption', 'related-block', 'share-widget', 'newsletter-plug', 'truncated-teaser', 'unrelated-tail', 'section-label']) {
      expect(rules, r).toContain(r);
    }
    for (const t of texts) expect(t).not.toMatch(/Read more|Share this|newsletter|Argentina|Brazil|Follow us/);
    const wrapped = texts.find((t) => t.includes('three new plants near the port of Tema.'));
    expect(wrapped).toBeDefined();
    expect(data.facts.find((f) => f.text === wrapped)!.entities).toEqual(expect.arrayContaining(['GHA', 'NOR', 'tema']));
    const quote = data.facts.find((f) => f.text.startsWith('"This agreement means'));
    expect(quote?.speaker).toBe('john-mahama');
    expect(data.facts.find((f) => f.text.includes('U.S. Embassy'))?.entities).toContain('USA');
  });
});
