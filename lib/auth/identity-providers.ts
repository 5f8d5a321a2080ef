import { readFileSync } from 'node:fs';
import { readConfig, type ServerConfig } from '@/lib/config';
import { provinciaBaseUrl } from '@/lib/tenancy/urls';
import { parseIdpList, type IdentityProvider } from './saml/idp-list';

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

/** The configured IdPs (SPID_IDP_LIST_FILE), without the demo IdP. Problems are thrown in Italian. */
export function configuredIdentityProviders(config: ServerConfig = readConfig()): IdentityProvider[] {
  if (!config.SPID_IDP_LIST_FILE) return [];
  const result = parseIdpList(readFileSync(config.SPID_IDP_LIST_FILE, 'utf8'));
  if (!result.ok) throw new Error(`SPID_IDP_LIST_FILE: ${result.problems.join('; ')}`);
  return result.providers;
}

export function loginChoices(config: ServerConfig = readConfig()): LoginChoices {
  const providers = config.SPID_ENABLED ? configuredIdentityProviders(config) : [];
  const spid = providers.filter((p) => p.kind === 'spid').map((p) => ({ entityId: p.entityId, name: p.name }));
  let cie = providers.find((p) => p.kind === 'cie');
  if (config.SPID_ENABLED && config.DEMO_IDP_ENABLED) {
    const demo = demoIdpEntityIds();
    spid.push({ entityId: demo.spid, name: 'IdP dimostrativo' });
    cie ??= { entityId: demo.cie, name: 'CIE dimostrativa', ssoUrl: '', certificates: [], kind: 'cie' };
  }
  const oidc = config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET ? { name: config.OIDC_PROVIDER_NAME } : undefined;
  return { spid, cie: cie && { entityId: cie.entityId, name: cie.name }, oidc };
}
