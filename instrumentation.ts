/**
 * Runs once when a server instance starts: check the configuration, open and migrate the database, start the
 * receipts' sequencer thread (on PostgreSQL) and the job worker, count HTTP requests for the metrics and install the graceful shutdown.
 */
export async function register() {
  // Written as a positive check so that the bundler drops the Node-only import from the edge build.
  // NEXT_RUNTIME and NEXT_PHASE are set by Next itself, not configuration.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // `next build` loads this file too, to prerender: it must not check runtime settings, open the database or start work.
    if (process.env.NEXT_PHASE === 'phase-production-build') return;
    const { checkConfigurationOrExit } = await import('./lib/startup');
    const config = checkConfigurationOrExit('server');
    const { instrumentHttpServer } = await import('./lib/metrics/http-instrumentation');
    const { loadAppRouteTable } = await import('./lib/metrics/app-routes');
    instrumentHttpServer({ baseDomain: config.PORTAL_BASE_DOMAIN, sandboxEnabled: config.SANDBOX_ENABLED, routes: loadAppRouteTable() });
    const { startSequencerThread, stopSequencerThread } = await import('./lib/receipts-pipeline/sequencer-thread');
    if (config.DATABASE_URL) {
      const { getDb } = await import('./db');
      startSequencerThread(await getDb(), config.DATABASE_URL);
    }
    const { startAppWorker, stopAppWorker } = await import('./lib/jobs/app-worker');
    if (config.WORKER_ENABLED) await startAppWorker();
    const { installGracefulShutdown } = await import('./lib/health/shutdown');
    installGracefulShutdown({
      drainMs: config.SHUTDOWN_DRAIN_MS,
      timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      // The sequencer after the worker, whose sweep kicks it.
      stopWork: async () => {
        await stopAppWorker();
        await stopSequencerThread();
      },
    });
  }
}
