import { isRejection, validateCommand, validateSlackBody, type SlackRequest } from './request.js';

/**
 * What to do with one Socket Mode frame, decided before Bolt's SocketModeClient reads it. The
 * client dereferences `event.type` and `event.payload.event.type` outside any catch (a `null`
 * frame, an events_api without a payload: unhandled rejections), and Bolt trusts the payload's
 * shape as its HTTP path does (a command whose `text` is a number reached our listener). So each
 * frame is checked with the same validators as HTTP requests (request.ts), and only a frame
 * rebuilt from the validated payload goes on.
 *
 * - `pass`: hand `frame` (re-serialized, validated fields only) to the client.
 * - `ack`: well-formed but nothing listens for it: acknowledged (so Slack does not retry), not run.
 * - `drop`: malformed: logged with the reason, not acknowledged (as HTTP answers 400; Slack's
 *   retries of it are dropped the same way).
 */
export type FrameVerdict =
  | { action: 'pass'; frame: string }
  | { action: 'ack'; envelopeId: string; reason: string }
  | { action: 'drop'; reason: string };

/** Frames the client handles itself, with nothing in them it trusts blindly. */
const CONTROL = new Set(['hello', 'disconnect']);

export function checkSocketFrame(text: string): FrameVerdict {
  let frame: unknown;
  try {
    frame = JSON.parse(text) as unknown;
  } catch {
    return { action: 'drop', reason: 'not JSON' };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { action: 'drop', reason: 'not an object' };
  const f = frame as Record<string, unknown>;
  const type = f['type'];
  if (typeof type !== 'string') return { action: 'drop', reason: 'no type' };
  if (CONTROL.has(type)) return { action: 'pass', frame: JSON.stringify({ type, ...(typeof f['reason'] === 'string' ? { reason: f['reason'] } : {}) }) };
  const envelopeId = f['envelope_id'];
  if (typeof envelopeId !== 'string' || envelopeId === '' || envelopeId.length > 255) return { action: 'drop', reason: `${type} without an envelope_id` };

  let request: ReturnType<typeof validateSlackBody>;
  switch (type) {
    case 'slash_commands':
      request = validateCommand(f['payload']);
      break;
    case 'interactive':
    case 'events_api':
      request = validateSlackBody(f['payload']);
      break;
    default:
      return { action: 'drop', reason: `unknown envelope type ${JSON.stringify(type).slice(0, 40)}` };
  }
  if (isRejection(request)) return { action: 'drop', reason: `${type}: ${request.reason}` };
  if (request.kind === 'ignored') return { action: 'ack', envelopeId, reason: request.what };
  if (request.kind === 'url_verification') return { action: 'drop', reason: `${type}: url_verification is an HTTP handshake` };
  return { action: 'pass', frame: JSON.stringify(rebuilt(f, envelopeId, type, request)) };
}

function rebuilt(f: Record<string, unknown>, envelopeId: string, type: string, request: Exclude<SlackRequest, { kind: 'ignored' | 'url_verification' }>) {
  const retry = f['retry_attempt'];
  const reason = f['retry_reason'];
  return {
    envelope_id: envelopeId,
    type,
    payload: request.body,
    accepts_response_payload: f['accepts_response_payload'] === true,
    ...(typeof retry === 'number' && Number.isInteger(retry) && retry >= 0 && retry < 1000 ? { retry_attempt: retry } : {}),
    ...(typeof reason === 'string' ? { retry_reason: reason.slice(0, 64) } : {}),
  };
}
