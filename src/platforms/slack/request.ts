import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Pure helpers for Slack's HTTP requests, beside the receiver that does the transport (as bolt-js
 * keeps HTTPModuleFunctions beside HTTPReceiver). Everything a request says is checked here before
 * Bolt sees it: Bolt's own parsing reads fields without checking them (`body.ssl_check` on a `null`
 * body, `body.user.id` on a block_actions without a user), outside any catch.
 */

/** Slack's window: a timestamp further than this from our clock, either way, is refused. */
export const MAX_CLOCK_SKEW_S = 5 * 60;
/** Slack's payloads are far smaller (a block_actions with a full message is ~100 KB). */
export const MAX_BODY_BYTES = 1_000_000;

export type Rejection = { status: 400 | 401 | 413 | 415; reason: string };

/** Checks `x-slack-signature` (v0 HMAC-SHA256 over `v0:ts:body`) and that the timestamp is within 5 minutes, past or future. */
export function verifySignature(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  signingSecret: string,
  nowMs: number,
): Rejection | undefined {
  const ts = single(headers['x-slack-request-timestamp']);
  const signature = single(headers['x-slack-signature']);
  if (ts === undefined || signature === undefined) return { status: 401, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(ts)) return { status: 401, reason: 'bad timestamp' };
  // A timestamp in the future is as suspect as a stale one: a replay window must not be widened
  // by a sender that signs with a clock set ahead.
  if (Math.abs(Math.floor(nowMs / 1000) - Number(ts)) > MAX_CLOCK_SKEW_S) return { status: 401, reason: 'timestamp outside the 5-minute window' };
  const m = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!m) return { status: 401, reason: 'bad signature format' };
  const expected = createHmac('sha256', signingSecret).update(`v0:${ts}:`).update(rawBody).digest();
  if (!timingSafeEqual(Buffer.from(m[1]!, 'hex'), expected)) return { status: 401, reason: 'signature mismatch' };
  return undefined;
}

export type MediaType = 'form' | 'json';

/** The body's media type, with parameters (`; charset=utf-8`) read rather than refused. */
export function mediaTypeOf(contentType: string | string[] | undefined): MediaType | Rejection {
  const value = single(contentType);
  if (value === undefined) return { status: 415, reason: 'no content-type' };
  const [type, ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  for (const p of params) {
    const [k, v] = p.split('=').map((x) => x.trim().replace(/^"|"$/g, ''));
    if (k === 'charset' && v !== 'utf-8' && v !== 'utf8' && v !== 'us-ascii') return { status: 415, reason: `charset ${v} is not supported` };
  }
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'application/json') return 'json';
  return { status: 415, reason: `content-type ${type} is not supported` };
}

/** Slack's connectivity check: answered 200 without a signature (and nothing else in it is read). */
export function isSslCheck(media: MediaType, rawBody: Buffer): boolean {
  return media === 'form' && new URLSearchParams(rawBody.toString('utf8')).get('ssl_check') === '1';
}

const id = z.string().min(1).max(255);
const optionalText = z.string().max(10_000).optional();

const CommandSchema = z.object({
  command: z.string().regex(/^\/\S{1,64}$/),
  // Slack omits an empty `text`; the listeners always get a string.
  text: z.string().max(10_000).default(''),
  team_id: id,
  team_domain: optionalText,
  enterprise_id: id.optional(),
  enterprise_name: optionalText,
  channel_id: id,
  channel_name: optionalText,
  user_id: id,
  user_name: optionalText,
  api_app_id: id.optional(),
  is_enterprise_install: z.enum(['true', 'false']).optional(),
  response_url: z.url().max(2000),
  trigger_id: id.optional(),
});

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id, username: optionalText, name: optionalText, team_id: id.optional() }),
  api_app_id: id.optional(),
  team: z.object({ id, domain: optionalText, enterprise_id: id.optional() }).nullable().optional(),
  enterprise: z.object({ id }).nullable().optional(),
  is_enterprise_install: z.boolean().optional(),
  channel: z.object({ id, name: optionalText }).optional(),
  container: z.object({ type: z.string(), message_ts: optionalText, channel_id: id.optional(), is_ephemeral: z.boolean().optional() }).optional(),
  trigger_id: id.optional(),
  response_url: z.url().max(2000).optional(),
  actions: z
    .array(
      z.object({
        type: z.string().max(64),
        action_id: z.string().min(1).max(255),
        block_id: z.string().max(255).optional(),
        value: z.string().max(2000).optional(),
        action_ts: optionalText,
      }),
    )
    .min(1)
    .max(25),
});

/** The events this app subscribes to (manifests/slack/manifest.yml); others are acknowledged and dropped. */
const SubscribedEventSchema = z.object({
  type: z.literal('app_home_opened'),
  user: id,
  channel: id.optional(),
  tab: z.string().max(64).optional(),
  event_ts: optionalText,
});

const EventCallbackSchema = z.object({
  type: z.literal('event_callback'),
  team_id: id.optional(),
  api_app_id: id.optional(),
  event_id: id.optional(),
  event_time: z.number().optional(),
  authorizations: z
    .array(
      z.object({
        team_id: id.nullable().optional(),
        enterprise_id: id.nullable().optional(),
        user_id: id.optional(),
        is_bot: z.boolean().optional(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .max(10)
    .optional(),
  event: z.looseObject({ type: z.string().min(1).max(128) }),
});

export type SlackCommandBody = z.infer<typeof CommandSchema>;
export type BlockActionsBody = z.infer<typeof BlockActionsSchema>;

/**
 * What a request asks, validated. `body` is what Bolt gets: the zod output, so only declared,
 * well-typed fields reach it (unknown keys are dropped; Bolt's helpers trust the shapes).
 */
export type SlackRequest =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'command'; body: SlackCommandBody }
  | { kind: 'block_actions'; body: BlockActionsBody }
  | { kind: 'event'; body: z.infer<typeof EventCallbackSchema> & { event: z.infer<typeof SubscribedEventSchema> } }
  /** Well-formed, but nothing here listens for it (an event type or rate-limit notice): acknowledged, not run. */
  | { kind: 'ignored'; what: string };

/** Parse and validate a verified body. Never throws: anything it cannot use is a 400 with a reason. */
export function parseSlackRequest(media: MediaType, rawBody: Buffer): SlackRequest | Rejection {
  const text = rawBody.toString('utf8');
  let body: unknown;
  if (media === 'form') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) {
      body = parseJson(payload);
      if (body === undefined) return { status: 400, reason: 'payload is not JSON' };
    } else {
      body = Object.fromEntries(form);
    }
  } else {
    body = parseJson(text);
    if (body === undefined) return { status: 400, reason: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, reason: 'body is not an object' };
  const o = body as Record<string, unknown>;

  if (media === 'form' && o['payload'] === undefined && 'command' in o) return validateCommand(o);
  return validateSlackBody(o);
}

/** A slash command's fields (a form body over HTTP, a `slash_commands` envelope's payload in Socket Mode). */
export function validateCommand(fields: unknown): SlackRequest | Rejection {
  return validated('command', CommandSchema.safeParse(fields));
}

/**
 * Any other parsed body, by its `type` (an interactive payload, an Events API callback): the same
 * checks whether it came over HTTP or as a Socket Mode envelope's payload.
 */
export function validateSlackBody(body: unknown): SlackRequest | Rejection {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, reason: 'body is not an object' };
  const o = body as Record<string, unknown>;
  switch (o['type']) {
    case 'url_verification':
      return typeof o['challenge'] === 'string' && o['challenge'].length <= 1000
        ? { kind: 'url_verification', challenge: o['challenge'] }
        : { status: 400, reason: 'url_verification without a challenge' };
    case 'block_actions':
      return validated('block_actions', BlockActionsSchema.safeParse(o));
    case 'app_rate_limited':
      return { kind: 'ignored', what: 'app_rate_limited' };
    case 'event_callback': {
      const envelope = EventCallbackSchema.safeParse(o);
      if (!envelope.success) return invalid(envelope.error);
      const event = SubscribedEventSchema.safeParse(envelope.data.event);
      if (envelope.data.event.type !== 'app_home_opened') return { kind: 'ignored', what: `event ${envelope.data.event.type}` };
      if (!event.success) return invalid(event.error);
      return { kind: 'event', body: { ...envelope.data, event: event.data } };
    }
    default:
      return { status: 400, reason: `unsupported payload (type ${JSON.stringify(o['type'] ?? null).slice(0, 40)})` };
  }
}

export function isRejection(x: unknown): x is Rejection {
  return typeof x === 'object' && x !== null && 'status' in x && 'reason' in x;
}

/**
 * The key that says "this request again": Slack's trigger_id (the same on a retry), else the
 * event id, else a hash of the body — a retry resends the same bytes, two different commands never
 * do (each has its own response_url). Never `undefined`: two commands without a trigger_id are two.
 */
export function requestKey(request: SlackRequest, rawBody: Buffer): string {
  if (request.kind === 'command' || request.kind === 'block_actions') {
    if (request.body.trigger_id) return `trigger:${request.body.trigger_id}`;
  }
  if (request.kind === 'event' && request.body.event_id) return `event:${request.body.event_id}`;
  return `body:${createHash('sha256').update(rawBody).digest('hex')}`;
}

function validated<K extends 'command' | 'block_actions'>(
  kind: K,
  r: z.ZodSafeParseResult<K extends 'command' ? SlackCommandBody : BlockActionsBody>,
): SlackRequest | Rejection {
  if (!r.success) return invalid(r.error);
  return { kind, body: r.data } as SlackRequest;
}

function invalid(error: z.ZodError): Rejection {
  const first = error.issues[0];
  return { status: 400, reason: first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'invalid body' };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function single(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
