import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseIdpMetadata } from './idp-metadata';

/**
 * The identity providers we accept responses from, read from a list in the AgID registry's format: a JSON
 * array of `{ entity_id, organization_name, logo_uri?, kind: "spid" | "cie", metadata_file | metadata_xml }`.
 * Each entry points at the IdP's own SAML metadata (a file next to the list, or inline), from which the
 * SSO and SLO addresses and the signing certificates are read: the list itself never carries keys.
 */
export interface IdentityProvider {
  entityId: string;
  name: string;
  logoUrl?: string;
  ssoUrl: string;
  /** How the AuthnRequest travels: a 303 to the signed Redirect URL, or an auto-submitting signed POST. */
  ssoBinding: 'redirect' | 'post';
  /** Where a LogoutRequest goes (HTTP-Redirect); without it logout is local only. */
  sloUrl?: string;
  /**
   * PEM X.509 certificates (more than one while an IdP rolls its key over). The in-process demo IdP,
   * built in code rather than parsed, may put a `PUBLIC KEY` PEM here: node-saml accepts both.
   */
  certificates: string[];
  /** CIE omits the Format of the assertion Issuer, SPID must send it. */
  kind: 'spid' | 'cie';
}

const MIN_RSA_BITS = 2048;

function toPem(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN CERTIFICATE-----')) return `${trimmed}\n`;
  const body = trimmed.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A signing certificate as PEM, or the reason it cannot be one. */
export function checkCertificate(value: string): { ok: true; pem: string } | { ok: false; problem: string } {
  const pem = toPem(value);
  try {
    const cert = new X509Certificate(pem);
    const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (cert.publicKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
      return { ok: false, problem: `il certificato deve avere una chiave RSA di almeno ${MIN_RSA_BITS} bit` };
    }
  } catch {
    return { ok: false, problem: 'non è un certificato X.509 valido' };
  }
  return { ok: true, pem };
}

const httpUrl = z.url({ protocol: /^https?$/, message: 'deve essere un URL http(s)://' });

const entrySchema = z
  .object({
    entity_id: z.string().min(1).max(1024),
    organization_name: z.string().min(1).max(200),
    logo_uri: httpUrl.max(1024).optional(),
    kind: z.enum(['spid', 'cie'], { message: 'deve essere "spid" o "cie"' }),
    metadata_file: z
      .string()
      .min(1)
      .max(500)
      .refine((p) => !path.isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'deve essere un percorso dentro la cartella dell’elenco')
      .optional(),
    metadata_xml: z.string().min(1).optional(),
  })
  .refine((e) => (e.metadata_file === undefined) !== (e.metadata_xml === undefined), 'serve metadata_file oppure metadata_xml (uno solo)');

const listSchema = z
  .array(entrySchema)
  .max(100, 'troppi IdP nell’elenco')
  .refine((list) => new Set(list.map((p) => p.entity_id)).size === list.length, 'entity_id ripetuto');

export type IdpListResult = { ok: true; providers: IdentityProvider[] } | { ok: false; problems: string[] };

type Entry = z.infer<typeof entrySchema>;

function providerFrom(entry: Entry, readMetadata: (file: string) => string): { provider?: IdentityProvider; problems: string[] } {
  const where = entry.entity_id;
  let xml: string;
  try {
    xml = entry.metadata_xml ?? readMetadata(entry.metadata_file!);
  } catch {
    return { problems: [`${where}: il file dei metadata ${entry.metadata_file} non si può leggere`] };
  }
  const parsed = parseIdpMetadata(xml, entry.entity_id);
  if (!parsed.ok) return { problems: [`${where}: ${parsed.problem}`] };
  const { metadata } = parsed;
  const problems: string[] = [];
  const certificates: string[] = [];
  metadata.certificates.forEach((value, i) => {
    const checked = checkCertificate(value);
    if (checked.ok) certificates.push(checked.pem);
    else problems.push(`${where}: certificato ${i + 1}: ${checked.problem}`);
  });
  for (const [what, url] of [
    ['SingleSignOnService', metadata.ssoUrl],
    ['SingleLogoutService', metadata.sloUrl],
  ] as const) {
    if (url !== undefined && !httpUrl.safeParse(url).success) problems.push(`${where}: ${what} deve essere un URL http(s)://`);
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    provider: {
      entityId: entry.entity_id,
      name: entry.organization_name,
      ...(entry.logo_uri ? { logoUrl: entry.logo_uri } : {}),
      ssoUrl: metadata.ssoUrl,
      ssoBinding: metadata.ssoBinding,
      ...(metadata.sloUrl ? { sloUrl: metadata.sloUrl } : {}),
      certificates,
      kind: entry.kind,
    },
  };
}

/**
 * Parses the list; `readMetadata` reads a `metadata_file` (relative to the list). Every problem is reported
 * (in Italian, for the start-up check) rather than the first.
 */
export function parseIdpList(json: string, readMetadata: (file: string) => string): IdpListResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, problems: ['l’elenco degli IdP non è JSON valido'] };
  }
  const parsed = listSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'elenco'}: ${i.message}`) };
  }
  const providers: IdentityProvider[] = [];
  const problems: string[] = [];
  for (const entry of parsed.data) {
    const result = providerFrom(entry, readMetadata);
    problems.push(...result.problems);
    if (result.provider) providers.push(result.provider);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, providers };
}

/** Reads the list file and the metadata files beside it. */
export function readIdpListFile(listFile: string): IdpListResult {
  let json: string;
  try {
    json = readFileSync(listFile, 'utf8');
  } catch {
    return { ok: false, problems: [`il file ${listFile} non si può leggere`] };
  }
  const dir = path.dirname(path.resolve(listFile));
  return parseIdpList(json, (file) => readFileSync(path.join(dir, file), 'utf8'));
}
