import { join } from 'node:path';
import { z } from 'zod';
import { BriefbotError, isBriefbotError } from '../errors.js';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import { openFactStore } from '../factbase/open-store.js';
import { ingestReads } from '../ingest/languages.js';
import type { Logger } from '../logger.js';
import { writeArticleFile, type WriteStatus } from './article-file.js';
import { commitArticles } from './commit-articles.js';
import { displayUrl } from './display-url.js';
import { extractArticle } from './extract/extract-article.js';
import { languageName } from './extract/language.js';
import type { SafeFetch } from './fetch-types.js';

export { commitArticles, type CommitInput, type CommitResult } from './commit-articles.js';

export const AddResultSchema = z.object({
  status: z.enum(['added', 'unchanged', 'refused']),
  articleId: z.string().optional(),
  newFacts: z.number().int().nonnegative(),
  /** What to tell whoever asked, in chat or on the terminal. */
  reason: z.string().min(1),
  /** The article's language, when it was read. */
  language: z.string().optional(),
  /** The BriefbotError code behind a refusal (FETCH_*, ADD_*). */
  code: z.string().optional(),
});
export type AddResult = z.infer<typeof AddResultSchema>;

export const FetchedArticleSchema = z.object({
  status: z.enum(['added', 'updated', 'unchanged']),
  articleId: z.string(),
  title: z.string(),
  publisher: z.string(),
  language: z.string(),
  url: z.string(),
});
export type FetchedArticle = z.infer<typeof FetchedArticleSchema>;

export interface FetchArticleInput {
  url: string;
  dataDir: string;
  fetch: SafeFetch;
  now: Date;
  logger: Logger;
  sourceId?: string;
}

const HTML_TYPES = ['text/html', 'application/xhtml+xml'];

/**
 * Fetch, extract and write `<dataDir>/articles/<id>.md`, without ingesting (polling writes a
 * batch, then commits once). Throws BriefbotError (FETCH_*, ADD_NOT_ARTICLE, ADD_PAYWALL) whose
 * message is the reply to show.
 */
export async function fetchArticleToFile(input: FetchArticleInput): Promise<FetchedArticle> {
  const fetched = await input.fetch(input.url, { accept: HTML_TYPES });
  const shown = displayUrl(fetched.url);
  const extraction = extractArticle({ html: fetched.text, url: fetched.url, fetchedAt: input.now });
  if (extraction.kind === 'not-article') throw new BriefbotError('ADD_NOT_ARTICLE', { url: shown, why: extraction.why });
  if (extraction.kind === 'paywall') throw new BriefbotError('ADD_PAYWALL', { url: shown, words: extraction.words });
  const written = await writeArticleFile({
    dataDir: input.dataDir,
    article: extraction.article,
    fetchedAt: input.now,
    ...(input.sourceId ? { sourceId: input.sourceId } : {}),
  });
  return {
    status: written.status satisfies WriteStatus,
    articleId: written.id,
    title: written.meta.title,
    publisher: written.meta.publisher,
    language: written.meta.language,
    url: written.meta.url,
  };
}

export interface AddArticleInput extends FetchArticleInput {
  /** Who asked ("slack:T1/U2", "cli:alice"): logged with every add. */
  requestedBy?: string;
  /** The configured fact store (default: `<dataDir>/factbase.json`). */
  factStore?: FactStoreDescriptor;
}

/** `briefbot add <url>` and `/brief add <url>`: fetch, extract, write, ingest, and say what happened. */
export async function addArticleFromUrl(input: AddArticleInput): Promise<AddResult> {
  const log = input.logger.child({ url: displayUrl(input.url), requestedBy: input.requestedBy ?? 'unknown', ...(input.sourceId ? { sourceId: input.sourceId } : {}) });
  let result: AddResult;
  try {
    result = await addOrThrow(input, log);
  } catch (e) {
    if (!isBriefbotError(e) || !(e.code.startsWith('FETCH_') || e.code.startsWith('ADD_'))) {
      log.error({ err: e }, 'article add failed');
      throw e;
    }
    result = { status: 'refused', newFacts: 0, reason: e.message, code: e.code };
  }
  log.info({ status: result.status, articleId: result.articleId, newFacts: result.newFacts, code: result.code, language: result.language }, 'article add');
  return AddResultSchema.parse(result);
}

async function addOrThrow(input: AddArticleInput, log: Logger): Promise<AddResult> {
  const got = await fetchArticleToFile({ ...input, logger: log });
  const language = got.language;
  const label = `${got.articleId} (“${got.title}”, ${got.publisher})`;
  if (got.status === 'unchanged' && (await inFactBase(input, got.articleId))) {
    return { status: 'unchanged', articleId: got.articleId, newFacts: 0, language, reason: `Already in the fact base: ${label}. Nothing new to add.` };
  }
  const committed = await commitArticles({ dataDir: input.dataDir, articleIds: [got.articleId], now: input.now, logger: log, ...(input.factStore ? { factStore: input.factStore } : {}) });
  const newFacts = committed.newFacts[got.articleId] ?? 0;
  const corroborated = committed.corroborated[got.articleId] ?? 0;
  const verb = got.status === 'updated' ? 'Updated' : 'Added';
  if (!ingestReads(language)) {
    return {
      status: 'added',
      articleId: got.articleId,
      newFacts: 0,
      language,
      reason: `${verb} ${label}, but it is in ${languageName(language)} (${language}), which I do not read yet: it is kept, and makes no facts.`,
    };
  }
  const also = corroborated > 0 ? ` (and ${corroborated} fact${corroborated === 1 ? '' : 's'} already there now cite it too)` : '';
  return {
    status: 'added',
    articleId: got.articleId,
    newFacts,
    language,
    reason: `${verb} ${label}: ${newFacts} new fact${newFacts === 1 ? '' : 's'}${also}.`,
  };
}

async function inFactBase(input: AddArticleInput, articleId: string): Promise<boolean> {
  const store = await openFactStore(input.factStore ?? { kind: 'file', file: join(input.dataDir, 'factbase.json') });
  try {
    return (await store.read()).data.articles.some((a) => a.id === articleId);
  } catch {
    return false;
  } finally {
    await store.close();
  }
}
