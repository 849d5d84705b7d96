import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';

type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

/** The public Azure cloud's values (botframework-connector's AuthenticationConstants). */
const PUBLIC_CLOUD = {
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: 'urn:botframework:azure',
} as const;

export type EndpointSettings = Record<keyof typeof PUBLIC_CLOUD, string>;

/**
 * botbuilder's own endpoint settings, from config. Unset → undefined, and botbuilder keeps its
 * built-in public cloud. Once any one is set botbuilder takes all of them as given, so the ones
 * not set keep the public cloud's values rather than becoming empty.
 */
export function endpointSettings(config: Config): EndpointSettings | undefined {
  const given = {
    ...(config.ToBotFromChannelOpenIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl } : {}),
    ...(config.ToBotFromChannelTokenIssuer ? { ToBotFromChannelTokenIssuer: config.ToBotFromChannelTokenIssuer } : {}),
    ...(config.ToChannelFromBotLoginUrl ? { ToChannelFromBotLoginUrl: config.ToChannelFromBotLoginUrl } : {}),
    ...(config.ToChannelFromBotOAuthScope ? { ToChannelFromBotOAuthScope: config.ToChannelFromBotOAuthScope } : {}),
  };
  return Object.keys(given).length === 0 ? undefined : { ...PUBLIC_CLOUD, ...given };
}

/**
 * The bot's outgoing token for a login URL other than Microsoft's (a private cloud, the loopback
 * Bot Framework stand-in): the OAuth2 client-credentials grant at `<login url>/oauth2/v2.0/token`,
 * the same request MSAL makes. botbuilder's own path goes through MSAL, which refuses http
 * authorities and asks login.microsoftonline.com to discover any authority it does not know, so
 * it cannot reach a loopback one. Tokens are cached until five minutes before they expire.
 */
export class ClientCredentialsFactory implements CredentialsFactory {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly appId: string,
    private readonly password: string,
    private readonly logger: Logger,
  ) {}

  isValidAppId(appId = ''): Promise<boolean> {
    return Promise.resolve(appId === this.appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(this.appId === '');
  }

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<never> {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    const scope = `${(audience ?? '').replace(/\/+$/, '')}/.default`;
    const url = `${loginEndpoint.replace(/\/+$/, '')}/oauth2/v2.0/token`;
    const credentials = {
      signRequest: async <R extends { headers: { set(name: string, value: string): void } }>(webResource: R): Promise<R> => {
        webResource.headers.set('authorization', `Bearer ${await this.token(url, scope)}`);
        return webResource;
      },
    };
    // botbuilder only calls signRequest on what this returns (ServiceClientCredentials).
    return credentials as never;
  }

  private async token(url: string, scope: string): Promise<string> {
    const key = `${url} ${scope}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.password, scope }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!res.ok || typeof body.access_token !== 'string') {
      this.logger.warn({ status: res.status, error: body.error }, 'teams: the login endpoint gave no token');
      throw Object.assign(new Error(`token request failed: ${res.status}`), { statusCode: res.status >= 500 ? res.status : 401 });
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.cache.set(key, { token: body.access_token, until: Date.now() + Math.max(0, seconds - 300) * 1000 });
    return body.access_token;
  }
}
