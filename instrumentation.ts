/** Runs once when a server instance starts: check the configuration, open and migrate the database, start the job worker. */
export async function register() {
  // Written as a positive check so that the bundler drops the Node-only import from the edge build.
  // NEXT_RUNTIME and NEXT_PHASE are set by Next itself, not configuration.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // `next build` loads this file too, to prerender: it must not check runtime settings, open the database or start work.
    if (process.env.NEXT_PHASE === 'phase-production-build') return;
    const { checkConfigurationOrExit } = await import('./lib/startup');
    const config = checkConfigurationOrExit('server');
    if (config.WORKER_ENABLED) {
      const { startAppWorker } = await import('./lib/jobs/app-worker');
      await startAppWorker();
    }
  }
}
