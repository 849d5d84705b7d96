import type { ArticleNames } from './discover/article-names.js';

/**
 * Which of an article's caveats concern a fact. A caveat that names a person, organisation or
 * programme ("Names Eliud Owalo as … Cabinet Secretary") concerns the facts that carry that entity;
 * one that names none ("a forum rewrite", "the date is inferred") concerns every fact of the article.
 */
export function caveatsFor(caveats: readonly string[], factEntities: ReadonlySet<string>, names: ArticleNames): string[] {
  return caveats.filter((caveat) => {
    const specific = names.find(caveat).map((m) => m.entityId).filter((id) => {
      const kind = names.kindOf(id);
      return kind === 'person' || kind === 'organization' || kind === 'programme';
    });
    return specific.length === 0 || specific.some((id) => factEntities.has(id));
  });
}
