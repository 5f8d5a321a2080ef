import { generateKeyPairSync } from 'node:crypto';

import type { IdentityProvider } from '../idp-list';
import type { IdpErrorCode } from '../idp-errors';
import type { SpidLevel } from '../levels';
import { defaultResponseFields, errorResponseXml, successResponseXml } from './build-response';
import { demoIdentity } from './identities';
import { signSamlElement } from './sign';

export interface DemoIdp {
  provider: IdentityProvider;
  /**
   * Answers an AuthnRequest as the chosen demo identity: a signed success Response (assertion and
   * response both signed), or ErrorCode nr20 when the identity cannot reach the requested level,
   * or the given error code when the user "cancels" (nr25) and so on. Returns the base64 SAMLResponse.
   */
  respond(args: {
    requestId: string;
    level: SpidLevel;
    identityKey: string;
    spEntityId: string;
    acsUrl: string;
    now: Date;
    errorCode?: IdpErrorCode;
  }): string | undefined;
}

/**
 * The in-process IdP of the local demo. Its RSA key is generated when the process starts and never
 * leaves memory, so nothing it signs is trusted by any other instance: it is a demo, not a fixture.
 */
export function createDemoIdp(entityId: string, ssoUrl: string, kind: IdentityProvider['kind'] = 'spid'): DemoIdp {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const provider: IdentityProvider = {
    entityId,
    name: kind === 'cie' ? 'CIE dimostrativa (solo prove)' : 'IdP dimostrativo (solo prove)',
    ssoUrl,
    ssoBinding: 'redirect',
    certificates: [publicKeyPem],
    kind,
  };

  return {
    provider,
    respond({ requestId, level, identityKey, spEntityId, acsUrl, now, errorCode }) {
      const identity = demoIdentity(identityKey);
      if (!identity) return undefined;
      const fields = defaultResponseFields({ idpEntityId: entityId, spEntityId, acsUrl, requestId, level, now, identity });
      const refusal = errorCode ?? (identity.maxLevel < level ? 'nr20' : undefined);
      const xml = refusal
        ? errorResponseXml(fields, refusal)
        : signSamlElement(signSamlElement(successResponseXml(fields), 'assertion', { privateKey: privateKeyPem }), 'response', {
            privateKey: privateKeyPem,
          });
      return Buffer.from(xml, 'utf8').toString('base64');
    },
  };
}
