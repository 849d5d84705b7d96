/**
 * Teams renders a subset of CommonMark in TextBlock and Fact text: **bold**, _italic_, lists
 * ("- ", "1. " at a line start) and [links](url); the web renderer (markdown-it) also honours the
 * rest of CommonMark, and `{{DATE(…)}}` / `{{TIME(…)}}` are expanded by every Adaptive Card host.
 * Anything a user typed or an article says is escaped with CommonMark backslash escapes so it
 * shows as typed: a headline cannot smuggle in a link, bold text or a list.
 */
// Only what can start markup is escaped, so text stays readable in any host that shows the
// backslashes: brackets (links, images: `!` and `(` mean nothing without `[`), emphasis and code
// marks, `<` (autolinks, HTML), `{` (`{{…}}` templating) and entity-like `&…;`.
const INLINE_SPECIALS = /[\\`*_[\]~<{]|&(?=#?[A-Za-z0-9]+;)/g;

export function escapeTeamsMarkdown(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      // Leading indentation would make an indented code block.
      .replace(/^[ \t]+/gm, '')
      .replace(INLINE_SPECIALS, (ch) => `\\${ch}`)
      // Block markers only mean something at the start of a line: lists, headings, quotes.
      .replace(/^([-+=#>|])/gm, '\\$1')
      .replace(/^(\d+)([.)])/gm, '$1\\$2')
  );
}

/** Cut overly long text at a word boundary, with an ellipsis, before escaping. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Action titles are plain text in every host, but a title has a practical length. */
export function actionTitle(s: string, max: number): string {
  return clip(s.replace(/\s+/g, ' ').trim(), max);
}
