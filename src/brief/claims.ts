import type { Fact } from '../factbase/schema.js';

/**
 * How alike two facts' claims are, for the brief's screen (no near-duplicates among the first five)
 * and the overview's event clusters. The ingest merges what it is sure is one claim and links
 * reports of one event (`related`); this is the screen-level check on top, kept simple and
 * explainable: shared content words and entities (Dice), with shared figures counting extra.
 */

// Words that carry no claim: function words, reporting verbs and filler an article repeats.
const FILLER = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does during each for from further had has have having he her here ' +
    'him his how i if in into is it its itself just more most my no nor not now of off on once only or other ' +
    'our out over own same she should so some such than that the their them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would ' +
    'you your said says say told according added noted new two both sides one year years week'
  ).split(' '),
);

/** Content words, lower-cased, a light plural/participle fold so "tariffs"/"tariff" agree. */
export function claimWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().normalize('NFKD').matchAll(/[\p{L}\p{N}]+/gu)) {
    let w = m[0];
    if (FILLER.has(w) || (w.length < 3 && !/\d/.test(w))) continue;
    if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
    else if (w.length > 4 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    out.add(w);
  }
  return out;
}

export interface ClaimShape {
  id: string;
  words: Set<string>;
  entities: Set<string>;
  /** Figures as value+unit, so "600 megawatts" in two reports agree whatever the wording. */
  figures: Set<string>;
  related: Set<string>;
}

export function claimShape(f: Fact): ClaimShape {
  return {
    id: f.id,
    words: claimWords(f.text),
    entities: new Set([...f.entities, ...(f.context ?? []).map((c) => c.id)]),
    figures: new Set(f.amounts.map((a) => `${a.value}:${a.unit}`)),
    related: new Set((f.related ?? []).map((r) => r.factId)),
  };
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common += 1;
  return (2 * common) / (a.size + b.size);
}

/** Word similarity of two claims in [0, 1]. */
export function claimSimilarity(a: ClaimShape, b: ClaimShape): number {
  return dice(a.words, b.words);
}

export const SAME_CLAIM = {
  /** Dice over content words at or above which two facts say the same thing. */
  words: 0.55,
  /** With a figure in common, less wording needs to agree. */
  wordsWithFigure: 0.3,
} as const;

/** Whether two facts tell the same claim, or the ingest linked them as one event told differently. */
export function sameClaim(a: ClaimShape, b: ClaimShape): boolean {
  if (a.id === b.id) return true;
  if (a.related.has(b.id) || b.related.has(a.id)) return true;
  const sim = claimSimilarity(a, b);
  if (sim >= SAME_CLAIM.words) return true;
  for (const fig of a.figures) if (b.figures.has(fig)) return sim >= SAME_CLAIM.wordsWithFigure;
  return false;
}

/** One claim on a page: the fact that leads it and, in rank order, the other reports of it. */
export interface FoldedClaim {
  lead: Fact;
  shape: ClaimShape;
  also: Fact[];
  alsoShapes: ClaimShape[];
}

/**
 * Facts in rank order → one item per claim, for every page that lists facts (brief and digest).
 * A fact that tells the claim of an earlier item (its lead or anything already beside it) joins
 * that item instead of taking a line, so no two lines say the same thing. Whether a fact leads
 * depends only on better-ranked facts, so pages agree however many facts were looked at.
 */
export function foldSameClaims(facts: readonly Fact[]): FoldedClaim[] {
  const items: FoldedClaim[] = [];
  for (const fact of facts) {
    const shape = claimShape(fact);
    const home = items.find((it) => sameClaim(it.shape, shape) || it.alsoShapes.some((s) => sameClaim(s, shape)));
    if (home) {
      home.also.push(fact);
      home.alsoShapes.push(shape);
    } else {
      items.push({ lead: fact, shape, also: [], alsoShapes: [] });
    }
  }
  return items;
}
