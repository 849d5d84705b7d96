import { describe, expect, it } from 'vitest';
import { checkSocketFrame } from '../../../src/platforms/slack/socket-frames.js';

const command = { command: '/brief', text: 'kenya', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: 'https://hooks.slack.com/commands/T1/1/x', trigger_id: 't.1' };

describe('Socket Mode frames, checked before the Socket Mode client reads them', () => {
  it('passes a slash command rebuilt from its validated fields only', () => {
    const v = checkSocketFrame(JSON.stringify({ envelope_id: 'e1', type: 'slash_commands', payload: { ...command, extra: { deep: 1 } }, accepts_response_payload: true, retry_attempt: 2 }));
    expect(v.action).toBe('pass');
    const frame = JSON.parse(v.action === 'pass' ? v.frame : '{}') as { payload: Record<string, unknown>; retry_attempt: number };
    expect(frame.payload).toMatchObject(command);
    expect(frame.payload['extra']).toBeUndefined();
    expect(frame.retry_attempt).toBe(2);
  });

  it('acknowledges an event nothing listens for, without running it', () => {
    const v = checkSocketFrame(JSON.stringify({ envelope_id: 'e2', type: 'events_api', payload: { type: 'event_callback', event: { type: 'reaction_added' } } }));
    expect(v).toEqual({ action: 'ack', envelopeId: 'e2', reason: 'event reaction_added' });
  });

  it('drops malformed frames with a reason, and passes control frames through', () => {
    for (const text of ['null', '7', '[]', '{', '{"type":1}', '{"type":"events_api"}', '{"type":"slash_commands","envelope_id":"x","payload":{"command":"brief"}}']) {
      expect(checkSocketFrame(text)).toMatchObject({ action: 'drop' });
    }
    expect(checkSocketFrame('{"type":"disconnect","reason":"refresh_requested","debug_info":{"x":1}}')).toEqual({ action: 'pass', frame: '{"type":"disconnect","reason":"refresh_requested"}' });
  });
});
