import { Readability } from '@mozilla/readability';

/**
 * The story as the reader saw it, one block of the page per paragraph: Readability picks the
 * article's container (dropping navigation, cookie banners, footers), and each block element in it
 * becomes one paragraph of its own text with whitespace collapsed, so every sentence is also a run
 * of the page's visible text (what a `#:~:text=` link searches). List items keep a "• " so the
 * ingest's bullet rule gives them their lead-in. Furniture inside the story (share bars, "Read
 * more" blocks, captions) is left to the ingest's furniture rules, as for hand-captured files.
 */
export interface ExtractedBody {
  paragraphs: string[];
  title?: string;
  byline?: string;
  siteName?: string;
  publishedTime?: string;
  lang?: string;
}

const LEAF_BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'PRE', 'FIGCAPTION', 'DT', 'DD', 'TD', 'TH', 'CAPTION', 'SUMMARY']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'FORM', 'INPUT', 'SELECT', 'TEXTAREA', 'IFRAME']);

export function extractBody(document: Document): ExtractedBody | undefined {
  const parsed = new Readability<Element>(document, { serializer: (node) => node as Element, keepClasses: false }).parse();
  if (!parsed?.content) return undefined;
  const paragraphs: string[] = [];
  walk(parsed.content, paragraphs);
  const out: ExtractedBody = { paragraphs: paragraphs.filter((p) => p.length > 0) };
  if (parsed.title) out.title = parsed.title.trim();
  if (parsed.byline) out.byline = parsed.byline.trim();
  if (parsed.siteName) out.siteName = parsed.siteName.trim();
  if (parsed.publishedTime) out.publishedTime = parsed.publishedTime.trim();
  if (parsed.lang) out.lang = parsed.lang.trim();
  return out;
}

export function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function walk(node: Element, out: string[]): void {
  let inline = '';
  const flush = () => {
    const t = collapse(inline);
    if (t) out.push(t);
    inline = '';
  };
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      inline += child.textContent ?? '';
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') continue;
    if (LEAF_BLOCKS.has(tag) && !hasBlockChild(el)) {
      flush();
      const text = collapse(el.textContent ?? '');
      if (text) out.push(tag === 'LI' ? `• ${text}` : text);
    } else if (isBlock(el)) {
      flush();
      walk(el, out);
    } else {
      inline += el.textContent ?? '';
    }
  }
  flush();
}

const BLOCKS = new Set([...LEAF_BLOCKS, 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'ASIDE', 'HEADER', 'FOOTER', 'NAV', 'UL', 'OL', 'DL', 'BLOCKQUOTE', 'FIGURE', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'DETAILS', 'HR']);

function isBlock(el: Element): boolean {
  return BLOCKS.has(el.tagName.toUpperCase());
}

function hasBlockChild(el: Element): boolean {
  return Array.from(el.children).some((c) => isBlock(c));
}
