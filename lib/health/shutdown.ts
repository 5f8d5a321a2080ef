import { logger } from '@/lib/logger';

/*
 * Graceful shutdown of a `next start` instance on SIGTERM (systemd, a deploy, an orchestrator):
 *   1. at once, /api/ready answers 503 (draining), while everything else is still served;
 *   2. after SHUTDOWN_DRAIN_MS, when the load balancer has taken the instance out, the worker stops and
 *      the jobs in hand are settled;
 *   3. then Next's own handler runs: no new connections, the requests in flight finish, the process exits.
 * The whole of it is bounded by SHUTDOWN_TIMEOUT_MS, after which the process exits anyway (1): nothing is
 * lost by that, jobs and callbacks survive a killed instance.
 * Next registers its handler before the instrumentation runs; it is taken over here so that it runs last.
 */

const holder = globalThis as typeof globalThis & { __portaleDraining?: boolean; __portaleShutdownInstalled?: boolean };

/** Whether this instance is shutting down (readiness answers 503). */
export function isDraining(): boolean {
  return holder.__portaleDraining === true;
}

/** From now on readiness answers 503: the first step of the shutdown. */
export function startDraining(): void {
  holder.__portaleDraining = true;
}

export interface ShutdownOptions {
  drainMs: number;
  timeoutMs: number;
  /** Settles the background work of the process (the worker). */
  stopWork: () => Promise<void>;
}

type SignalHandler = (signal: NodeJS.Signals) => void;

async function shutDown(options: ShutdownOptions, nextHandlers: SignalHandler[]): Promise<void> {
  startDraining();
  logger.info({ event: 'shutdown', drainMs: options.drainMs }, 'arresto: istanza non più pronta, il traffico in corso continua');
  const forced = setTimeout(() => {
    logger.error({ event: 'shutdown_forced', timeoutMs: options.timeoutMs }, 'arresto forzato: tempo massimo superato');
    process.exit(1);
  }, options.timeoutMs);
  forced.unref();
  await new Promise((resolve) => setTimeout(resolve, options.drainMs));
  try {
    await options.stopWork();
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'arresto: il worker non si è fermato in ordine');
  }
  logger.info({ event: 'shutdown_closing' }, 'arresto: chiusura delle connessioni dopo le richieste in corso');
  // Without Next's handler (NEXT_MANUAL_SIG_HANDLE, or a server of another kind) nobody else would exit.
  if (nextHandlers.length === 0) process.exit(0);
  for (const handler of nextHandlers) handler('SIGTERM');
}

/** Installs the SIGTERM sequence above, once per process. */
export function installGracefulShutdown(options: ShutdownOptions): void {
  if (holder.__portaleShutdownInstalled) return;
  holder.__portaleShutdownInstalled = true;
  const nextHandlers = process.listeners('SIGTERM') as SignalHandler[];
  process.removeAllListeners('SIGTERM');
  let started = false;
  process.on('SIGTERM', () => {
    // A second SIGTERM changes nothing: the sequence is already bounded.
    if (started) return;
    started = true;
    void shutDown(options, nextHandlers);
  });
}
