/** Runs once when a server instance starts: open and migrate the database, then start the job worker. */
export async function register() {
  // Written as a positive check so that the bundler drops the Node-only import from the edge build.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // `next build` loads this file too, to prerender: it must not open the database or start work.
    if (process.env.WORKER_ENABLED !== 'false' && process.env.NEXT_PHASE !== 'phase-production-build') {
      const { startAppWorker } = await import('./lib/jobs/app-worker');
      await startAppWorker();
    }
  }
}
