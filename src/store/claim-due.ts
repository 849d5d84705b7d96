import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DigestLedgerTable, SubscriptionsTable, Tables } from './tables.js';
import type { DueClaim, DueCursor, DuePlan, DueRequest, Subscription } from './types.js';

/**
 * Runs `work` as one write transaction. PostgreSQL: an ordinary transaction (row locks do the
 * rest). SQLite: BEGIN IMMEDIATE takes the write lock up front, so two processes on one file queue
 * on busy_timeout instead of one failing with SQLITE_BUSY half-way through a read-then-write.
 */
export async function writeTransaction<T>(
  db: Kysely<Tables>,
  engine: 'sqlite' | 'postgres',
  work: (trx: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  if (engine === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const out = await work(conn);
      await sql`commit`.execute(conn);
      return out;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

/** See Store.claimDue. */
export async function claimDue(
  db: Kysely<Tables>,
  engine: 'sqlite' | 'postgres',
  req: DueRequest,
  plan: (sub: Subscription, cursor: DueCursor) => DuePlan,
  toSubscription: (r: Selectable<SubscriptionsTable>) => Subscription,
): Promise<DueClaim[]> {
  if (req.platforms.length === 0) return [];
  const now = req.now.toISOString();
  const leaseUntil = new Date(req.now.getTime() + req.leaseMs).toISOString();
  return writeTransaction(db, engine, async (trx) => {
    // '' (not computed yet) sorts before every instant, so one index range scan finds both.
    const rows = await trx
      .selectFrom('subscriptions')
      .selectAll()
      .where('active', '=', 1)
      .where('next_run_at', '<=', now)
      .where('platform', 'in', [...req.platforms])
      .orderBy('next_run_at')
      .limit(req.limit)
      .$if(engine === 'postgres', (q) => q.forUpdate().skipLocked())
      .execute();
    if (rows.length === 0) return [];

    const fresh = rows.filter((r) => r.next_run_at === '').map((r) => r.id);
    const latest = new Map<string, string>();
    if (fresh.length > 0) {
      const found = await trx
        .selectFrom('digest_ledger')
        .select(['subscription_id', (eb) => eb.fn.max('slot').as('slot')])
        .where('subscription_id', 'in', fresh)
        .groupBy('subscription_id')
        .execute();
      for (const f of found) if (f.slot !== null) latest.set(f.subscription_id, String(f.slot));
    }

    const ledgerRows: Insertable<DigestLedgerTable>[] = [];
    const claims: { subscription: Subscription; slot: string }[] = [];
    const next: [string, string][] = [];
    for (const r of rows) {
      const sub = toSubscription(r);
      const p = plan(sub, { nextRunAt: r.next_run_at === '' ? undefined : r.next_run_at, latestSlot: latest.get(r.id) });
      next.push([r.id, p.nextRunAt]);
      for (const s of p.skipped) {
        ledgerRows.push(ledgerRow(r.id, s.slot, 'skipped', null, null, s.reason, now));
      }
      if (p.claim !== undefined) {
        claims.push({ subscription: sub, slot: p.claim });
        ledgerRows.push(ledgerRow(r.id, p.claim, 'claimed', req.owner, leaseUntil, null, now));
      }
    }

    const inserted = new Set<string>();
    // Chunked: both engines cap bound parameters per statement (9 columns a row).
    for (let i = 0; i < ledgerRows.length; i += 100) {
      const got = await trx
        .insertInto('digest_ledger')
        .values(ledgerRows.slice(i, i + 100))
        .onConflict((oc) => oc.columns(['subscription_id', 'slot']).doNothing())
        .returning(['subscription_id', 'slot', 'status'])
        .execute();
      for (const g of got) if (g.status === 'claimed') inserted.add(`${g.subscription_id}@${g.slot}`);
    }
    for (let i = 0; i < next.length; i += 200) {
      const chunk = next.slice(i, i + 200);
      // One statement for the chunk: CASE keeps it portable (no UPDATE … FROM VALUES dialects).
      const cases = sql.join(
        chunk.map(([id, at]) => sql`when ${id} then ${at}`),
        sql` `,
      );
      await trx
        .updateTable('subscriptions')
        .set({ next_run_at: sql<string>`case id ${cases} end` })
        .where(
          'id',
          'in',
          chunk.map(([id]) => id),
        )
        .execute();
    }
    return claims.map((c) => ({ ...c, claimed: inserted.has(`${c.subscription.id}@${c.slot}`) }));
  });
}

function ledgerRow(
  subscriptionId: string,
  slot: string,
  status: 'claimed' | 'skipped',
  owner: string | null,
  leaseUntil: string | null,
  detail: string | null,
  now: string,
): Insertable<DigestLedgerTable> {
  return {
    subscription_id: subscriptionId,
    slot,
    status,
    owner,
    lease_until: leaseUntil,
    attempts: 0,
    message_id: null,
    detail,
    updated_at: now,
  };
}
