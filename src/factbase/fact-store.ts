import { z } from 'zod';
import { EntitySchema, FactBaseArticleSchema, FactSchema, TopicSchema, type Fact, type FactBaseData } from './schema.js';

/**
 * Which fact store to open, as plain data: a worker thread or a second process opens the same
 * store from it. The PostgreSQL URL may carry a password, so a descriptor is never logged; use
 * the store's `location` in messages.
 */
export const FactStoreDescriptorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), file: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('postgres'),
      url: z.string().regex(/^postgres(?:ql)?:\/\//),
      /** A schema of its own (created if missing) instead of the connection's search_path: tests isolate runs this way. */
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/)
        .optional(),
    })
    .strict(),
]);
export type FactStoreDescriptor = z.infer<typeof FactStoreDescriptorSchema>;

/** Rows of one kind that changed: upserted whole, or deleted (by id). */
const changeSet = <T extends z.ZodType>(item: T) => z.object({ upsert: z.array(item), delete: z.array(z.string().min(1)) }).strict();

/**
 * What changed between two versions of a fact base. A fact carries its citations and links, so
 * a fact whose citations or links changed is upserted whole.
 */
export const FactBaseChangesSchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1),
    articles: changeSet(FactBaseArticleSchema),
    entities: changeSet(EntitySchema),
    topics: changeSet(TopicSchema),
    facts: changeSet(FactSchema),
  })
  .strict();
export type FactBaseChanges = z.infer<typeof FactBaseChangesSchema>;

export interface FactStoreSnapshot {
  version: string;
  data: FactBaseData;
}

/**
 * Where a streamed read hands the fact base: `rest` once (everything but the facts, its records
 * validated), then each fact validated and checked against the rest, in canonical order (as
 * `briefbot ingest` writes them). A sink that keeps the facts shares their strings (intern.ts);
 * one that passes them on need not. `restart` is called if a read that already handed facts on
 * starts over (a file off the streamed layout, found late, is read again whole): forget what was
 * handed on.
 */
export interface FactSink {
  /** `facts`: how many facts will follow, when the store knows before it reads them (PostgreSQL). */
  rest(rest: Omit<FactBaseData, 'facts'>, facts?: number): void;
  fact(f: Fact): void;
  restart(): void;
  /** Awaited between batches of the read: hold the read back while what was handed on is taken. */
  drain?(): Promise<void> | undefined;
}

export interface FactStoreWriteOptions {
  /** Refuse the write (FACTSTORE_CONFLICT) unless the store is still at this version. */
  expectedVersion?: string;
}

/**
 * Where the fact base lives. Readers see one version or the next, never a mix of two. Versions
 * are opaque strings; equal strings mean the same fact base.
 */
export interface FactStore {
  readonly kind: FactStoreDescriptor['kind'];
  /** For messages and logs: a path or host/database, never a password. */
  readonly location: string;
  readonly descriptor: FactStoreDescriptor;
  /** The version now stored ('0' for an empty PostgreSQL store; '' for a missing file). */
  version(): Promise<string>;
  /** The whole fact base, validated (FACTBASE_* / FACTSTORE_EMPTY errors otherwise). */
  read(): Promise<FactStoreSnapshot>;
  /**
   * The whole fact base handed to `sink` as it is read, never held whole; resolves to the version
   * read. Errors as `read` (thrown; facts already handed on are then to be dropped).
   */
  stream(sink: FactSink): Promise<string>;
  /**
   * What changed after `version`; undefined when the store cannot tell, or when more than
   * `maxFacts` facts changed (the caller reads all, streamed, instead of holding them all here).
   */
  changesSince(version: string, maxFacts?: number): Promise<FactBaseChanges | undefined>;
  /**
   * Replaces the fact base with `next` in one step and returns the new version. A fact already
   * stored keeps its firstSeen. A write that fails leaves the previous version in place.
   */
  write(next: FactBaseData, options?: FactStoreWriteOptions): Promise<string>;
  /** Calls `onChange` (maybe more than once per change; maybe spuriously) when the store may have changed. */
  watch(onChange: () => void): () => void;
  close(): Promise<void>;
}
