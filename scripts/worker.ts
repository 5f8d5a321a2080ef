import './env';
import { checkConfigurationOrExit } from '@/lib/startup';
import { installGracefulShutdown } from '@/lib/health/shutdown';
import { startAppWorker, stopAppWorker } from '@/lib/jobs/app-worker';

/** `npm run worker`: a dedicated job worker, for deployments that run app instances with WORKER_ENABLED=false. */
const config = checkConfigurationOrExit('worker');
// SIGTERM: the jobs in hand are settled and the avvisi threads closed before the process exits (no traffic to drain here).
installGracefulShutdown({ drainMs: 0, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, stopWork: stopAppWorker });
startAppWorker().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
