import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedCorpus } from '../../src/brief/corpus.js';
import { handleDigestText, type DigestContext } from '../../src/digest/handle.js';
import { silentLogger } from '../../src/logger.js';
import { renderDigestReplySlack } from '../../src/render/slack-digest.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openSqliteStore } from '../../src/store/open.js';
import { ManualClock } from '../schedule/helpers.js';
import { baseData, BASE_FIRST_SEEN, corpusOf } from '../fixtures/digest/corpus.js';

describe('digest commands', () => {
  let store: KyselyStore;
  let ctx: DigestContext;
  let clock: ManualClock;

  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    clock = new ManualClock(Date.parse('2026-03-02T06:00:00Z'));
    ctx = {
      platform: 'slack', teamId: 'T1', channelId: 'C1', userId: 'U1',
      store, corpora: fixedCorpus(corpusOf(baseData())), clock, logger: silentLogger(),
    };
  });
  afterEach(() => store.close());

  it('subscribe → list → preview → off', async () => {
    const sub = await handleDigestText('daily 08:00 Africa/Nairobi kenya malaysia', ctx);
    expect(sub.kind).toBe('notice');
    const [stored] = await store.listSubscriptions({ channelId: 'C1' });
    expect(stored).toMatchObject({ query: 'kenya malaysia', schedule: { kind: 'daily', time: '08:00', timeZone: 'Africa/Nairobi' }, lastDigestAt: BASE_FIRST_SEEN, createdBy: 'U1' });
    if (sub.kind !== 'notice') throw new Error();
    expect(sub.title).toContain(stored!.id);
    expect(sub.lines.join('\n')).toContain('(the zone you gave)');
    expect(sub.lines.join('\n')).toContain('First one: Tue 3 Mar 2026, 08:00 (Africa/Nairobi)');

    const list = await handleDigestText('list', ctx);
    expect(list.kind === 'notice' && list.lines[0]).toContain(`${stored!.id} · "kenya malaysia" · daily at 08:00 Africa/Nairobi · next: Tue 3 Mar 2026, 08:00`);

    const preview = await handleDigestText('preview', ctx);
    expect(preview.kind).toBe('preview');
    if (preview.kind === 'preview') {
      expect(preview.digest.overview.length).toBeGreaterThan(0);
      expect(renderDigestReplySlack(preview).blocks.length).toBeLessThanOrEqual(50);
    }

    expect(await handleDigestText('off nope12', ctx)).toMatchObject({ kind: 'problem' });
    expect(await handleDigestText(`off ${stored!.id}`, { ...ctx, channelId: 'C2' })).toMatchObject({ kind: 'problem' });
    expect(await handleDigestText(`off ${stored!.id}`, ctx)).toMatchObject({ kind: 'notice', title: `Digest ${stored!.id} turned off` });
    expect(await store.listSubscriptions({ channelId: 'C1' })).toEqual([]);
  });

  it('zone: explicit, else the user’s, else DIGEST_TZ, else UTC — and the confirmation says which', async () => {
    const say = async (c: DigestContext) => {
      const r = await handleDigestText('weekdays 07:30 kenya', c);
      return r.kind === 'notice' ? r.lines[0] : r.kind;
    };
    expect(await say({ ...ctx, userTimeZone: async () => 'Europe/London', defaultZone: 'Asia/Tokyo' })).toContain('Europe/London (your time zone)');
    expect(await say({ ...ctx, userTimeZone: async () => undefined, defaultZone: 'Asia/Tokyo' })).toContain('Asia/Tokyo (the default zone, DIGEST_TZ)');
    expect(await say(ctx)).toContain('UTC (UTC: your time zone is unknown');
  });

  it('bad input stores nothing and says what is accepted', async () => {
    const bad = [
      'daily 25:00 kenya',
      'daily 08:00 Narnia/Cair_Paravel kenya',
      'daily 08:00',
      `daily 08:00 ${'x'.repeat(501)}`,
      'daily 08:00 kenya since:yesterday',
    ];
    for (const text of bad) {
      const r = await handleDigestText(text, ctx);
      expect(r.kind, text).toBe('problem');
      if (r.kind === 'problem') expect(r.message).toContain('Accepted:');
    }
    const unreachable = await handleDigestText('daily 08:00 kenya', { ...ctx, checkChannel: async () => ({ ok: false, reason: 'not_in_channel' }) });
    expect(unreachable).toMatchObject({ kind: 'problem' });
    if (unreachable.kind === 'problem') expect(unreachable.message).toContain('not_in_channel');
    expect(await store.listSubscriptions({ activeOnly: false })).toEqual([]);
  });

  it('escapes what users typed in Slack replies', async () => {
    await handleDigestText('daily 08:00 UTC kenya <!channel>', ctx);
    const list = await handleDigestText('list', ctx);
    const json = JSON.stringify(renderDigestReplySlack(list));
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('off all turns off every digest of the channel; preview asks which when there are several', async () => {
    await handleDigestText('daily 08:00 UTC kenya', ctx);
    await handleDigestText('daily 09:00 UTC malaysia', ctx);
    expect(await handleDigestText('preview', ctx)).toMatchObject({ kind: 'notice', title: 'Which digest?' });
    expect(await handleDigestText('off all', ctx)).toMatchObject({ title: 'Turned off 2 digests' });
  });
});
