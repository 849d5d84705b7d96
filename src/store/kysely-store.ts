import { Migrator, sql, type Kysely, type Selectable } from 'kysely';
import { BriefbotError } from '../errors.js';
import { claimDue } from './claim-due.js';
import { addSubscriptionCapped, countSubscriptions, insertSubscription } from './capped-add.js';
import { migrationProvider } from './migrations.js';
import type { EntryKey, NewSource, PollOutcome, SeenEntry, Source, SourceStore } from './source-types.js';
import { sourceQueries } from './sources-store.js';
import type { DigestLedgerTable, SubscriptionsTable, Tables } from './tables.js';
import type {
  CappedAdd,
  ClaimRequest,
  ConversationRef,
  DueClaim,
  DueCursor,
  DuePlan,
  DueRequest,
  LedgerEntry,
  LedgerStatus,
  NewSubscription,
  Platform,
  ScheduleKind,
  Store,
  Subscription,
  SubscriptionCaps,
  SubscriptionFilter,
} from './types.js';

type Key = { subscriptionId: string; slot: string; owner: string };

export interface KyselyStoreOptions {
  /** Run before migrations are re-applied (PostgreSQL: re-create the test schema if it was dropped). */
  prepare?: () => Promise<void>;
  /** Told when the schema went missing under a running process and was migrated again. */
  onRemigrated?: (migrations: string[]) => void;
  /** Replaces destroying the Kysely instance (a SQLite connection shared in-process is released instead). */
  close?: () => Promise<void>;
}

/** The one Store implementation; the dialect (SQLite or PostgreSQL) comes in with the Kysely instance. */
export class KyselyStore implements Store {
  private remigrating: Promise<void> | undefined;
  private readonly sources: SourceStore;

  constructor(
    private readonly db: Kysely<Tables>,
    readonly engine: 'sqlite' | 'postgres',
    private readonly options: KyselyStoreOptions = {},
  ) {
    this.sources = sourceQueries(db);
  }

  addSource(source: NewSource, now: Date): Promise<Source> {
    return this.guard(() => this.sources.addSource(source, now));
  }
  getSource(id: string): Promise<Source | undefined> {
    return this.guard(() => this.sources.getSource(id));
  }
  findSourceByUrl(url: string): Promise<Source | undefined> {
    return this.guard(() => this.sources.findSourceByUrl(url));
  }
  listSources(): Promise<Source[]> {
    return this.guard(() => this.sources.listSources());
  }
  removeSource(id: string): Promise<boolean> {
    return this.guard(() => this.sources.removeSource(id));
  }
  claimDueSources(now: Date, leaseUntil: Date, limit: number): Promise<Source[]> {
    return this.guard(() => this.sources.claimDueSources(now, leaseUntil, limit));
  }
  recordPoll(id: string, outcome: PollOutcome): Promise<void> {
    return this.guard(() => this.sources.recordPoll(id, outcome));
  }
  seenEntries(sourceId: string, entries: readonly EntryKey[]): Promise<EntryKey[]> {
    return this.guard(() => this.sources.seenEntries(sourceId, entries));
  }
  markEntriesSeen(entries: readonly SeenEntry[], now: Date): Promise<void> {
    return this.guard(() => this.sources.markEntriesSeen(entries, now));
  }

  /**
   * Runs one store operation; if its tables are gone (the database or schema was dropped and
   * re-created under a running bot) the migrations run again, once for all callers, and the
   * operation is retried once. Nothing else is retried here: the caller decides about the rest.
   */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (!isMissingSchema(err)) throw err;
      this.remigrating ??= (async () => {
        await this.options.prepare?.();
        const applied = await this.migrate();
        this.options.onRemigrated?.(applied);
      })().finally(() => (this.remigrating = undefined));
      await this.remigrating;
      return op();
    }
  }

  /** Applies pending migrations; safe to call from several processes at once (Kysely takes a lock). */
  async migrate(): Promise<string[]> {
    // Kysely looks for its own tables in every schema unless told which: with other schemas on the
    // server holding a kysely_migration table (other apps, other test runs) it would skip creating
    // ours. So on PostgreSQL the bookkeeping lives in the schema the store's tables go to.
    let migrationTableSchema: string | undefined;
    if (this.engine === 'postgres') {
      const { rows } = await sql<{ s: string | null }>`select current_schema() as s`.execute(this.db);
      migrationTableSchema = rows[0]?.s ?? undefined;
    }
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider,
      ...(migrationTableSchema !== undefined ? { migrationTableSchema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration)';
      throw new BriefbotError('STORE_MIGRATION_FAILED', {
        engine: this.engine,
        migration: failed,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async addSubscription(sub: NewSubscription, now: Date): Promise<Subscription> {
    return this.guard(() => insertSubscription(this.db, sub, now, toSubscription));
  }

  async addSubscriptionCapped(sub: NewSubscription, now: Date, caps: SubscriptionCaps): Promise<CappedAdd> {
    return this.guard(() => addSubscriptionCapped(this.db, this.engine, sub, now, caps, toSubscription));
  }

  async getSubscription(id: string): Promise<Subscription | undefined> {
    return this.guard(async () => {
      const row = await this.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSubscription(row) : undefined;
    });
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    return this.guard(async () => {
      let q = this.db.selectFrom('subscriptions').selectAll();
      if (filter.activeOnly !== false) q = q.where('active', '=', 1);
      if (filter.platform !== undefined) q = q.where('platform', '=', filter.platform);
      if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
      if (filter.channelId !== undefined) q = q.where('channel_id', '=', filter.channelId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toSubscription);
    });
  }

  async countSubscriptions(filter: SubscriptionFilter = {}): Promise<number> {
    return this.guard(() => countSubscriptions(this.db, filter));
  }

  async deactivateSubscription(id: string, where: { platform: Platform; channelId: string }): Promise<boolean> {
    return this.guard(async () => {
      const r = await this.db
        .updateTable('subscriptions')
        .set({ active: 0 })
        .where('id', '=', id)
        .where('platform', '=', where.platform)
        .where('channel_id', '=', where.channelId)
        .where('active', '=', 1)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  async deactivateChannel(where: { platform: Platform; channelId: string }): Promise<number> {
    return this.guard(async () => {
      const r = await this.db
        .updateTable('subscriptions')
        .set({ active: 0 })
        .where('platform', '=', where.platform)
        .where('channel_id', '=', where.channelId)
        .where('active', '=', 1)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
  }

  async claimSlot(c: ClaimRequest): Promise<boolean> {
    return this.guard(async () => {
      const now = c.now.toISOString();
      const leaseUntil = new Date(c.now.getTime() + c.leaseMs).toISOString();
      // The unique (subscription_id, slot) key decides between concurrent schedulers: exactly one
      // insert lands, in either engine, with no read-then-write race.
      const inserted = await this.db
        .insertInto('digest_ledger')
        .values({
          subscription_id: c.subscriptionId,
          slot: c.slot,
          status: 'claimed',
          owner: c.owner,
          lease_until: leaseUntil,
          // Post attempts, not claims: beginAttempt counts them as they are sent.
          attempts: 0,
          message_id: null,
          detail: null,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'slot']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
      // Take over a claim whose holder died: the conditional UPDATE is the atomic test-and-set.
      const taken = await this.db
        .updateTable('digest_ledger')
        .set({ owner: c.owner, lease_until: leaseUntil, updated_at: now })
        .where('subscription_id', '=', c.subscriptionId)
        .where('slot', '=', c.slot)
        .where('status', '=', 'claimed')
        .where('lease_until', '<', now)
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1;
    });
  }

  async renewClaim(c: ClaimRequest): Promise<boolean> {
    return this.guard(async () => {
      const r = await this.db
        .updateTable('digest_ledger')
        .set({ lease_until: new Date(c.now.getTime() + c.leaseMs).toISOString(), updated_at: c.now.toISOString() })
        .where('subscription_id', '=', c.subscriptionId)
        .where('slot', '=', c.slot)
        .where('status', '=', 'claimed')
        .where('owner', '=', c.owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  async markSent(key: Key, o: { messageId: string; cutoff: string | null; now: Date }): Promise<void> {
    await this.finish(key, 'sent', { message_id: o.messageId }, o.cutoff, o.now, true);
  }

  async markEmpty(key: Key, o: { cutoff: string | null; now: Date }): Promise<void> {
    await this.finish(key, 'empty', {}, o.cutoff, o.now, false);
  }

  async markFailed(key: Key, error: string, now: Date): Promise<void> {
    return this.endWithDetail(key, 'failed', error, now);
  }

  async markSkipped(subscriptionId: string, slot: string, reason: string, now: Date): Promise<void> {
    return this.guard(async () => {
      await this.db
        .insertInto('digest_ledger')
        .values({
          subscription_id: subscriptionId,
          slot,
          status: 'skipped',
          owner: null,
          lease_until: null,
          attempts: 0,
          message_id: null,
          detail: reason,
          updated_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'slot']).doNothing())
        .execute();
    });
  }

  async ledger(subscriptionId: string, limit = 20): Promise<LedgerEntry[]> {
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('digest_ledger')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .orderBy('slot', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toLedgerEntry);
    });
  }

  async latestSlots(subscriptionIds: readonly string[]): Promise<Map<string, string>> {
    return this.guard(async () => {
      const out = new Map<string, string>();
      // Chunked: both engines cap bound parameters per statement.
      for (let i = 0; i < subscriptionIds.length; i += 500) {
        const chunk = subscriptionIds.slice(i, i + 500);
        const rows = await this.db
          .selectFrom('digest_ledger')
          .select(['subscription_id', (eb) => eb.fn.max('slot').as('slot')])
          .where('subscription_id', 'in', chunk)
          .groupBy('subscription_id')
          .execute();
        for (const r of rows) if (r.slot !== null) out.set(r.subscription_id, String(r.slot));
      }
      return out;
    });
  }

  async staleClaims(now: Date, limit = 100): Promise<LedgerEntry[]> {
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('digest_ledger')
        .selectAll()
        .where('status', '=', 'claimed')
        .where('lease_until', '<', now.toISOString())
        .orderBy('slot', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toLedgerEntry);
    });
  }

  async claimHolders(now: Date): Promise<string[]> {
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('digest_ledger')
        .select('owner')
        .distinct()
        .where('status', '=', 'claimed')
        .where('lease_until', '>=', now.toISOString())
        .execute();
      return rows.flatMap((r) => (r.owner === null ? [] : [r.owner]));
    });
  }

  async expireClaims(owner: string): Promise<number> {
    return this.guard(async () => {
      // The epoch sorts before every lease end, so staleClaims and claimSlot's take-over see these as run out.
      const r = await this.db
        .updateTable('digest_ledger')
        .set({ lease_until: new Date(0).toISOString() })
        .where('status', '=', 'claimed')
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
  }

  async putConversationRef(platform: Platform, conversationId: string, payload: unknown, now: Date): Promise<void> {
    return this.guard(async () => {
      const row = { platform, conversation_id: conversationId, payload: JSON.stringify(payload), updated_at: now.toISOString() };
      await this.db
        .insertInto('conversation_refs')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['platform', 'conversation_id']).doUpdateSet({ payload: row.payload, updated_at: row.updated_at }),
        )
        .execute();
    });
  }

  async getConversationRef(platform: Platform, conversationId: string): Promise<ConversationRef | undefined> {
    return this.guard(async () => {
      const row = await this.db
        .selectFrom('conversation_refs')
        .selectAll()
        .where('platform', '=', platform)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        platform: row.platform as Platform,
        conversationId: row.conversation_id,
        payload: JSON.parse(row.payload) as unknown,
        updatedAt: row.updated_at,
      };
    });
  }

  async deleteConversationRef(platform: Platform, conversationId: string): Promise<void> {
    return this.guard(async () => {
      await this.db
        .deleteFrom('conversation_refs')
        .where('platform', '=', platform)
        .where('conversation_id', '=', conversationId)
        .execute();
    });
  }

  async now(): Promise<Date> {
    return this.guard(async () => {
      // Milliseconds since the epoch as a float in both engines; clock_timestamp() (not now()) so a
      // long transaction does not freeze it.
      const q =
        this.engine === 'postgres'
          ? sql<{ ms: number | string }>`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`
          : sql<{ ms: number | string }>`select (julianday('now') - 2440587.5) * 86400000.0 as ms`;
      const { rows } = await q.execute(this.db);
      const ms = Number(rows[0]?.ms);
      if (!Number.isFinite(ms)) throw new Error('the database did not say what time it is');
      return new Date(Math.round(ms));
    });
  }

  async ping(timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; ms: number; error: string }> {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      // A table the bot needs, not `select 1`: a dropped schema is a failing store too.
      await Promise.race([this.guard(() => this.db.selectFrom('subscriptions').select('id').limit(1).execute()), deadline]);
      return { ok: true, ms: Math.round(performance.now() - start) };
    } catch (err) {
      return { ok: false, ms: Math.round(performance.now() - start), error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  async claimDue(request: DueRequest, plan: (sub: Subscription, cursor: DueCursor) => DuePlan): Promise<DueClaim[]> {
    return this.guard(() => claimDue(this.db, this.engine, request, plan, toSubscription));
  }

  async ledgerEntry(subscriptionId: string, slot: string): Promise<LedgerEntry | undefined> {
    return this.guard(async () => {
      const row = await this.db
        .selectFrom('digest_ledger')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('slot', '=', slot)
        .executeTakeFirst();
      return row ? toLedgerEntry(row) : undefined;
    });
  }

  async beginAttempt(c: ClaimRequest): Promise<boolean> {
    return this.guard(async () => {
      const r = await this.db
        .updateTable('digest_ledger')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_attempt_at: c.now.toISOString(),
          lease_until: new Date(c.now.getTime() + c.leaseMs).toISOString(),
          updated_at: c.now.toISOString(),
        }))
        .where('subscription_id', '=', c.subscriptionId)
        .where('slot', '=', c.slot)
        .where('status', '=', 'claimed')
        .where('owner', '=', c.owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  async markUnknown(key: Key, reason: string, now: Date): Promise<void> {
    return this.endWithDetail(key, 'unknown', reason, now);
  }

  /** Ends this owner's claim on a slot with a status that needs a reason (failed, unknown). */
  private endWithDetail(key: Key, status: 'failed' | 'unknown', detail: string, now: Date): Promise<void> {
    return this.guard(async () => {
      await this.db
        .updateTable('digest_ledger')
        .set({ status, detail: detail.slice(0, 2000), lease_until: null, updated_at: now.toISOString() })
        .where('subscription_id', '=', key.subscriptionId)
        .where('slot', '=', key.slot)
        .where('owner', '=', key.owner)
        .execute();
    });
  }

  // Through guard() like every other call: a dropped or re-created schema is migrated again here too.
  async recordCommandReceipt(key: string, now: Date, ttlMs: number): Promise<boolean> {
    return this.guard(async () => {
      const at = now.toISOString();
      const expires = new Date(now.getTime() + ttlMs).toISOString();
      // The primary key decides between replicas: one insert lands, with no read-then-write race.
      const inserted = await this.db
        .insertInto('command_receipts')
        .values({ key, created_at: at, expires_at: expires })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
      // An expired record (not pruned yet) no longer counts: the conditional UPDATE is the test-and-set.
      const renewed = await this.db
        .updateTable('command_receipts')
        .set({ created_at: at, expires_at: expires })
        .where('key', '=', key)
        .where('expires_at', '<=', at)
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) === 1;
    });
  }

  async releaseCommandReceipt(key: string): Promise<void> {
    return this.guard(async () => {
      await this.db.deleteFrom('command_receipts').where('key', '=', key).execute();
    });
  }

  async pruneCommandReceipts(now: Date): Promise<number> {
    return this.guard(async () => {
      const r = await this.db.deleteFrom('command_receipts').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  async close(): Promise<void> {
    if (this.options.close) await this.options.close();
    else await this.db.destroy();
  }

  /** Ends a held claim and moves the subscription's cutoff in one transaction. */
  private async finish(
    key: Key,
    status: LedgerStatus,
    extra: { message_id?: string },
    cutoff: string | null,
    now: Date,
    posted: boolean,
  ): Promise<void> {
    const at = now.toISOString();
    await this.guard(() => this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('digest_ledger')
        .set({ status, lease_until: null, detail: null, updated_at: at, ...extra })
        .where('subscription_id', '=', key.subscriptionId)
        .where('slot', '=', key.slot)
        .where('owner', '=', key.owner)
        .execute();
      if (posted) {
        await trx.updateTable('subscriptions').set({ last_posted_at: at }).where('id', '=', key.subscriptionId).execute();
      }
      if (cutoff === null) return;
      // Never move the cutoff backwards (a late retry of an old slot must not re-open old facts).
      await trx
        .updateTable('subscriptions')
        .set({ last_digest_at: cutoff })
        .where('id', '=', key.subscriptionId)
        .where((eb) => eb.or([eb('last_digest_at', 'is', null), eb('last_digest_at', '<', cutoff)]))
        .execute();
    }));
  }
}

function toSubscription(r: Selectable<SubscriptionsTable>): Subscription {
  return {
    id: r.id,
    platform: r.platform as Platform,
    teamId: r.team_id,
    channelId: r.channel_id,
    createdBy: r.created_by,
    query: r.query,
    schedule: { kind: r.schedule_kind as ScheduleKind, time: r.schedule_time, timeZone: r.time_zone },
    postWhenEmpty: Number(r.post_when_empty) === 1,
    createdAt: r.created_at,
    lastDigestAt: r.last_digest_at,
    lastPostedAt: r.last_posted_at,
    active: Number(r.active) === 1,
  };
}

function toLedgerEntry(r: Selectable<DigestLedgerTable>): LedgerEntry {
  return {
    subscriptionId: r.subscription_id,
    slot: r.slot,
    status: r.status as LedgerStatus,
    owner: r.owner,
    leaseUntil: r.lease_until,
    attempts: Number(r.attempts),
    lastAttemptAt: r.last_attempt_at ?? null,
    messageId: r.message_id,
    detail: r.detail,
    updatedAt: r.updated_at,
  };
}

/** The store's tables are gone: PostgreSQL undefined_table / invalid_schema_name, SQLite "no such table". */
function isMissingSchema(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (e?.code === '42P01' || e?.code === '3F000') return true;
  return typeof e?.message === 'string' && /no such table/i.test(e.message);
}
