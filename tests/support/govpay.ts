import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, type Ente, type Position } from '@/db/schema';
import { govpaySettingsSchema, type ConnectionSecrets, type GovpaySettings } from '@/lib/partners/connection-settings';
import { issueInboundCredential, saveConnection } from '@/lib/partners/connections';
import type { PositionForPartner } from '@/lib/partners/types';
import type { GovpayMock } from '../mocks/govpay';

/** GovPay connection settings pointing at a mock, with `overrides`. */
export function govpaySettings(mock: GovpayMock, overrides: Partial<GovpaySettings> = {}): GovpaySettings {
  return govpaySettingsSchema.parse({
    pendenzeUrl: mock.pendenzeUrl,
    ragioneriaUrl: mock.ragioneriaUrl,
    idA2A: 'PORTALE',
    defaultTipoPendenza: 'DOVUTO-PORTALE',
    outboundAuth: 'basic',
    username: 'portale',
    ownNoticeNumbers: true,
    checkoutUrl: 'http://127.0.0.1:9/checkout/ec',
    checkoutVersion: 2,
    ...overrides,
  });
}

export const GOVPAY_SECRETS: ConnectionSecrets = { password: 'segreto' };

/**
 * Moves an Ente onto a GovPay partner (NordCom-TIM by default) with a connection to the mock and an
 * inbound credential for its pushes; returns the Ente as it now is and that credential.
 */
export async function connectToGovpay(
  db: Database,
  ente: Ente,
  mock: GovpayMock,
  inbound: { auth: 'basic' | 'api_key'; principal: string } = { auth: 'basic', principal: `govpay-${ente.slug}` },
): Promise<{ ente: Ente; credential: { principal: string; secret: string } }> {
  const [moved] = await db.update(enti).set({ partner: 'nordcom_tim' }).where(eq(enti.id, ente.id)).returning();
  await saveConnection(db, ente.id, { protocol: 'govpay', settings: govpaySettings(mock) }, { secrets: GOVPAY_SECRETS });
  const credential = await issueInboundCredential(db, ente.id, inbound.auth, inbound.principal);
  return { ente: moved!, credential };
}

/** A stored position as the adapter receives it (one transfer, the way the core builds it today). */
export function forPartner(position: Position, extra: Partial<PositionForPartner> = {}): PositionForPartner {
  return {
    id: position.id,
    noticeNumber: position.noticeNumber,
    iuv: position.iuv,
    amountCents: position.amountCents,
    description: position.causale,
    dueDate: position.dueDate,
    debtor: position.debtorFiscalCode
      ? { type: 'F', fiscalCode: position.debtorFiscalCode, fullName: position.debtorName ?? '', email: position.debtorEmail ?? undefined }
      : null,
    iban: position.iban ?? '',
    taxonomyCode: position.taxonomyCode ?? '',
    ...extra,
  };
}
