/**
 * URL Fragment Text Directives (`#:~:text=`), so a link opens the page at the quoted words.
 * https://wicg.github.io/scroll-to-text-fragment/ — `&`, `,` and `-` are syntax inside a directive,
 * so they are percent-encoded along with everything encodeURIComponent encodes.
 */

/** Quotes of up to this many words are matched whole; longer ones by their first and last words. */
const WHOLE_QUOTE_WORDS = 8;
const EDGE_WORDS = 4;

export function encodeFragmentText(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function decodeFragmentText(encoded: string): string {
  return decodeURIComponent(encoded);
}

/**
 * The directive for a quote. A quote the capture split across blocks (a paragraph break inside)
 * takes its start words from the first block and its end words from the last, because a browser
 * matches each of textStart and textEnd within one block.
 */
export function textDirective(quote: string): string {
  const blocks = quote.split(/\n\s*\n/u).map((b) => b.trim().split(/\s+/u).filter(Boolean));
  const all = blocks.flat();
  if (blocks.length === 1 && all.length <= WHOLE_QUOTE_WORDS) return `text=${encodeFragmentText(all.join(' '))}`;
  const first = blocks[0]!;
  const last = blocks.at(-1)!;
  const startWords = first.slice(0, Math.min(EDGE_WORDS, blocks.length === 1 ? Math.floor(first.length / 2) : first.length));
  const endWords = last.slice(-Math.min(EDGE_WORDS, blocks.length === 1 ? first.length - startWords.length : last.length));
  return `text=${encodeFragmentText(startWords.join(' '))},${encodeFragmentText(endWords.join(' '))}`;
}

/** The article url (any existing fragment replaced) with the text directive for the quote. */
export function citationUrl(articleUrl: string, quote: string): string {
  const base = articleUrl.split('#')[0]!;
  return `${base}#:~:${textDirective(quote)}`;
}

/** The start (and end, if any) texts a citation url asks the browser to find. */
export function parseTextDirective(url: string): { start: string; end?: string } | undefined {
  const m = /#:~:text=([^&]*)/.exec(url);
  if (!m) return undefined;
  const [start, end] = m[1]!.split(',');
  const out: { start: string; end?: string } = { start: decodeFragmentText(start!) };
  if (end !== undefined) out.end = decodeFragmentText(end);
  return out;
}
