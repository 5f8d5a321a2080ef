import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/config';

/*
 * A public form's issue time, signed: the page puts it in a hidden field, the server reads it back. It
 * lets a form refuse what no person does (sent within seconds of loading) and what was loaded long ago,
 * without cookies, JavaScript or a third party. The purpose is in the MAC, so one form's token is no
 * good for another.
 */
const FORMAT = 'portale-form:v1';

function mac(purpose: string, issued: string): string {
  return createHmac('sha256', authSecret()).update(`${FORMAT}|${purpose}|${issued}`).digest('base64url').slice(0, 32);
}

/** `<issue time in base-36 milliseconds>.<mac>` */
export function issueFormToken(purpose: string, now = Date.now()): string {
  const issued = Math.floor(now).toString(36);
  return `${issued}.${mac(purpose, issued)}`;
}

export type FormTokenCheck = 'ok' | 'invalid' | 'too_fast' | 'expired';

export function checkFormToken(
  purpose: string,
  token: string | undefined,
  limits: { minSeconds: number; maxSeconds: number },
  now = Date.now(),
): FormTokenCheck {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token ?? '');
  if (!match) return 'invalid';
  const [, issued, given] = match as unknown as [string, string, string];
  if (!timingSafeEqual(Buffer.from(mac(purpose, issued)), Buffer.from(given))) return 'invalid';
  const elapsed = (now - parseInt(issued, 36)) / 1000;
  if (elapsed < limits.minSeconds) return 'too_fast';
  return elapsed > limits.maxSeconds ? 'expired' : 'ok';
}
