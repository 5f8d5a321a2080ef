/**
 * SPID levels (CIE uses the same class references). One type everywhere — database, session, request,
 * validation — as the numbers 1..3; the `https://www.spid.gov.it/SpidLn` URIs exist only in the XML.
 */
export type SpidLevel = 1 | 2 | 3;

const CLASS_REF_PREFIX = 'https://www.spid.gov.it/SpidL';

export function isSpidLevel(value: unknown): value is SpidLevel {
  return value === 1 || value === 2 || value === 3;
}

/** Level → AuthnContextClassRef, for the AuthnRequest and the demo IdP's assertions. */
export function authnContextClass(level: SpidLevel): string {
  return `${CLASS_REF_PREFIX}${level}`;
}

/** AuthnContextClassRef → level; anything else (SpidL4, another scheme) is undefined. */
export function levelFromClassRef(classRef: string | undefined): SpidLevel | undefined {
  if (!classRef?.startsWith(CLASS_REF_PREFIX)) return undefined;
  const level = Number(classRef.slice(CLASS_REF_PREFIX.length));
  return classRef.length === CLASS_REF_PREFIX.length + 1 && isSpidLevel(level) ? level : undefined;
}
