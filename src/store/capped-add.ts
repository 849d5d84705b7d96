import { sql, type Kysely, type Selectable } from 'kysely';
import { writeTransaction } from './claim-due.js';
import { newSubscriptionId } from './ids.js';
import type { SubscriptionsTable, Tables } from './tables.js';
import type { CappedAdd, NewSubscription, Subscription, SubscriptionCaps, SubscriptionFilter } from './types.js';

type ToSubscription = (r: Selectable<SubscriptionsTable>) => Subscription;

/** Inserts a new subscription under a fresh random id (retried on the rare id collision). */
export async function insertSubscription(db: Kysely<Tables>, sub: NewSubscription, now: Date, toSubscription: ToSubscription): Promise<Subscription> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row: SubscriptionsTable = {
      id: newSubscriptionId(),
      platform: sub.platform,
      team_id: sub.teamId,
      channel_id: sub.channelId,
      created_by: sub.createdBy,
      query: sub.query,
      schedule_kind: sub.schedule.kind,
      schedule_time: sub.schedule.time,
      time_zone: sub.schedule.timeZone,
      post_when_empty: sub.postWhenEmpty ? 1 : 0,
      created_at: now.toISOString(),
      last_digest_at: sub.lastDigestAt,
      last_posted_at: null,
      active: 1,
      // Not computed yet: the scheduler works it out (it owns the slot math) on its next tick.
      next_run_at: '',
    };
    const r = await db
      .insertInto('subscriptions')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) return toSubscription(row);
  }
  throw new Error('could not allocate a subscription id after 5 attempts');
}

export async function countSubscriptions(db: Kysely<Tables>, filter: SubscriptionFilter): Promise<number> {
  let q = db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number | string | bigint>().as('n'));
  if (filter.activeOnly !== false) q = q.where('active', '=', 1);
  if (filter.platform !== undefined) q = q.where('platform', '=', filter.platform);
  if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
  if (filter.channelId !== undefined) q = q.where('channel_id', '=', filter.channelId);
  const row = await q.executeTakeFirst();
  // PostgreSQL answers count(*) as a bigint string, SQLite as a number.
  return Number(row?.n ?? 0);
}

/**
 * See Store.addSubscriptionCapped. The counts and the insert share one write transaction. SQLite:
 * BEGIN IMMEDIATE holds the database's one write lock from the first count, so no other writer
 * (thread, process) inserts in between. PostgreSQL: READ COMMITTED alone would let two
 * transactions both count 19 and both insert, so each first takes transaction-scoped advisory
 * locks on its workspace and its channel (always in that order, so two subscribes never wait on
 * each other in a cycle); the second subscribe's counts then see the first's committed row.
 */
export async function addSubscriptionCapped(
  db: Kysely<Tables>,
  engine: 'sqlite' | 'postgres',
  sub: NewSubscription,
  now: Date,
  caps: SubscriptionCaps,
  toSubscription: ToSubscription,
): Promise<CappedAdd> {
  return writeTransaction(db, engine, async (trx) => {
    if (engine === 'postgres') {
      // current_schema() in the key: stores in other schemas of one database (tests) never contend.
      for (const key of [`workspace:${sub.platform}:${sub.teamId}`, `channel:${sub.platform}:${sub.channelId}`]) {
        await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ${`:briefbot-caps:${key}`}))`.execute(trx);
      }
    }
    const inChannel = await countSubscriptions(trx, { platform: sub.platform, channelId: sub.channelId });
    if (inChannel >= caps.perChannel) return { full: 'channel', limit: caps.perChannel };
    const inWorkspace = await countSubscriptions(trx, { platform: sub.platform, teamId: sub.teamId });
    if (inWorkspace >= caps.perWorkspace) return { full: 'workspace', limit: caps.perWorkspace };
    return { added: await insertSubscription(trx, sub, now, toSubscription) };
  });
}
