/**
 * The article node of a page's JSON-LD: `NewsArticle` / `Article` / `ReportageNewsArticle` /
 * `BlogPosting`…, found at the top level, in an array or inside `@graph`; other nodes of the graph
 * (the publisher's Organization, the WebPage) are kept so references by `@id` can be followed.
 */
export interface JsonLdArticle {
  node: Record<string, unknown>;
  type: string;
  byId: Map<string, Record<string, unknown>>;
  /** Every @type seen on the page, article or not (CollectionPage says "not an article"). */
  types: string[];
}

const ARTICLE_TYPES = /^(?:News|Reportage|Analysis|Opinion|Review|Background|Scholarly|Tech|Satirical|Advertiser)?Article$|^(?:BlogPosting|LiveBlogPosting|Report|SocialMediaPosting)$/;

export function parseJsonLd(scripts: readonly string[]): JsonLdArticle | { types: string[] } {
  const nodes: Record<string, unknown>[] = [];
  for (const text of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // A page with a broken block still has its other metadata.
      continue;
    }
    collect(data, nodes);
  }
  const byId = new Map<string, Record<string, unknown>>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const types = nodes.flatMap(typesOf);
  const article = nodes.find((n) => typesOf(n).some((t) => ARTICLE_TYPES.test(t)));
  if (!article) return { types };
  return { node: article, type: typesOf(article).find((t) => ARTICLE_TYPES.test(t))!, byId, types };
}

function collect(data: unknown, out: Record<string, unknown>[]): void {
  if (Array.isArray(data)) {
    for (const d of data) collect(d, out);
    return;
  }
  if (!data || typeof data !== 'object') return;
  const obj = data as Record<string, unknown>;
  if (Array.isArray(obj['@graph'])) collect(obj['@graph'], out);
  if (obj['@type'] !== undefined) out.push(obj);
}

function typesOf(n: Record<string, unknown>): string[] {
  const t = n['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
}

/** A property as text: a string, the `name` of an object (or of the node it references), the first of a list. */
export function textOf(value: unknown, byId: Map<string, Record<string, unknown>>): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    const names = value.map((v) => textOf(v, byId)).filter((v): v is string => v !== undefined);
    return names.length > 0 ? names.join(', ') : undefined;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const ref = typeof obj['@id'] === 'string' ? byId.get(obj['@id']) : undefined;
    const name = obj['name'] ?? ref?.['name'];
    return typeof name === 'string' ? name.trim() || undefined : undefined;
  }
  return undefined;
}

/** The resolved node behind a property (the publisher object, followed by @id). */
export function nodeOf(value: unknown, byId: Map<string, Record<string, unknown>>): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || typeof v !== 'object') return undefined;
  const obj = v as Record<string, unknown>;
  const ref = typeof obj['@id'] === 'string' ? byId.get(obj['@id']) : undefined;
  return ref ? { ...ref, ...obj } : obj;
}

/** isAccessibleForFree false on the article or a part of it: the schema.org paywall marker. */
export function markedPaywalled(node: Record<string, unknown>): boolean {
  const no = (v: unknown) => v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false');
  if (no(node['isAccessibleForFree'])) return true;
  const parts = Array.isArray(node['hasPart']) ? node['hasPart'] : node['hasPart'] ? [node['hasPart']] : [];
  return parts.some((p) => p && typeof p === 'object' && no((p as Record<string, unknown>)['isAccessibleForFree']));
}
