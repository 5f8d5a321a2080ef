import { getDb } from '@/db';
import { closeNoticePool } from '@/lib/documents/pool/notice-pool';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { httpTransport } from '@/lib/partners/sandbox/delivery';
import { readConfig } from '@/lib/config';
import { logger } from '@/lib/logger';
import { maintenanceTasks } from './maintenance';
import { startWorker } from './worker';

const holder = globalThis as typeof globalThis & { __portaleWorker?: () => Promise<void> };

/** The in-process worker of an app instance (WORKER_ENABLED=false to run it only via `npm run worker`). */
export async function startAppWorker(): Promise<void> {
  if (holder.__portaleWorker) return;
  const db = await getDb();
  const config = readConfig();
  // The portal's public address, from configuration: a separate worker process knows no port of its own.
  const callbackUrl =
    config.SANDBOX_CALLBACK_URL ?? `${config.PORTAL_SCHEME}://${config.PORTAL_BASE_DOMAIN}/api/partners/sandbox/callbacks`;
  const resolvePartner = defaultPartnerResolver(db);
  holder.__portaleWorker = startWorker(db, {
    resolvePartner,
    sandboxTransport: httpTransport(callbackUrl),
    pollMs: config.WORKER_POLL_MS,
    tasks: maintenanceTasks(resolvePartner, config),
  });
  logger.info({ callbackUrl }, 'worker avviato');
}

/** Stops this process's worker, once the jobs in hand are settled (graceful shutdown). */
export async function stopAppWorker(): Promise<void> {
  const stop = holder.__portaleWorker;
  if (stop) {
    await stop();
    logger.info('worker fermato');
  }
  // Last, once no job or request can ask for an avviso: the threads would otherwise keep the process alive.
  await closeNoticePool();
}
