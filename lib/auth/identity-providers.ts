import { readConfig, type ServerConfig } from '@/lib/config';
import { provinciaBaseUrl } from '@/lib/tenancy/urls';
import { createDemoIdp, type DemoIdp } from './saml/demo-idp/demo-idp';
import { readIdpListFile, type IdentityProvider } from './saml/idp-list';

/** What a login page offers: SPID IdPs, the CIE IdP and the regional OIDC provider, each only when configured. */
export interface LoginChoices {
  spid: { entityId: string; name: string; logoUrl?: string }[];
  cie: { entityId: string; name: string } | undefined;
  oidc: { name: string } | undefined;
}

/** The demo IdP's entityID (SPID) and that of its CIE twin: both answer at /spid/demo-idp on the base domain. */
export function demoIdpEntityIds(): { spid: string; cie: string } {
  return { spid: provinciaBaseUrl() + '/spid/demo-idp', cie: provinciaBaseUrl() + '/spid/demo-idp/cie' };
}

/** Where each demo IdP receives AuthnRequests; the query tells the page which of the two is asked. */
export function demoIdpSsoUrls(): { spid: string; cie: string } {
  return { spid: provinciaBaseUrl() + '/spid/demo-idp', cie: provinciaBaseUrl() + '/spid/demo-idp?tipo=cie' };
}

type DemoIdps = { spid: DemoIdp; cie: DemoIdp };
const DEMO_KEY = Symbol.for('portale.saml.demo-idps');
type WithDemo = typeof globalThis & { [DEMO_KEY]?: Map<string, DemoIdps> };

/**
 * The two demo IdPs, created once per process and base URL: their keys are generated here and never stored,
 * and globalThis (not module state) holds them because Next may load this module once per route bundle,
 * while the ACS must verify with the key the demo IdP page signed with.
 */
export function demoIdps(): DemoIdps {
  const store = ((globalThis as WithDemo)[DEMO_KEY] ??= new Map());
  const base = provinciaBaseUrl();
  let idps = store.get(base);
  if (!idps) {
    const ids = demoIdpEntityIds();
    const sso = demoIdpSsoUrls();
    idps = { spid: createDemoIdp(ids.spid, sso.spid, 'spid'), cie: createDemoIdp(ids.cie, sso.cie, 'cie') };
    store.set(base, idps);
  }
  return idps;
}

export class IdpListError extends Error {
  constructor(readonly problems: string[]) {
    super(`SPID_IDP_LIST_FILE non valido:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'IdpListError';
  }
}

const listCache = new Map<string, IdentityProvider[]>();

/** The configured IdPs (SPID_IDP_LIST_FILE), without the demo IdPs; read once per process. Problems are thrown in Italian. */
export function configuredIdentityProviders(config: ServerConfig = readConfig()): IdentityProvider[] {
  const file = config.SPID_IDP_LIST_FILE;
  if (!file) return [];
  const cached = listCache.get(file);
  if (cached) return cached;
  const result = readIdpListFile(file);
  if (!result.ok) throw new IdpListError(result.problems);
  listCache.set(file, result.providers);
  return result.providers;
}

/** Every IdP the portal accepts now: none unless SPID_ENABLED; the demo ones only with DEMO_IDP_ENABLED. */
export function identityProviders(config: ServerConfig = readConfig()): IdentityProvider[] {
  if (!config.SPID_ENABLED) return [];
  const providers = [...configuredIdentityProviders(config)];
  if (config.DEMO_IDP_ENABLED) {
    const demo = demoIdps();
    providers.push(demo.spid.provider, demo.cie.provider);
  }
  return providers;
}

export function findIdentityProvider(entityId: string, config: ServerConfig = readConfig()): IdentityProvider | undefined {
  return identityProviders(config).find((p) => p.entityId === entityId);
}

/**
 * For the Content-Security-Policy of `/accedi/spid` and `/accedi/cie`: the origins of the IdPs that take the
 * AuthnRequest by HTTP-POST, where that page's form must be allowed to post. Nothing on any other path.
 */
export function loginFormTargets(pathname: string, config: ServerConfig = readConfig()): string[] {
  if (pathname !== '/accedi/spid' && pathname !== '/accedi/cie') return [];
  return [
    ...new Set(
      identityProviders(config)
        .filter((p) => p.ssoBinding === 'post')
        .map((p) => new URL(p.ssoUrl).origin),
    ),
  ];
}

export function loginChoices(config: ServerConfig = readConfig()): LoginChoices {
  const providers = identityProviders(config);
  const spid = providers
    .filter((p) => p.kind === 'spid')
    .map((p) => ({ entityId: p.entityId, name: p.name, ...(p.logoUrl ? { logoUrl: p.logoUrl } : {}) }));
  // A real CIE IdP, when listed, comes before the demo one.
  const cie = providers.find((p) => p.kind === 'cie');
  const oidc = config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET ? { name: config.OIDC_PROVIDER_NAME } : undefined;
  return { spid, cie: cie && { entityId: cie.entityId, name: cie.name }, oidc };
}
