import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../../src/digest/compose.js';
import { silentLogger } from '../../../src/logger.js';
import { postErrorFrom } from '../../../src/platforms/teams/digest.js';
import { STAND_IN } from '../../../src/sandbox/teams/connector.js';
import { DigestScheduler } from '../../../src/schedule/scheduler.js';
import { openSqliteStore } from '../../../src/store/open.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { fixtureCorpora } from '../../fixtures/teams/corpus.js';
import { ManualClock } from '../../schedule/helpers.js';
import { cardOf, cardText, startHarness, type Harness } from './harness.js';

let dir: string;
let store: KyselyStore;
let clock: ManualClock;
let h: Harness;
const corpora = fixtureCorpora();
const channel = STAND_IN.conversations.channel;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefbot-teams-digest-'));
  store = await openSqliteStore(join(dir, 'store.sqlite'));
  clock = new ManualClock(Date.parse('2026-03-02T04:00:00Z'));
  h = await startHarness({}, corpora, silentLogger(), { store, clock });
});
afterEach(async () => {
  await h.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function scheduler(): DigestScheduler {
  return new DigestScheduler({
    store,
    posters: { teams: h.app.poster! },
    compose: (sub, slot) => composeDigest(corpora.current(), sub, slot),
    clock,
    logger: silentLogger(),
    options: { timeSource: 'clock' },
  });
}

async function subscribe(): Promise<string> {
  await h.standIn.send({ scope: 'channel', text: 'digest daily 08:00 Africa/Nairobi ghana' });
  const [reply] = await h.standIn.waitForReplies(channel, 1);
  const text = cardText(cardOf(reply!.activity));
  const id = /Digest (\w+) set up/.exec(text)?.[1];
  expect(id, text).toBeDefined();
  return id!;
}

describe('Teams digests', () => {
  it('subscribing stores the conversation reference of the channel (not the thread), with the stand-in serviceUrl', async () => {
    const id = await subscribe();
    const sub = await store.getSubscription(id);
    expect(sub).toMatchObject({ platform: 'teams', channelId: channel, teamId: STAND_IN.tenantId, query: 'ghana' });
    const ref = await store.getConversationRef('teams', channel);
    expect(ref?.payload).toMatchObject({ serviceUrl: h.standIn.serviceUrl(), conversation: { id: channel }, channelId: 'msteams' });
    expect((ref?.payload as { activityId?: string } | undefined)?.activityId).toBeUndefined();
  });

  it('the scheduler sends the digest proactively, exactly once per slot', async () => {
    await subscribe();
    clock.set('2026-03-02T05:00:30Z'); // 08:00 in Nairobi
    const first = await scheduler().tick();
    expect(first).toMatchObject({ due: 1, sent: 1, failed: 0 });
    const posts = (await h.standIn.waitForReplies(channel, 2)).slice(1);
    expect(posts).toHaveLength(1);
    // A new post in the channel (Teams threads by `;messageid=` in the conversation id), not a reply in the subscriber's thread.
    expect(posts[0]!.conversationId).toBe(channel);
    const text = cardText(cardOf(posts[0]!.activity));
    expect(text).toContain('Digest: ghana');
    expect(text).toContain('Where things stand');

    // Another scheduler (a second process, or a restart) on the same store does not post it again.
    const again = await scheduler().tick();
    expect(again.sent).toBe(0);
    expect(h.standIn.transcript().filter((r) => r.direction === 'from-bot')).toHaveLength(2);
    const sub = (await store.listSubscriptions({ platform: 'teams' }))[0]!;
    const ledger = await store.ledger(sub.id);
    expect(ledger.map((e) => e.status)).toEqual(['sent']);
    expect(ledger[0]!.messageId).toMatch(/^r/);
  });

  it('retries a 429 (Retry-After) and a 503 from the connector, then sends once', async () => {
    await subscribe();
    h.standIn.failNext(429, { 'retry-after': '1' });
    h.standIn.failNext(503);
    clock.set('2026-03-02T05:00:30Z');
    const report = await scheduler().tick();
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    expect(h.standIn.transcript().filter((r) => r.direction === 'from-bot')).toHaveLength(2);
  });

  it('is the one retry layer: a digest post that gets a 503 or a 429 makes one connector call, not botbuilder’s 4', async () => {
    await subscribe();
    const sub = (await store.listSubscriptions({ platform: 'teams' }))[0]!;
    const digest = composeDigest(corpora.current(), sub, new Date('2026-03-02T05:00:00Z'));
    for (const [status, kind] of [
      [503, 'transient'],
      [429, 'rate-limited'],
    ] as const) {
      const before = h.standIn.connectorCalls();
      h.standIn.failNext(status, status === 429 ? { 'retry-after': '3' } : {});
      await expect(h.app.poster!.post(sub, digest)).rejects.toMatchObject({ kind });
      expect(h.standIn.connectorCalls() - before).toBe(1);
    }
    // Replies to users keep botbuilder's own retries: a 503 there is retried and lands.
    h.standIn.failNext(503);
    await h.standIn.send({ scope: 'channel', text: 'help' });
    expect((await h.standIn.waitForReplies(channel, 2)).length).toBe(2);
  });

  it('marks the slot failed, without retrying, when the conversation is gone (404)', async () => {
    await subscribe();
    h.standIn.failNext(404);
    clock.set('2026-03-02T05:00:30Z');
    const report = await scheduler().tick();
    expect(report).toMatchObject({ sent: 0, failed: 1 });
    const sub = (await store.listSubscriptions({ platform: 'teams' }))[0]!;
    expect((await store.ledger(sub.id))[0]).toMatchObject({ status: 'failed' });
  });

  it('digest list and off work in the conversation', async () => {
    const id = await subscribe();
    await h.standIn.send({ scope: 'channel', text: 'digest list' });
    await h.standIn.send({ scope: 'channel', text: `digest off ${id}` });
    const [, list, off] = await h.standIn.waitForReplies(channel, 3);
    expect(cardText(cardOf(list!.activity))).toContain(id);
    expect(cardText(cardOf(off!.activity))).toContain(`Digest ${id} turned off`);
  });
});

describe('postErrorFrom', () => {
  it('maps connector statuses to the scheduler’s retry kinds', () => {
    const headers = new Map([['retry-after', '7']]);
    expect(postErrorFrom({ statusCode: 429, message: 'x', response: { headers } })).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
    expect(postErrorFrom({ statusCode: 502 })).toMatchObject({ kind: 'transient' });
    // No answer: maybe delivered, so never re-sent blindly; refused outright: safe to retry.
    expect(postErrorFrom(new Error('socket hang up'))).toMatchObject({ kind: 'unknown' });
    expect(postErrorFrom(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ kind: 'transient' });
    expect(postErrorFrom({ statusCode: 403 })).toMatchObject({ kind: 'permanent' });
  });
});
