import type { Kysely, Selectable } from 'kysely';
import { newId } from './ids.js';
import type { SourcesTable, Tables } from './tables.js';
import type { EntryKey, NewSource, PollOutcome, SeenEntry, Source, SourceStore } from './source-types.js';

/** SourceStore over either engine; KyselyStore delegates here (and wraps each call in its guard). */
export function sourceQueries(db: Kysely<Tables>): SourceStore {
  return {
    async addSource(source: NewSource, now: Date): Promise<Source> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const row: SourcesTable = {
          id: newId('s'),
          url: source.url,
          name: source.name,
          added_by: source.addedBy,
          added_at: now.toISOString(),
          etag: null,
          last_modified: null,
          last_poll_at: null,
          next_poll_at: '',
          last_error: null,
          consecutive_errors: 0,
          entries_seen: 0,
          articles_added: 0,
          errors_total: 0,
        };
        const r = await db.insertInto('sources').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) return toSource(row);
        // The URL is unique: a second add of one feed returns the first.
        const existing = await db.selectFrom('sources').selectAll().where('url', '=', source.url).executeTakeFirst();
        if (existing) return toSource(existing);
      }
      throw new Error('could not allocate a source id after 5 attempts');
    },

    async getSource(id) {
      const row = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSource(row) : undefined;
    },

    async findSourceByUrl(url) {
      const row = await db.selectFrom('sources').selectAll().where('url', '=', url).executeTakeFirst();
      return row ? toSource(row) : undefined;
    },

    async listSources() {
      const rows = await db.selectFrom('sources').selectAll().orderBy('added_at').orderBy('id').execute();
      return rows.map(toSource);
    },

    async removeSource(id) {
      // Entries first: SQLite enforces the foreign key's cascade only with a pragma.
      await db.deleteFrom('feed_entries').where('source_id', '=', id).execute();
      const r = await db.deleteFrom('sources').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    async claimDueSources(now, leaseUntil, limit) {
      const at = now.toISOString();
      const rows = await db
        .selectFrom('sources')
        .selectAll()
        .where('next_poll_at', '<=', at)
        .orderBy('next_poll_at')
        .limit(limit)
        .execute();
      const out: Source[] = [];
      for (const r of rows) {
        // Test-and-set on the value read: only one poller moves it.
        const taken = await db
          .updateTable('sources')
          .set({ next_poll_at: leaseUntil.toISOString() })
          .where('id', '=', r.id)
          .where('next_poll_at', '=', r.next_poll_at)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 1) out.push(toSource(r));
      }
      return out;
    },

    async recordPoll(id: string, o: PollOutcome) {
      await db
        .updateTable('sources')
        .set((eb) => ({
          last_poll_at: o.now.toISOString(),
          next_poll_at: o.nextPollAt.toISOString(),
          last_error: o.error,
          consecutive_errors: o.error === null ? 0 : eb('consecutive_errors', '+', 1),
          errors_total: o.error === null ? eb.ref('errors_total') : eb('errors_total', '+', 1),
          entries_seen: eb('entries_seen', '+', o.entriesSeen),
          articles_added: eb('articles_added', '+', o.articlesAdded),
          ...(o.etag !== undefined ? { etag: o.etag } : {}),
          ...(o.lastModified !== undefined ? { last_modified: o.lastModified } : {}),
        }))
        .where('id', '=', id)
        .execute();
    },

    async seenEntries(sourceId: string, entries: readonly EntryKey[]): Promise<EntryKey[]> {
      if (entries.length === 0) return [];
      const seen = { urls: new Set<string>(), guids: new Set<string>(), hashes: new Set<string>() };
      // Chunked: both engines cap bound parameters per statement.
      for (let i = 0; i < entries.length; i += 200) {
        const chunk = entries.slice(i, i + 200);
        const urls = chunk.map((e) => e.canonicalUrl);
        const hashes = chunk.map((e) => e.contentHash);
        const guids = chunk.map((e) => e.guid).filter((g): g is string => g !== null);
        const rows = await db
          .selectFrom('feed_entries')
          .select(['source_id', 'canonical_url', 'guid', 'content_hash'])
          .where((eb) =>
            eb.or([
              eb('canonical_url', 'in', urls),
              eb('content_hash', 'in', hashes),
              ...(guids.length > 0 ? [eb.and([eb('source_id', '=', sourceId), eb('guid', 'in', guids)])] : []),
            ]),
          )
          .execute();
        for (const r of rows) {
          seen.urls.add(r.canonical_url);
          seen.hashes.add(r.content_hash);
          if (r.guid !== null && r.source_id === sourceId) seen.guids.add(r.guid);
        }
      }
      return entries.filter(
        (e) => seen.urls.has(e.canonicalUrl) || seen.hashes.has(e.contentHash) || (e.guid !== null && seen.guids.has(e.guid)),
      );
    },

    async markEntriesSeen(entries: readonly SeenEntry[], now: Date) {
      const at = now.toISOString();
      for (let i = 0; i < entries.length; i += 100) {
        const rows = entries.slice(i, i + 100).map((e) => ({
          source_id: e.sourceId,
          canonical_url: e.canonicalUrl,
          guid: e.guid,
          content_hash: e.contentHash,
          status: e.status,
          article_id: e.articleId,
          detail: e.detail === null ? null : e.detail.slice(0, 2000),
          seen_at: at,
        }));
        await db
          .insertInto('feed_entries')
          .values(rows)
          .onConflict((oc) => oc.columns(['source_id', 'canonical_url']).doNothing())
          .execute();
      }
    },
  };
}

function toSource(r: Selectable<SourcesTable>): Source {
  return {
    id: r.id,
    url: r.url,
    name: r.name,
    addedBy: r.added_by,
    addedAt: r.added_at,
    etag: r.etag,
    lastModified: r.last_modified,
    lastPollAt: r.last_poll_at,
    nextPollAt: r.next_poll_at,
    lastError: r.last_error,
    consecutiveErrors: Number(r.consecutive_errors),
    entriesSeen: Number(r.entries_seen),
    articlesAdded: Number(r.articles_added),
    errorsTotal: Number(r.errors_total),
  };
}
