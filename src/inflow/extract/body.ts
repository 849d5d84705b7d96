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
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'FORM', 'INPUT', 'SELECT', 'TEXTAREA', 'IFRAME']);

export function extractBody(document: Document): ExtractedBody | undefined {
  stripFurniture(document);
  const parsed = new Readability<Element>(document, { serializer: (node) => node as Element, keepClasses: false }).parse();
  if (!parsed?.content) return undefined;
  const paragraphs: string[] = [];
  walk(parsed.content, paragraphs);
  const out: ExtractedBody = { paragraphs: paragraphs.filter((p) => p.length > 0 && !isUnendedLongLine(p)) };
  if (parsed.title) out.title = parsed.title.trim();
  if (parsed.byline) out.byline = parsed.byline.trim();
  if (parsed.siteName) out.siteName = parsed.siteName.trim();
  if (parsed.publishedTime) out.publishedTime = parsed.publishedTime.trim();
  if (parsed.lang) out.lang = parsed.lang.trim();
  return out;
}

/**
 * Page furniture the DOM names for what it is, removed before Readability scores the page: a
 * sentence is never inside a share bar, a caption, a byline, a newsletter box or a "related"
 * list, and the class names sites give these are conventional enough to trust. What is left
 * of the furniture inside the story is the ingest's furniture rules' to drop.
 */
const FURNITURE_TAGS = 'nav, aside, form, footer, figcaption, button, dialog, iframe, noscript, template, address';
const FURNITURE_ROLES = '[role="dialog"], [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [aria-modal="true"], [aria-hidden="true"], [hidden]';
const FURNITURE_CLASS =
  /^(?:share|sharing|social|related|onward|newsletter|cookie|consent|gdpr|cmp|byline|author|credits?|caption|breadcrumbs?|tags|post-tags|subscribe|promo|ad|ads|ad-slot|advert|advertisement|sidebar|most-read|comments?|comments-count|meta|submeta|entry-meta|card-meta|meta-dates|timestamp|reading-time|you-may-like|load-more|top-stories|support-ask|skip)(?:$|[-_])/i;

function stripFurniture(document: Document): void {
  for (const el of Array.from(document.querySelectorAll(`${FURNITURE_TAGS}, ${FURNITURE_ROLES}`))) el.remove();
  for (const el of Array.from(document.querySelectorAll('[class], [id]'))) {
    const tokens = [...(el.getAttribute('class') ?? '').split(/\s+/), el.getAttribute('id') ?? ''].filter(Boolean);
    if (tokens.some((t) => FURNITURE_CLASS.test(t)) && !el.querySelector('h1')) el.remove();
  }
  // The site header (logo, sections) but not an article's own header with its headline.
  for (const el of Array.from(document.querySelectorAll('header'))) if (!el.querySelector('h1')) el.remove();
}

/**
 * A block of 80+ characters with no closing punctuation is a standfirst or a heading, never a
 * sentence; kept, the ingest (which rejoins hand-captured lines broken mid-sentence) would glue it
 * to the story's first paragraph.
 */
function isUnendedLongLine(text: string): boolean {
  return text.length >= 80 && !text.startsWith('• ') && !/[.!?:;…"”’')\]»]$/u.test(text);
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
    // A heading titles a part of the page; it is not a sentence of the story, so it makes no fact.
    if (HEADINGS.has(tag)) {
      flush();
      continue;
    }
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
