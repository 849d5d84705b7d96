import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createHttpServer, listen, readBody, sendJson, type Route } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { createTeamsStandIn, STAND_IN, type TeamsStandIn } from './connector.js';

/**
 * A loopback Bot Framework, so the bot's authenticated path (MicrosoftAppId set) runs for real:
 * - OpenID metadata and a JWKS with its own RSA key: the channel→bot JWTs it signs are checked by
 *   botbuilder exactly as the real ones (issuer, audience = app id, expiry, key id, endorsements,
 *   serviceurl claim);
 * - a token endpoint (OAuth2 client credentials, as login.microsoftonline.com) issuing the bot's
 *   outgoing token after checking the app id and password;
 * - the connector (the Teams stand-in's), which answers 401 to any call without that token.
 * It runs on its own server, as the real service does; the bot is pointed at it through
 * botbuilder's own settings (see `settings()`).
 */
export interface BotFrameworkStandIn {
  baseUrl: string;
  /** The Teams stand-in on this server: send activities, read the transcript. */
  teams: TeamsStandIn;
  /** botbuilder's setting names → this stand-in's URLs, for the bot's environment. */
  settings(): Record<'ToBotFromChannelOpenIdMetadataUrl' | 'ToBotFromChannelTokenIssuer' | 'ToChannelFromBotLoginUrl' | 'ToChannelFromBotOAuthScope', string>;
  /** A channel→bot JWT; tests override claims or sign with another key to forge one. */
  channelToken(claims?: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): string;
  /** Bearer tokens the connector saw on bot→connector calls, in order. */
  seenBotTokens(): string[];
  /** Token requests the token endpoint answered with a token. */
  tokensIssued(): number;
  close(): Promise<void>;
}

const KID = 'briefbot-stand-in-key';

export async function startBotFrameworkStandIn(options: {
  appId: string;
  appPassword: string;
  /** The bot's base URL (its /api/messages receives the activities). */
  botUrl: () => string;
  logger: Logger;
}): Promise<BotFrameworkStandIn> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string };
  const seen: string[] = [];
  let issued = 0;
  let base = '';
  const issuer = () => `${base}/issuer`;
  const scope = () => `${base}/connector`;

  const teams = createTeamsStandIn({
    logger: options.logger,
    botUrl: options.botUrl,
    // Outbound: every activity carries a fresh channel→bot token, as the Bot Framework's do.
    authorization: () => `Bearer ${channelToken()}`,
    // Inbound: the connector answers only calls carrying a token this stand-in issued to the bot.
    authorize: (req) => {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token === undefined) return false;
      seen.push(token);
      const claims = verifyJwt(token, createPublicKey(privateKey));
      return claims !== undefined && claims['aud'] === scope() && claims['appid'] === options.appId && claims['iss'] === issuer();
    },
  });

  function channelToken(claims: Record<string, unknown> = {}, o: { key?: KeyObject; kid?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { iss: issuer(), aud: options.appId, serviceurl: teams.serviceUrl(), nbf: now - 5, iat: now, exp: now + 3600, ...claims },
      o.key ?? privateKey,
      o.kid ?? KID,
    );
  }

  const routes: Route[] = [
    ...teams.routes,
    {
      method: 'GET',
      path: '/v1/.well-known/openidconfiguration',
      handler: (_req, res) =>
        sendJson(res, 200, { issuer: issuer(), jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] }),
    },
    {
      method: 'GET',
      path: '/v1/keys',
      handler: (_req, res) => sendJson(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }),
    },
    { method: 'POST', path: '/login/*', handler: async (req, res) => tokenEndpoint(req, res) },
  ];

  async function tokenEndpoint(req: IncomingMessage, res: Parameters<Route['handler']>[1]): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 16_000)).toString('utf8'));
    if (!/\/oauth2\/v2\.0\/token$/.test((req.url ?? '').split('?')[0] ?? '')) return sendJson(res, 404, { error: 'not_found' });
    if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== options.appId || form.get('client_secret') !== options.appPassword) {
      return sendJson(res, 401, { error: 'invalid_client' });
    }
    const wanted = (form.get('scope') ?? '').replace(/\/\.default$/, '');
    if (wanted !== scope()) return sendJson(res, 400, { error: 'invalid_scope' });
    const now = Math.floor(Date.now() / 1000);
    issued += 1;
    const token = signJwt({ iss: issuer(), aud: scope(), appid: options.appId, iat: now, nbf: now, exp: now + 3600 }, privateKey, KID);
    sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token });
  }

  const server: Server = createHttpServer(routes, options.logger);
  const port = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  teams.setBaseUrl(base);
  return {
    baseUrl: base,
    teams,
    settings: () => ({
      ToBotFromChannelOpenIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: issuer(),
      ToChannelFromBotLoginUrl: `${base}/login/botframework.com`,
      ToChannelFromBotOAuthScope: scope(),
    }),
    channelToken,
    seenBotTokens: () => [...seen],
    tokensIssued: () => issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh RSA key the stand-in never published (tests: an unknown or forged signing key). */
export function foreignKey(): KeyObject {
  return createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

function b64url(x: unknown): string {
  return Buffer.from(JSON.stringify(x)).toString('base64url');
}

export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid, x5t: kid });
  const body = b64url({ jti: randomBytes(8).toString('hex'), ...claims });
  return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
}

/** The claims of an RS256 JWT signed by `key` and not expired; undefined otherwise. */
function verifyJwt(token: string, key: KeyObject): Record<string, unknown> | undefined {
  const [head, body, sig] = token.split('.');
  if (head === undefined || body === undefined || sig === undefined) return undefined;
  if (!verify('sha256', Buffer.from(`${head}.${body}`), key, Buffer.from(sig, 'base64url'))) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims['exp'] === 'number' && claims['exp'] * 1000 > Date.now() ? claims : undefined;
  } catch {
    return undefined;
  }
}

export { STAND_IN };
