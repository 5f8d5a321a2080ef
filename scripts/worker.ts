import './env';
import { checkConfigurationOrExit } from '@/lib/startup';
import { startAppWorker } from '@/lib/jobs/app-worker';

/** `npm run worker`: a dedicated job worker, for deployments that run app instances with WORKER_ENABLED=false. */
checkConfigurationOrExit('worker');
startAppWorker().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
