import type { Amount } from '../factbase/schema.js';
import type { Rates } from './data-files.js';

export interface AmountOptions {
  /** What a bare "Sh" means for this article (its publisher's currency), e.g. KES for a .ke site. */
  currencyHint?: string;
  rates: Rates;
}

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s?(?:thousand|million|billion|trillion)|(?:bn|mn|tn|m|b|k))(?![\p{L}\p{N}])`;

/** Currency marks written before the number; longest first so "US$" wins over "$". */
const PREFIXES: [string, string][] = [
  ['US$', 'USD'], ['USD', 'USD'], ['A$', 'AUD'], ['C$', 'CAD'], ['HK$', 'HKD'], ['S$', 'SGD'], ['NZ$', 'NZD'],
  ['$', 'USD'], ['€', 'EUR'], ['EUR', 'EUR'], ['£', 'GBP'], ['GBP', 'GBP'], ['RM', 'MYR'], ['MYR', 'MYR'],
  ['KSh', 'KES'], ['Ksh', 'KES'], ['KShs', 'KES'], ['KES', 'KES'], ['USh', 'UGX'], ['UGX', 'UGX'], ['TSh', 'TZS'],
  ['TZS', 'TZS'], ['Sh', 'SHILLING'], ['RMB', 'CNY'], ['CNY', 'CNY'], ['¥', 'CNY'], ['₦', 'NGN'], ['NGN', 'NGN'],
  ['₹', 'INR'], ['INR', 'INR'], ['Rs', 'INR'],
];

/** Currency words written after the number. */
const SUFFIXES: [RegExp, string][] = [
  [/^(?:US |American )?dollars?/i, 'USD'],
  [/^ringgit/i, 'MYR'],
  [/^Kenyan? shillings?/i, 'KES'],
  [/^Ugandan? shillings?/i, 'UGX'],
  [/^Tanzanian? shillings?/i, 'TZS'],
  [/^shillings?/i, 'SHILLING'],
  [/^(?:yuan|renminbi)/i, 'CNY'],
  [/^euros?/i, 'EUR'],
  [/^(?:pounds? sterling|British pounds?)/i, 'GBP'],
  [/^naira/i, 'NGN'],
  [/^rupees?/i, 'INR'],
];

const SHILLINGS = new Set(['KES', 'UGX', 'TZS', 'SOS']);

const UNITS: [RegExp, string, Amount['kind']][] = [
  [/^(?:%|per ?cent(?![\p{L}])|percent(?![\p{L}]))/iu, 'percent', 'percent'],
  [/^(?:kilomet(?:er|re)s?|km)(?![\p{L}])/iu, 'km', 'length'],
  [/^miles?(?![\p{L}])/iu, 'mi', 'length'],
  [/^(?:metric )?(?:tonnes|tons)(?![\p{L}])/iu, 't', 'other'],
];

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
};

const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, b: 1e9, bn: 1e9, trillion: 1e12, tn: 1e12,
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFIX_RE = PREFIXES.map(([p]) => escapeRegExp(p)).join('|');
// A prefix must not be the tail of a longer word ("Marsh600"), and a number must not be part of an id.
const MONEY_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}$])(?<!\d[.,])(?:(${PREFIX_RE})\.?\s?)?(${NUMBER})(${SCALE})?`,
  'gu',
);
const WORD_PERCENT_RE = new RegExp(String.raw`(?<![\p{L}])(${Object.keys(WORD_NUMBERS).join('|')})\s(?:per ?cent|percent)(?![\p{L}])`, 'giu');

/**
 * Reads money, percentages and lengths from one sentence. A figure in a local currency that the
 * article also gives in dollars ("5.7 billion ringgit ($1.37 billion)") is one amount carrying
 * the article's USD; otherwise a dollar figure is converted with the dated rate table and marked so.
 */
export function extractAmounts(sentence: string, opts: AmountOptions): Amount[] {
  const found: (Amount & { start: number; end: number })[] = [];
  for (const m of sentence.matchAll(MONEY_RE)) {
    const [whole, prefix, digits, scaleWords] = m;
    const start = m.index;
    let end = start + whole.length;
    const value = Number(digits!.replace(/,/g, '')) * scaleOf(scaleWords);
    if (!Number.isFinite(value)) continue;
    // What follows the number, past one space: a currency word, or a unit.
    const rest = sentence.slice(end);
    const after = rest.replace(/^\s/, '');
    const skipped = rest.length - after.length;

    let unit: string | undefined = prefix === undefined ? undefined : PREFIXES.find(([p]) => p === prefix)?.[1];
    let kind: Amount['kind'] = 'currency';
    if (unit === undefined) {
      const suffix = SUFFIXES.find(([re]) => re.test(after));
      const measured = suffix ? undefined : UNITS.find(([re]) => re.test(after));
      if (suffix) {
        unit = suffix[1];
        end += skipped + suffix[0].exec(after)![0].length;
      } else if (measured && !(measured[2] === 'percent' && scaleWords)) {
        [, unit, kind] = measured;
        end += skipped + measured[0].exec(after)![0].length;
      } else {
        continue;
      }
    }
    if (unit === 'SHILLING') unit = opts.currencyHint !== undefined && SHILLINGS.has(opts.currencyHint) ? opts.currencyHint : undefined;
    if (unit === undefined) continue;

    found.push({ value, unit, kind, text: sentence.slice(start, end), start, end });
  }
  for (const m of sentence.matchAll(WORD_PERCENT_RE)) {
    found.push({ value: WORD_NUMBERS[m[1]!.toLowerCase()]!, unit: 'percent', kind: 'percent', text: m[0], start: m.index, end: m.index + m[0].length });
  }
  found.sort((a, b) => a.start - b.start);
  return attachDollars(sentence, found, opts.rates);
}

function scaleOf(words: string | undefined): number {
  return words === undefined ? 1 : (SCALES[words.trim().toLowerCase()] ?? 1);
}

/**
 * A dollar figure right after a local one, in brackets or after "or"/"about", is the article's own
 * conversion: it becomes that amount's usd and is not listed twice.
 */
function attachDollars(sentence: string, found: (Amount & { start: number; end: number })[], rates: Rates): Amount[] {
  const out: Amount[] = [];
  for (let i = 0; i < found.length; i++) {
    const { start, end, ...amount } = found[i]!;
    const next = found[i + 1];
    if (amount.kind === 'currency' && amount.unit !== 'USD') {
      const between = next ? sentence.slice(end, next.start) : '';
      if (next && next.unit === 'USD' && /^\s*(?:\(|,?\s*(?:or|about|roughly|around|approximately|some)\s|\/)\s*(?:about\s|around\s|approximately\s)?$/i.test(between)) {
        const closing = /^\s*\)/.exec(sentence.slice(next.end))?.[0] ?? '';
        amount.text = sentence.slice(start, next.end + closing.length);
        amount.usd = { value: next.value, source: 'article' };
        i++;
      } else if (rates.rates[amount.unit] !== undefined) {
        amount.usd = { value: round(amount.value * rates.rates[amount.unit]!), source: 'rate-table', rateDate: rates.date };
      }
    }
    out.push(amount);
  }
  return out;
}

/** Conversions are approximate: four significant figures say so without false precision. */
function round(n: number): number {
  return Number(n.toPrecision(4));
}
