/** Runs once when a server instance starts: open and migrate the database, then start the job worker. */
export async function register() {
  // Written as a positive check so that the bundler drops the Node-only import from the edge build.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    if (process.env.WORKER_ENABLED !== 'false') {
      const { startAppWorker } = await import('./lib/jobs/app-worker');
      await startAppWorker();
    }
  }
}
