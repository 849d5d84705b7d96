/**
 * Datelines: the place (and often the date and agency) a report was filed from, printed before its
 * first sentence. Wires and papers write them in many shapes — "PARIS, March 3 (AFP) -",
 * "Accra —", "LAGOS, Nigeria, June 2 –", "Kuala Lumpur, May 14, 2025 —", "BEIJING:",
 * "NAIROBI, Dec. 1 (Xinhua) --". They are stripped from the text and kept as data: the date dates
 * the lead, the place is where the lead happened.
 */

export interface Dateline {
  /** The place as printed ("PARIS", "Lagos, Nigeria"). */
  place: string;
  /** The date as printed ("March 3", "May 14, 2025"), when there is one. */
  dateText?: string;
  /** The agency tag without brackets ("AFP"), when there is one. */
  agency?: string;
}

export interface DatelineMatch {
  dateline: Dateline;
  /** Characters to strip from the start of the line (the dateline and the space after it). */
  length: number;
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day';
/** "March 3", "May 14, 2025", "3 March 2025", "Dec. 1", "Monday". */
const DATE = `(?:${MONTH}\\s+\\d{1,2}(?:,?\\s+\\d{4})?|\\d{1,2}\\s+${MONTH}(?:,?\\s+\\d{4})?|${WEEKDAY})`;
/** Every dash a wire uses, a double hyphen, or a colon. */
const DASH = '(?:--|[-‐‒–—―−:])';
/** One word of a place name: upper case (PARIS), title case (Kuala), with hyphens and apostrophes. */
const PLACE_WORD = "\\p{Lu}[\\p{L}'’.-]*";
const PLACE_PART = `${PLACE_WORD}(?:\\s+(?:${PLACE_WORD}|de|el|es|al|of))*`;
const AGENCY = '\\(([\\p{Lu}][\\p{L}\\p{N} &./-]{0,30})\\)';

// Place, then optional region/country, optional date, optional agency, then a dash or colon.
const FULL = new RegExp(
  `^\\s*(${PLACE_PART}(?:,\\s*${PLACE_PART})?)` +
    `(?:,\\s*(${DATE}))?` +
    `(?:\\s*${AGENCY})?` +
    `\\s*${DASH}\\s+(?=[\\p{Lu}\\p{N}“"‘'])`,
  'u',
);

/** Reads a dateline at the start of a line, or undefined when the line does not start with one. */
export function readDateline(line: string): DatelineMatch | undefined {
  const m = FULL.exec(line);
  if (!m) return undefined;
  const place = m[1]!.trim();
  const dateText = m[2];
  const agency = m[3]?.trim();
  const words = place.split(/[\s,]+/u).filter((w) => w !== '');
  if (words.length > 5) return undefined;
  const upper = place === place.toUpperCase();
  const dash = m[0].trimEnd().slice(-1);
  // A colon follows a label as often as a place ("Note:", "Update:"): only an upper-case place counts.
  if (dash === ':' && !upper) return undefined;
  // Title case alone ("Accra —") needs a spaced dash: "Kenya-China ties" is a compound, not a dateline.
  if (!upper && dateText === undefined && agency === undefined && !/\s(?:--|[‐‒–—―−-])\s+$/u.test(m[0])) return undefined;
  // A hyphen (not a dash) after a title-case place with nothing else is too often prose.
  if (!upper && dateText === undefined && agency === undefined && /\s-\s+$/u.test(m[0])) return undefined;
  const dateline: Dateline = { place };
  if (dateText !== undefined) dateline.dateText = dateText;
  if (agency !== undefined) dateline.agency = agency;
  return { dateline, length: m[0].length };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The day a dateline's date names, read against the publication date: a date without a year is
 * the most recent such day not after publication; a weekday is the last one on or before it.
 */
export function datelineDay(dateText: string, published: string): string | undefined {
  const pub = new Date(`${published.length === 10 ? published : `${published}-01`.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(pub.getTime())) return undefined;
  const weekday = /^(mon|tues|wednes|thurs|fri|satur|sun)day$/i.exec(dateText);
  if (weekday) {
    const target = ['sun', 'mon', 'tues', 'wednes', 'thurs', 'fri', 'satur'].indexOf(weekday[1]!.toLowerCase());
    const back = (pub.getUTCDay() - target + 7) % 7;
    return iso(new Date(pub.getTime() - back * 86_400_000));
  }
  const md = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$/.exec(dateText);
  const dm = /^(\d{1,2})\s+([A-Za-z]+)\.?(?:,?\s+(\d{4}))?$/.exec(dateText);
  const monthName = md?.[1] ?? dm?.[2];
  const dayText = md?.[2] ?? dm?.[1];
  const yearText = md?.[3] ?? dm?.[3];
  if (monthName === undefined || dayText === undefined) return undefined;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
  const day = Number(dayText);
  if (month < 0 || day < 1 || day > 31) return undefined;
  let year = yearText !== undefined ? Number(yearText) : pub.getUTCFullYear();
  if (yearText === undefined && Date.UTC(year, month, day) > pub.getTime()) year -= 1;
  const d = new Date(Date.UTC(year, month, day));
  return d.getUTCMonth() === month ? iso(d) : undefined;
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);
