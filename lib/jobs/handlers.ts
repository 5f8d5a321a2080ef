import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enteColumns, enti } from '@/db/schema';
import { conservazioneJobHandler } from '@/lib/conservazione/job';
import { CONSERVAZIONE_QUEUE } from '@/lib/conservazione/schedule';
import { AVVISI_QUEUE, avvisiZipJobHandler } from '@/lib/imports/avvisi-zip';
import { IMPORT_QUEUE, importJobHandler } from '@/lib/imports/job';
import { REGISTER_QUEUE, registerPosition } from '@/lib/positions/create';
import { INVALIDATE_QUEUE, invalidateAtPartner } from '@/lib/positions/invalidate';
import { findPosition } from '@/lib/positions/queries';
import { REGISTER_BATCH_QUEUE, registerPositionsBatch } from '@/lib/positions/register-batch';
import { deliverDueMessages, NOTIFICATIONS_QUEUE } from '@/lib/notifications/delivery';
import { smtpMailer, type Mailer } from '@/lib/notifications/email/mailer';
import type { PartnerResolver } from '@/lib/partners/registry';
import { DELIVERY_QUEUE } from '@/lib/partners/sandbox/checkout';
import { sandboxDeliveryHandler, type CallbackTransport } from '@/lib/partners/sandbox/delivery';
import { FDR_QUEUE, fdrPullJobHandler } from '@/lib/reconciliation/fdr-job';
import type { JobHandler } from './queue';

export interface JobDependencies {
  resolvePartner: PartnerResolver;
  /** How the sandbox partner reaches our callback endpoint. */
  sandboxTransport: CallbackTransport;
  /** How citizens' e-mail leaves; the configured SMTP relay unless a test passes its own. */
  mailer?: Mailer;
}

/** Every queue the portal works, with its handler. A handler that throws is retried with backoff. */
export function jobHandlers(deps: JobDependencies): Record<string, JobHandler> {
  return {
    [REGISTER_QUEUE]: async (db: Database, payload) => {
      const enteId = String(payload.enteId);
      const [ente] = await db.select(enteColumns).from(enti).where(eq(enti.id, enteId));
      const position = ente ? await findPosition(db, enteId, String(payload.positionId)) : undefined;
      if (!ente || !position) return;
      if ((await registerPosition(db, ente, position, deps.resolvePartner)) === 'pending') {
        throw new Error('partner ancora non raggiungibile');
      }
    },
    [REGISTER_BATCH_QUEUE]: async (db: Database, payload, context) => {
      await registerPositionsBatch(db, payload, deps.resolvePartner, context);
    },
    [INVALIDATE_QUEUE]: async (db: Database, payload) => {
      await invalidateAtPartner(db, payload, deps.resolvePartner);
    },
    [DELIVERY_QUEUE]: sandboxDeliveryHandler(deps.sandboxTransport),
    [IMPORT_QUEUE]: importJobHandler,
    [AVVISI_QUEUE]: avvisiZipJobHandler(),
    [FDR_QUEUE]: fdrPullJobHandler,
    [CONSERVAZIONE_QUEUE]: conservazioneJobHandler,
    [NOTIFICATIONS_QUEUE]: async (db: Database, _payload, context) =>
      void (await deliverDueMessages(db, deps.mailer ?? smtpMailer(), context.signal)),
  };
}
