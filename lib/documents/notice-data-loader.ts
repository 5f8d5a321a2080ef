import type { Database } from '@/db';
import type { Position } from '@/db/schema';
import { loadPlan } from '@/lib/positions/plans';
import type { ProviderIdentity } from '@/lib/provider/current';
import { findEnteLogo } from '@/lib/settings/ente-settings';
import { noticeDocumentData, type NoticeEnte } from './notice-data';
import type { NoticeDocumentData } from './notice-pdf';

/** The avviso's data with what lives beside the position: the Ente's logo and, for a plan, its other options. */
export async function noticeDataFor(
  db: Database,
  ente: NoticeEnte & { id: string },
  position: Position,
  provider: Pick<ProviderIdentity, 'configured' | 'name'>,
  logo?: { data: Buffer; mime: string } | null,
): Promise<NoticeDocumentData> {
  const plan = position.planId ? await loadPlan(db, ente.id, position.planId) : undefined;
  return noticeDocumentData(ente, position, provider, {
    plan,
    logo: (logo === undefined ? await findEnteLogo(db, ente.id) : logo) ?? undefined,
  });
}
