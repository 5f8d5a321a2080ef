import './env';
import { checkConfigurationOrExit } from '@/lib/startup';
import { startAppWorker } from '@/lib/jobs/app-worker';
import { closeNoticePool } from '@/lib/documents/pool/notice-pool';

/** `npm run worker`: a dedicated job worker, for deployments that run app instances with WORKER_ENABLED=false. */
checkConfigurationOrExit('worker');
startAppWorker().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
// The avvisi threads are terminated before the process goes; a job cut short is taken again when its lock expires.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void closeNoticePool().finally(() => process.exit(0)));
}
