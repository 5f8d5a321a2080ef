import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

/**
 * The identity providers we accept responses from. The reference gives no machine format of the AgID
 * registry that carries signing certificates, so configuration is a minimal JSON list:
 * `[{ "entityId", "name", "ssoUrl", "certificates": [PEM or base64 DER], "kind"?: "spid" | "cie" }]`.
 */
export interface IdentityProvider {
  entityId: string;
  name: string;
  ssoUrl: string;
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

const certificate = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    const pem = toPem(value);
    try {
      const cert = new X509Certificate(pem);
      const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
      if (cert.publicKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
        ctx.addIssue({ code: 'custom', message: `il certificato deve avere una chiave RSA di almeno ${MIN_RSA_BITS} bit` });
        return z.NEVER;
      }
    } catch {
      ctx.addIssue({ code: 'custom', message: 'non è un certificato X.509 valido' });
      return z.NEVER;
    }
    return pem;
  });

const httpsOrLocalUrl = z.url({ protocol: /^https?$/, message: 'deve essere un URL http(s)://' });

const providerSchema = z.object({
  entityId: z.string().min(1).max(1024),
  name: z.string().min(1).max(200),
  ssoUrl: httpsOrLocalUrl,
  certificates: z.array(certificate).min(1, 'serve almeno un certificato di firma'),
  kind: z.enum(['spid', 'cie']).default('spid'),
});

const listSchema = z.array(providerSchema).refine((list) => new Set(list.map((p) => p.entityId)).size === list.length, 'entityId ripetuto');

export type IdpListResult = { ok: true; providers: IdentityProvider[] } | { ok: false; problems: string[] };

/** Parses the JSON list; every problem is reported (in Italian, for the start-up check) rather than the first. */
export function parseIdpList(json: string): IdpListResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, problems: ['la lista degli IdP non è JSON valido'] };
  }
  const parsed = listSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'lista'}: ${i.message}`),
    };
  }
  return { ok: true, providers: parsed.data };
}
