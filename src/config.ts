import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { BriefbotError } from './errors.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

function optionalInt(min: number, max: number) {
  return optionalString.pipe(z.coerce.number<string | undefined>().int().min(min).max(max).optional());
}
/** A blank number (a copied .env.example) means the default, not 0. */
const blankAsUnset = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

/**
 * The environment, parsed once at start. Names follow DESIGN.md; the Microsoft ones are
 * botbuilder's own so its ConfigurationBotFrameworkAuthentication reads the same values.
 */
export const ConfigSchema = z
  .object({
    SLACK_BOT_TOKEN: optionalString.pipe(z.string().regex(/^xoxb-/, 'must start with xoxb-').optional()),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.pipe(z.string().regex(/^xapp-/, 'must start with xapp-').optional()),
    SLACK_API_URL: optionalString.pipe(z.url().optional()),
    SLACK_ANSWER_QUEUE_MAX: optionalInt(1, 1_000_000),
    SLACK_RESPONSE_URL_TIMEOUT_MS: optionalInt(100, 120_000),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: optionalString.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
    MicrosoftAppTenantId: optionalString,
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(?:ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    // Where the fact base lives: the JSON file under DATA_DIR (default) or PostgreSQL, at
    // FACTS_DATABASE_URL when set (facts on another database than subscriptions), else DATABASE_URL.
    FACT_STORE: optionalString.pipe(z.enum(['file', 'postgres']).optional()).transform((v) => v ?? 'file'),
    FACTS_DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(?:ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    /** How often the digest scheduler ticks (ms). Only worth changing for tests and demos. */
    DIGEST_TICK_MS: blankAsUnset(z.coerce.number().int().min(100).max(3_600_000).default(30_000)),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
    DATA_DIR: optionalString.transform((v) => v ?? 'data'),
    VAR_DIR: optionalString.transform((v) => v ?? 'var'),
    /** The corpus cache (fact base + search index, see corpus/corpus-cache.ts); unset: VAR_DIR/cache; `off`: none. */
    CACHE_DIR: optionalString,
    DIGEST_TZ: optionalString.refine((v) => v === undefined || isTimeZone(v), 'is not an IANA time zone (e.g. UTC, Europe/London, Africa/Nairobi)'),
    /** Set by loadConfig from its options, never from the environment. */
    BRIEFBOT_RECEIVES_SLACK: z.boolean().default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Local mode on purpose beside real credentials (`briefbot serve --sandbox` sets it too).
    BRIEFBOT_SANDBOX: optionalString.pipe(z.enum(['0', '1', 'true', 'false']).optional()).transform((v) => v === '1' || v === 'true'),
    // Inflow (briefbot add, polling): a chat command must never make the bot fetch the internal network.
    SOURCES_ALLOW_PRIVATE: optionalString.pipe(z.enum(['0', '1', 'true', 'false']).optional()).transform((v) => v === '1' || v === 'true'),
    /** Comma-separated CIDR ranges fetched even though private (an intranet news server). */
    SOURCES_ALLOW_RANGES: optionalString
      .transform((v) => (v === undefined ? [] : v.split(',').map((x) => x.trim()).filter(Boolean)))
      .refine((v) => v.every(isCidr), 'must be comma-separated CIDR ranges, e.g. 10.1.0.0/16,fd00::/8'),
    FETCH_TIMEOUT_MS: blankAsUnset(z.coerce.number().int().min(500).max(120_000).default(15_000)),
    FETCH_CONNECT_TIMEOUT_MS: blankAsUnset(z.coerce.number().int().min(100).max(60_000).default(5_000)),
    FETCH_MAX_BYTES: blankAsUnset(z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024)),
    FETCH_MAX_REDIRECTS: blankAsUnset(z.coerce.number().int().min(0).max(20).default(5)),
    DIGEST_MAX_PER_CHANNEL: blankAsUnset(z.coerce.number().int().min(1).max(10_000).default(20)),
    DIGEST_MAX_PER_WORKSPACE: blankAsUnset(z.coerce.number().int().min(1).max(1_000_000).default(500)),
    // Who may add articles and sources from chat: Slack user ids / Teams AAD object ids, comma-separated; unset = everyone.
    SOURCES_ADMINS: optionalString.transform((v) =>
      v === undefined
        ? undefined
        : v
            .split(',')
            .map((x) => x.trim())
            .filter((x) => x !== ''),
    ),
    // How often each followed feed is polled; 0 turns polling inside `serve` off.
    POLL_INTERVAL_MINUTES: blankAsUnset(z.coerce.number().min(0).max(7 * 24 * 60).default(15)),
    // What /privacy and /terms serve (the Teams manifest links there): inline text, or a file.
    PRIVACY_TEXT: optionalString,
    PRIVACY_FILE: optionalString,
    TERMS_TEXT: optionalString,
    TERMS_FILE: optionalString,
    // botbuilder's own names for the Bot Framework endpoints; unset = the public Azure cloud.
    ToBotFromChannelOpenIdMetadataUrl: optionalString.pipe(z.url().optional()),
    ToBotFromChannelTokenIssuer: optionalString,
    ToChannelFromBotLoginUrl: optionalString.pipe(z.url().optional()),
    ToChannelFromBotOAuthScope: optionalString,
  })
  .superRefine((c, ctx) => {
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN && c.BRIEFBOT_RECEIVES_SLACK !== false) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when Slack is configured' });
    }
    if (c.FACT_STORE === 'postgres' && !c.FACTS_DATABASE_URL && !c.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['FACT_STORE'], message: 'is postgres, so FACTS_DATABASE_URL or DATABASE_URL must be set' });
    }
    if (c.MicrosoftAppId && !c.MicrosoftAppPassword && c.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required with MicrosoftAppId' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export interface LoadConfigOptions {
  /**
   * False for commands that only post to Slack (`digest run`): they never receive Slack's
   * requests, so they need no signing secret.
   */
  receivesSlack?: boolean;
}

/** Parse the environment; on failure one error lists every bad variable (values never echoed). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const parsed = ConfigSchema.safeParse({ ...env, BRIEFBOT_RECEIVES_SLACK: options.receivesSlack ?? true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`);
  throw new BriefbotError('CONFIG_INVALID', { problems });
}

function isCidr(v: string): boolean {
  try {
    ipaddr.parseCIDR(v);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
