import * as client from 'openid-client';
import type { ServerConfig } from '@/lib/config';

/** The regional provider's settings, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  fiscalCodeClaim: string;
  /** One for every Ente: the provider sends everyone back to the base domain, which knows the host from the state. */
  redirectUri: string;
}

export function oidcSettings(config: ServerConfig): OidcSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = config;
  if (!issuer || !clientId || !clientSecret) return undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    scope: config.OIDC_SCOPE,
    fiscalCodeClaim: config.OIDC_FISCAL_CODE_CLAIM,
    redirectUri: `${config.PORTAL_SCHEME}://${config.PORTAL_BASE_DOMAIN}/oidc/callback`,
  };
}

/** A provider that answers slowly should give the person the «non raggiungibile» page, not a hanging tab. */
const HTTP_TIMEOUT_SECONDS = 8;
/** Short: a provider that rotates its keys or endpoints is followed within minutes, without a restart. */
const DISCOVERY_TTL_MS = 5 * 60_000;

const discovered = new Map<string, { expiresAt: number; configuration: Promise<client.Configuration> }>();

/**
 * The provider's metadata (discovery), cached per process for a few minutes. A failed discovery is not
 * cached, so the next login tries again. ID token signatures are always checked against the provider's
 * JWKS (non-repudiation), not only trusted because they came over TLS; plain http is accepted only for
 * an http issuer, which the configuration refuses in production.
 */
export function discoverProvider(settings: OidcSettings, now = Date.now()): Promise<client.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
  const cached = discovered.get(key);
  if (cached && cached.expiresAt > now) return cached.configuration;
  const execute = [client.enableNonRepudiationChecks];
  if (settings.issuer.startsWith('http://')) execute.push(client.allowInsecureRequests);
  const configuration = client.discovery(
    new URL(settings.issuer),
    settings.clientId,
    { redirect_uris: [settings.redirectUri], response_types: ['code'] },
    client.ClientSecretBasic(settings.clientSecret),
    { execute, timeout: HTTP_TIMEOUT_SECONDS },
  );
  discovered.set(key, { expiresAt: now + DISCOVERY_TTL_MS, configuration });
  configuration.catch(() => {
    if (discovered.get(key)?.configuration === configuration) discovered.delete(key);
  });
  return configuration;
}

/** Whether an error means the provider could not be reached (network, timeout), rather than a bad answer. */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError || error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // openid-client wraps an HTTP error status of the discovery document (e.g. 502 from a proxy).
  return error instanceof client.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM';
}
