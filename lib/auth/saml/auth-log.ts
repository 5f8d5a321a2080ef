import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { authLog } from '@/db/schema';
import { NS, attr, onlyChild, parseInstant, parseUntrustedXml, text } from './saml-xml';

/*
 * The SPID rules (DPCM 24.10.2014 art. 13, AgID "conservazione dei log") ask the SP to keep every
 * AuthnRequest and Response for 24 months, with the identifiers that let AgID trace one exchange.
 */

export interface LoggedRequest {
  method: 'spid' | 'cie';
  requestId: string;
  provider: string;
  issueInstant: Date;
  xml: string;
}

export async function logAuthnRequest(db: Database, request: LoggedRequest): Promise<void> {
  await db.insert(authLog).values({
    method: request.method,
    requestId: request.requestId,
    provider: request.provider,
    requestIssueInstant: request.issueInstant,
    request: request.xml,
  });
}

export interface LoggedResponse {
  method: 'spid' | 'cie';
  requestId: string;
  /** The Response XML as received (decoded from base64). */
  xml: string;
  outcome: 'accepted' | 'refused' | 'idp_error';
  reason?: string;
  fiscalCode?: string;
  now: Date;
}

const cut = (value: string | undefined, max: number) => (value === undefined ? undefined : value.slice(0, max));

/**
 * The identifiers AgID asks to index, read from the document as received: for a refused response they are
 * what the sender claimed, which is exactly what the log must show.
 */
function responseFacts(xml: string) {
  const response = parseUntrustedXml(xml)?.documentElement;
  if (!response) return {};
  const assertion = onlyChild(response, NS.assertion, 'Assertion');
  const instant = parseInstant(attr(response, 'IssueInstant'));
  return {
    responseId: cut(attr(response, 'ID'), 128),
    responseIssueInstant: instant === undefined ? undefined : new Date(instant),
    responseIssuer: cut(text(onlyChild(response, NS.assertion, 'Issuer')), 1024),
    assertionId: cut(attr(assertion, 'ID'), 128),
    assertionSubject: cut(text(onlyChild(onlyChild(assertion, NS.assertion, 'Subject'), NS.assertion, 'NameID')), 256),
  };
}

/** Completes the request's row with the answer; a response to no logged request (unsolicited) has no row to complete. */
export async function logSamlResponse(db: Database, response: LoggedResponse): Promise<boolean> {
  const rows = await db
    .update(authLog)
    .set({
      ...responseFacts(response.xml),
      response: response.xml,
      outcome: response.outcome,
      reason: cut(response.reason, 200),
      fiscalCode: response.fiscalCode,
      completedAt: response.now,
    })
    .where(and(eq(authLog.method, response.method), eq(authLog.requestId, response.requestId)))
    .returning({ id: authLog.id });
  return rows.length > 0;
}

/** The first instant still kept: `months` before `now`. */
export function authLogCutoff(months: number, now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** Deletes exchanges older than the retention (a periodic job; AUTH_LOG_RETENTION_MONTHS, at least 24). */
export async function purgeAuthLog(db: Database, before: Date): Promise<number> {
  const deleted = await db.delete(authLog).where(lt(authLog.createdAt, before)).returning({ id: authLog.id });
  return deleted.length;
}
