import type { Entity } from '../../../src/factbase/schema.js';
import { ArticleAnnotator, type Annotation } from '../../../src/ingest/context/resolve.js';
import { loadGazetteer } from '../../../src/ingest/data-files.js';
import { ArticleNames } from '../../../src/ingest/discover/article-names.js';
import { discoverNames } from '../../../src/ingest/discover/discover.js';
import { EntityMatcher } from '../../../src/ingest/entities.js';

export const gazetteer = loadGazetteer('data');
export const matcher = new EntityMatcher(gazetteer);

/** Annotates sentences in order as one article (title + sentences), discovering its names first. */
export function annotateAll(title: string, sentences: (string | [text: string, leadIn: string])[], extra: Entity[] = []): Annotation[] {
  const texts = sentences.map((s) => (typeof s === 'string' ? s : s[0]));
  const found = discoverNames([title, ...texts], matcher).map((d) => d.entity);
  const names = new ArticleNames(matcher, [...found, ...extra]);
  const annotator = new ArticleAnnotator(names, gazetteer.regions, title, texts[0] ?? '');
  return sentences.map((s) => (typeof s === 'string' ? annotator.annotate(s) : annotator.annotate(s[0], s[1])));
}

export const contextIds = (a: Annotation): string[] => a.context.map((c) => c.id);
export const allIds = (a: Annotation): string[] => [...a.entities, ...contextIds(a)];
