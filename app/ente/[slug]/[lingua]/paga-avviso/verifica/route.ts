import { getDb } from '@/db';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { readConfig } from '@/lib/config';
import { readJsonBody } from '@/lib/http/limited-body';
import { clientAddress } from '@/lib/http/client-address';
import { problem } from '@/lib/http/problem';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translate } from '@/lib/i18n/translate';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { claimNotice, noticeLookupLimitMessage, noticeNotFoundMessage, noticeNotPayableMessage, noticeView } from '@/lib/positions/lookup';
import { noticeClaimSchemaFor } from '@/lib/positions/schemas';
import { findRequestEnte } from '@/lib/tenancy/current-ente';

const BODY_ERRORS = { 400: 'badRequest', 413: 'tooLarge', 415: 'notJson' } as const;

/**
 * «Paga un avviso»: the notice number and the debtor's fiscal code, together, find a notice. A wrong pair
 * answers exactly like an unknown notice; too many tries answer 429 with Retry-After. In the language of the
 * page that asks (it posts to its own language's address).
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const locale = requestLocale(request.headers);
  const t = translate(locale, 'Notices');
  const ente = await findRequestEnte((await params).slug);
  if (!ente) return problem(404, t('enteNotFound'));
  const body = await readJsonBody(request, 2048);
  if (!body.ok) return problem(body.status, t(BODY_ERRORS[body.status]));
  const parsed = noticeClaimSchemaFor(locale).safeParse(body.value);
  if (!parsed.success) return problem(400, t('checkData'), undefined, { errors: fieldErrorsOf(parsed.error) });

  const db = await getDb();
  const result = await claimNotice(db, ente.id, parsed.data, clientAddress(request.headers, readConfig().TRUSTED_PROXY_HOPS), {
    ente,
    resolvePartner: defaultPartnerResolver(db),
  });
  if (result.kind === 'rate_limited') {
    const retryAfter = String(result.retryAfterSeconds);
    return problem(429, noticeLookupLimitMessage(result.retryAfterSeconds, locale), undefined, undefined, { 'retry-after': retryAfter });
  }
  if (result.kind === 'not_found') return problem(404, noticeNotFoundMessage(ente.name, locale));
  if (result.kind === 'not_payable') return problem(409, noticeNotPayableMessage(ente.name, locale));
  return Response.json({ notice: await noticeView(db, result.position) }, { headers: { 'cache-control': 'no-store' } });
}
