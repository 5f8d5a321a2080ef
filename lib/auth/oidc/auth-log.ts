import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { authLog } from '@/db/schema';

/*
 * The OIDC rows of the authentication log (24 months, as for SPID). The request row is written when the
 * browser is sent to the provider, keyed by the state's hash; the callback completes it once. The ID token
 * (a signed JWT: proof of what the provider asserted) is kept, access tokens never are.
 */

export interface OidcLoggedRequest {
  stateHash: string;
  issuer: string;
  /** The authorization URL without its state (a secret until used). */
  authorizationUrl: string;
  now: Date;
}

export async function logOidcRequest(db: Database, request: OidcLoggedRequest): Promise<void> {
  await db.insert(authLog).values({
    method: 'oidc',
    requestId: request.stateHash,
    provider: request.issuer,
    requestIssueInstant: request.now,
    request: request.authorizationUrl,
  });
}

export interface OidcLoggedOutcome {
  outcome: 'accepted' | 'refused' | 'idp_error';
  /** Our reason for a refusal, or the provider's `error` code. */
  reason?: string;
  /** The ID token, or the provider's error parameters. */
  response?: string;
  issuer?: string;
  subject?: string;
  tokenId?: string;
  issuedAt?: Date;
  fiscalCode?: string;
  now: Date;
}

/** Completes the request row, once: a later callback for the same state (a replay) does not overwrite it. */
export async function logOidcOutcome(db: Database, stateHash: string, outcome: OidcLoggedOutcome): Promise<void> {
  await db
    .update(authLog)
    .set({
      outcome: outcome.outcome,
      reason: outcome.reason?.slice(0, 200),
      response: outcome.response,
      responseId: outcome.tokenId?.slice(0, 128),
      responseIssueInstant: outcome.issuedAt,
      responseIssuer: outcome.issuer?.slice(0, 1024),
      assertionSubject: outcome.subject?.slice(0, 256),
      fiscalCode: outcome.fiscalCode,
      completedAt: outcome.now,
    })
    .where(and(eq(authLog.method, 'oidc'), eq(authLog.requestId, stateHash), isNull(authLog.outcome)));
}
