import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '@/lib/config';

export type SamlKind = 'spid' | 'cie';

/** One attribute the SP asks the IdP for; `required` ones must be in the Response for the login to succeed. */
export interface RequestedAttribute {
  name: string;
  required: boolean;
}

/** An `AttributeConsumingService`: its ServiceName is what the IdP shows the citizen at consent. */
export interface AttributeService {
  index: number;
  serviceName: string;
  attributes: readonly RequestedAttribute[];
}

export interface SpConfig {
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  /** PEM of the signing certificate published in the metadata. */
  certPem: string;
  privateKey: KeyObject;
  organization: { name: string; displayName: string; url: string; ipaCode: string; email: string; phone?: string };
  attributeServices: Record<SamlKind, readonly AttributeService[]>;
}

export class SpConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpConfigError';
  }
}

/** Each Ente gets its own AttributeConsumingService so the IdP names it at consent; its index must never change. */
export interface EnteService {
  serviceIndex: number;
  name: string;
}

// SPID (attributi.rst): fiscalNumber identifies the citizen across IdPs; e-mail is welcome, not needed.
const SPID_ATTRIBUTES: readonly RequestedAttribute[] = [
  { name: 'fiscalNumber', required: true },
  { name: 'name', required: true },
  { name: 'familyName', required: true },
  { name: 'email', required: false },
];
// CIE may request only (a subset of) the eIDAS minimum dataset.
const CIE_ATTRIBUTES: readonly RequestedAttribute[] = [
  { name: 'fiscalNumber', required: true },
  { name: 'name', required: true },
  { name: 'familyName', required: true },
  { name: 'dateOfBirth', required: false },
];

// The committed test-only pair (tests/fixtures/saml/demo-sp-test-only): stable across restarts, so a local
// validator keeps the registered metadata, and no openssl or writable disk is needed at run time.
const DEMO_PAIR_DIR = path.join('tests', 'fixtures', 'saml', 'demo-sp-test-only');
// Its fingerprint, so production also refuses the demo pair when someone pastes it into the variables.
const DEMO_CERT_SHA256 = 'F4:3F:0C:5E:37:7E:DD:49:57:83:76:FC:27:FC:DF:4D:95:23:3F:14:02:5C:5C:46:F2:6A:64:58:BF:FB:1B:B9';
const DEMO_DEFAULTS = {
  ipaCode: 'demo_prov',
  name: 'Provincia Demo (solo sviluppo)',
  email: 'spid-demo@provincia-demo.example',
};

/** PEM from an environment variable, where line breaks are often written as `\n`. */
function pemFromEnv(value: string): string {
  return value.replace(/\\n/g, '\n').trim() + '\n';
}

function keyMaterial(config: ServerConfig): { certPem: string; keyPem: string } {
  if (config.SPID_SP_CERT_PEM && config.SPID_SP_KEY_PEM) {
    return { certPem: pemFromEnv(config.SPID_SP_CERT_PEM), keyPem: pemFromEnv(config.SPID_SP_KEY_PEM) };
  }
  if (config.SPID_SP_CERT_PEM || config.SPID_SP_KEY_PEM) {
    throw new SpConfigError('SPID_SP_CERT_PEM e SPID_SP_KEY_PEM vanno impostate insieme');
  }
  if (config.NODE_ENV === 'production') {
    throw new SpConfigError('SPID_SP_CERT_PEM e SPID_SP_KEY_PEM sono obbligatorie in produzione');
  }
  const dir = path.join(process.cwd(), DEMO_PAIR_DIR);
  return { certPem: readFileSync(path.join(dir, 'sp-cert.pem'), 'utf8'), keyPem: readFileSync(path.join(dir, 'sp-key.pem'), 'utf8') };
}

function parseKeys(certPem: string, keyPem: string, production: boolean): { certPem: string; privateKey: KeyObject } {
  let cert: X509Certificate;
  let privateKey: KeyObject;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new SpConfigError('SPID_SP_CERT_PEM non è un certificato X.509 in formato PEM');
  }
  try {
    privateKey = createPrivateKey(keyPem);
  } catch {
    throw new SpConfigError('SPID_SP_KEY_PEM non è una chiave privata in formato PEM');
  }
  // AgID: RSA of at least 2048 bits; a mismatched pair would publish a certificate nobody can verify against.
  if (privateKey.asymmetricKeyType !== 'rsa' || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new SpConfigError('SPID_SP_KEY_PEM deve essere una chiave RSA di almeno 2048 bit');
  }
  if (!cert.checkPrivateKey(privateKey)) throw new SpConfigError('SPID_SP_KEY_PEM non corrisponde al certificato SPID_SP_CERT_PEM');
  if (production && cert.fingerprint256 === DEMO_CERT_SHA256) {
    throw new SpConfigError('SPID_SP_CERT_PEM è la coppia dimostrativa pubblicata nel repository: in produzione serve una coppia propria');
  }
  return { certPem: cert.toString(), privateKey };
}

/**
 * The provincial service provider, from the configuration: entityID (default the base domain), ACS and SLO
 * on the base domain, key pair, organisation (named after the provider, see lib/provider), and the attribute
 * services (index 0 for the Province, one per Ente from `enti`). Throws SpConfigError, in Italian, on
 * unusable keys.
 */
export function spConfigFromEnv(config: ServerConfig, enti: readonly EnteService[] = [], providerName?: string): SpConfig {
  const baseUrl = `${config.PORTAL_SCHEME}://${config.PORTAL_BASE_DOMAIN}`;
  const { certPem, keyPem } = keyMaterial(config);
  // SPID_SP_ORG_NAME if the SP must be named otherwise, else the provider's configured identity.
  const name = config.SPID_SP_ORG_NAME ?? providerName ?? (config.NODE_ENV === 'production' ? 'Portale dei pagamenti' : DEMO_DEFAULTS.name);
  const services = (attributes: readonly RequestedAttribute[]): AttributeService[] => {
    const list: AttributeService[] = [{ index: 0, serviceName: `Pagamenti - ${name}`, attributes }];
    for (const ente of enti) {
      if (!Number.isInteger(ente.serviceIndex) || ente.serviceIndex < 1 || ente.serviceIndex > 65_535) {
        throw new SpConfigError(`indice di servizio non valido per ${ente.name}: ${ente.serviceIndex}`);
      }
      if (list.some((s) => s.index === ente.serviceIndex)) {
        throw new SpConfigError(`indice di servizio ${ente.serviceIndex} usato due volte`);
      }
      list.push({ index: ente.serviceIndex, serviceName: `Pagamenti - ${ente.name}`, attributes });
    }
    return list;
  };
  return {
    entityId: config.SPID_SP_ENTITY_ID ?? baseUrl,
    acsUrl: `${baseUrl}/spid/acs`,
    sloUrl: `${baseUrl}/spid/slo`,
    ...parseKeys(certPem, keyPem, config.NODE_ENV === 'production'),
    organization: {
      name,
      displayName: name,
      url: baseUrl,
      ipaCode: config.SPID_SP_IPA_CODE ?? DEMO_DEFAULTS.ipaCode,
      email: config.SPID_SP_CONTACT_EMAIL ?? DEMO_DEFAULTS.email,
      ...(config.SPID_SP_CONTACT_PHONE ? { phone: config.SPID_SP_CONTACT_PHONE } : {}),
    },
    attributeServices: { spid: services(SPID_ATTRIBUTES), cie: services(CIE_ATTRIBUTES) },
  };
}

/** The certificate as it goes into `ds:X509Certificate`: base64 DER, no PEM armour. */
export function certificateBase64(certPem: string): string {
  return certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
