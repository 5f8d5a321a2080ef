import type { Database } from '@/db';
import type { Ente, Position } from '@/db/schema';
import { loadPlan } from '@/lib/positions/plans';
import { identityOf, type ProviderIdentity } from '@/lib/provider/current';
import { findProviderProfile } from '@/lib/provider/profile';
import { findEnteLogo } from '@/lib/settings/ente-settings';
import { noticeDocumentData, type NoticeEnte } from './notice-data';
import type { NoticeDocumentData } from './avviso/notice-document-data';

export interface NoticeContext {
  provider: Pick<ProviderIdentity, 'configured' | 'name'>;
  logo: { data: Buffer; mime: string } | null;
}

/** What every avviso of the Ente shares: the portal's provider and the Ente's logo (read only when it has one). */
export async function loadNoticeContext(db: Database, ente: Pick<Ente, 'id' | 'logoMime'>): Promise<NoticeContext> {
  const [profile, logo] = await Promise.all([findProviderProfile(db), ente.logoMime ? findEnteLogo(db, ente.id) : undefined]);
  return { provider: identityOf(profile), logo: logo ?? null };
}

/**
 * The avviso's data with what lives beside the position: the shared context (loaded alongside when not given)
 * and, for a plan, its other options.
 */
export async function noticeDataFor(
  db: Database,
  ente: NoticeEnte & Pick<Ente, 'id' | 'logoMime'>,
  position: Position,
  context?: NoticeContext,
): Promise<NoticeDocumentData> {
  const [shared, plan] = await Promise.all([
    context ?? loadNoticeContext(db, ente),
    position.planId ? loadPlan(db, ente.id, position.planId) : undefined,
  ]);
  return noticeDocumentData(ente, position, shared.provider, { plan, logo: shared.logo ?? undefined });
}
