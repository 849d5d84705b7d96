import { z } from 'zod';

/**
 * The contracts other code and people rely on (DESIGN.md). factbase.json is validated against
 * these on every load; bump FACTBASE_FORMAT_VERSION when a change would misread an older file.
 */
export const FACTBASE_FORMAT_VERSION = 1;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  // The shape alone let 2025-13-45 through: the day must exist in the calendar.
  .refine((v) => isCalendarDay(v), 'is not a real calendar date');

function isCalendarDay(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** A date at the precision the source gives: 2025, 2025-11 or 2025-11-24. */
const isoPartialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD');

/** ISO 3166 alpha-3 for countries (KEN), lower-case slugs for everything else (william-ruto). */
export const EntityIdSchema = z
  .string()
  .regex(/^(?:[A-Z]{3}|[a-z0-9]+(?:-[a-z0-9]+)*)$/, 'expected an ISO 3166 alpha-3 code or a lower-case slug');
export type EntityId = z.infer<typeof EntityIdSchema>;

export const PublisherKindSchema = z.enum([
  'news',
  'newspaper',
  'wire',
  'magazine',
  'agency',
  'forum',
  'blog',
  'government',
  'other',
]);
export type PublisherKind = z.infer<typeof PublisherKindSchema>;

/** Front matter of data/articles/<id>.md. The body follows verbatim and is not part of this object. */
export const ArticleMetaSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case slug'),
    title: z.string().min(1),
    /** True where the headline was worked out (e.g. from a URL slug) rather than seen. */
    titleIsInferred: z.boolean().optional(),
    publisher: z.string().min(1),
    publisherKind: PublisherKindSchema,
    /** The site that carried a syndicated story (Reuters via Zawya). */
    via: z.string().min(1).optional(),
    author: z.string().min(1).optional(),
    published: isoDay,
    publishedIsApprox: z.boolean().optional(),
    url: z.url(),
    language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/, 'expected a BCP 47 language tag'),
    /** What a reader should know about the source: rewrites, doubtful claims. Shown in briefs. */
    caveats: z.array(z.string().min(1)).optional(),
    /** Set on articles fetched by `briefbot add` / `poll` (issue 11): when, from which source, at which canonical URL. */
    fetchedAt: z.iso.datetime({ offset: true }).optional(),
    sourceId: z.string().min(1).optional(),
    canonicalUrl: z.url().optional(),
    /** Fields guessed rather than read from the page's metadata (e.g. published from the URL). */
    inferred: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

export const CitationSchema = z
  .object({
    articleId: z.string().min(1),
    /** An exact substring of the article body: body.slice(start, end) === quote. */
    quote: z.string().min(1),
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    /** The article url with a `#:~:text=` fragment that opens the page at the quote. */
    url: z.url(),
  })
  .strict()
  .refine((c) => c.end > c.start, { message: 'end must be greater than start', path: ['end'] });
export type Citation = z.infer<typeof CitationSchema>;

export const FactDateSchema = z
  .object({
    value: isoPartialDate,
    precision: z.enum(['day', 'month', 'year']),
    /** event: the text states or implies when it happened; published: fell back to the article date. */
    kind: z.enum(['event', 'published']),
    approximate: z.boolean(),
    /**
     * Where the date came from: the sentence's main clause, the article's dateline (the lead), the
     * previous sentence (a figure whose year it states), or the publication date. For --explain.
     */
    source: z.enum(['sentence', 'dateline', 'previous-sentence', 'published']).optional(),
    /** The words the date was read from, when the text gave it. */
    phrase: z.string().min(1).optional(),
  })
  .strict();
export type FactDate = z.infer<typeof FactDateSchema>;

export const AmountSchema = z
  .object({
    value: z.number().finite(),
    /** ISO 4217 for money (KES, MYR, USD); otherwise a unit: percent, km, count… */
    unit: z.string().min(1),
    kind: z.enum(['currency', 'percent', 'length', 'count', 'other']),
    /** The words of the source the amount was read from. */
    text: z.string().min(1),
    usd: z
      .object({
        value: z.number().finite(),
        /** article: the article gives the USD figure; rate-table: converted with data/rates.yaml. */
        source: z.enum(['article', 'rate-table']),
        rateDate: isoDay.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Amount = z.infer<typeof AmountSchema>;

/**
 * An entity a fact carries only through context: its sentence refers to it ("the two leaders",
 * "both sides", "he") or inherits it (a bullet's lead-in, the story's main parties). Kept apart from
 * `entities` (named in the sentence itself) so search can weigh mentions above context and a
 * renderer can say "(from context)".
 */
export const ContextEntitySchema = z
  .object({
    id: EntityIdSchema,
    /**
     * reference: a phrase in the sentence points at it; lead-in: a bullet's lead-in names it; story:
     * the article's main parties; dateline: the place the lead was filed from.
     */
    via: z.enum(['reference', 'lead-in', 'story', 'dateline']),
    /** The words of the sentence that refer to it ("the two leaders"), where there are any. */
    phrase: z.string().min(1).optional(),
  })
  .strict();
export type ContextEntity = z.infer<typeof ContextEntitySchema>;

/** Another fact that reports the same event differently (not merged: the wording or the claim differs). */
export const RelatedFactSchema = z
  .object({
    factId: z.string().regex(/^f_[0-9a-f]{12,}$/),
    /** How the two differ, in a reader's words ("committed to removing" vs "decision to scrap"). */
    how: z.string().min(1),
    /** What differs: the stance, the figures, or only the wording (then it is no disagreement). */
    differs: z.enum(['stance', 'amounts', 'wording']).optional(),
  })
  .strict();
export type RelatedFact = z.infer<typeof RelatedFactSchema>;

export const FactSchema = z
  .object({
    /** Stable: the same sentence keeps its id across rebuilds. */
    id: z.string().regex(/^f_[0-9a-f]{12,}$/, 'expected f_ followed by a hex hash'),
    text: z.string().min(1),
    /** Entities the sentence itself names (mentions). */
    entities: z.array(EntityIdSchema),
    /** Entities the fact carries through context; disjoint from `entities`. */
    context: z.array(ContextEntitySchema).default([]),
    topics: z.array(z.string().min(1)),
    date: FactDateSchema,
    amounts: z.array(AmountSchema),
    /** Entity id of the person quoted, for quotes. */
    speaker: EntityIdSchema.optional(),
    /** When the fact base first held this fact (ISO 8601 instant): what a digest calls new. */
    firstSeen: z.iso.datetime(),
    citations: z.array(CitationSchema).min(1),
    /** Reports of the same event that differ from this one. */
    related: z.array(RelatedFactSchema).default([]),
    /** Doubts a reader should weigh, carried from the cited articles' caveats. */
    caveats: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type Fact = z.infer<typeof FactSchema>;

export const EntityKindSchema = z.enum(['country', 'person', 'organization', 'place', 'programme', 'other']);
export type EntityKind = z.infer<typeof EntityKindSchema>;

/** One entry of data/entities.yaml, also embedded in factbase.json so search needs one file. */
export const EntitySchema = z
  .object({
    id: EntityIdSchema,
    kind: EntityKindSchema,
    name: z.string().min(1),
    /** Other names, short forms, acronyms, demonyms and titled forms that refer to this entity. */
    aliases: z.array(z.string().min(1)).default([]),
    /** For places: the country a mention also counts for. For people and organizations: informational. */
    country: z.string().regex(/^[A-Z]{3}$/).optional(),
    role: z.string().min(1).optional(),
    /** True for names the ingest found in the text (not in the gazetteer). */
    discovered: z.boolean().optional(),
  })
  .strict();
export type Entity = z.infer<typeof EntitySchema>;

export const TopicSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    label: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    phrases: z.array(z.string().min(1)).default([]),
    /** Senses that do not count: a keyword inside one of these phrases is not this topic ("defense of"). */
    exclude: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type Topic = z.infer<typeof TopicSchema>;

/** A wire dateline ("LAGOS, Nigeria, June 2 (AFP) –"), read from the body by the ingest. */
export const DatelineSchema = z
  .object({
    /** The place as printed. */
    place: z.string().min(1),
    /** The gazetteer entity the place names, when it names one. */
    entity: EntityIdSchema.optional(),
    /** The date as printed, and the day it names (read against the publication date). */
    dateText: z.string().min(1).optional(),
    date: isoDay.optional(),
    agency: z.string().min(1).optional(),
  })
  .strict();
export type Dateline = z.infer<typeof DatelineSchema>;

/** Article metadata as carried in factbase.json (the body stays in data/articles), plus what the ingest read from the body. */
export const FactBaseArticleSchema = ArticleMetaSchema.extend({ dateline: DatelineSchema.optional() });

export const FactBaseSchema = z
  .object({
    formatVersion: z.literal(FACTBASE_FORMAT_VERSION),
    articles: z.array(FactBaseArticleSchema),
    entities: z.array(EntitySchema),
    topics: z.array(TopicSchema),
    facts: z.array(FactSchema),
  })
  .strict();
export type FactBaseData = z.infer<typeof FactBaseSchema>;
