import { startCluster } from '../tests/cluster/cluster';
import { auditStorm, prepareDeliveries, runStorm, senderThrough, stormReport } from '../tests/cluster/storm';

const CALLBACKS = Number(process.env.BENCH_STORM_CALLBACKS ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_STORM_IN_FLIGHT ?? 32);
const INSTANCES = Number(process.env.BENCH_STORM_INSTANCES ?? 2);
const BASE_PORT = Number(process.env.BENCH_STORM_PORT ?? 3500);
const DEADLINE_MS = Number(process.env.BENCH_STORM_DEADLINE_MS ?? 600_000);

/**
 * The kill -9 storm of the multi-instance test (tests/cluster), bigger: BENCH_STORM_CALLBACKS signed
 * callbacks (2000), BENCH_STORM_IN_FLIGHT at once (32), through nginx to BENCH_STORM_INSTANCES `next start`
 * instances (2) on ports from BENCH_STORM_PORT (3500: nginx https 3543), each storm within
 * BENCH_STORM_DEADLINE_MS (10 minutes). The anchor is a storm of the same
 * size on the same cluster with no instance killed; then one instance gets SIGKILL after a third of the
 * acknowledgements. Prints acknowledged, receipts, lost, duplicated, chain, failures the partner saw, the
 * time to recover, and acknowledged/s with the kill against the anchor. Needs `npm run build` and nginx.
 */
export async function benchStorm(serverUrl: string): Promise<void> {
  const cluster = await startCluster({ basePort: BASE_PORT, instances: INSTANCES, serverUrl, label: 'storm' });
  try {
    const send = senderThrough(cluster);
    const calm = await prepareDeliveries(cluster.db, CALLBACKS);
    const anchor = await runStorm(send, calm, { inFlight: IN_FLIGHT, deadlineMs: DEADLINE_MS });
    const retriedBefore = cluster.retriedByNginx();

    const deliveries = await prepareDeliveries(cluster.db, CALLBACKS);
    const storm = await runStorm(send, deliveries, {
      inFlight: IN_FLIGHT,
      deadlineMs: DEADLINE_MS,
      killAfter: Math.floor(CALLBACKS / 3),
      onKill: () => cluster.instances[0]!.kill(),
      resendEvery: 10,
    });
    if (storm.killError) throw storm.killError;
    const audit = await auditStorm(cluster.db, deliveries, storm.acknowledged, 60_000);

    console.log(
      `kill -9 storm: ${CALLBACKS} callbacks, ${IN_FLIGHT} in flight, nginx → ${INSTANCES} instances, one killed after ${Math.floor(CALLBACKS / 3)} acknowledgements`,
    );
    for (const [label, value] of stormReport(storm, audit, cluster.retriedByNginx() - retriedBefore)) {
      console.log(`  ${label.padEnd(48)} ${value}`);
    }
    const rate = (acked: number, ms: number) => (acked * 1000) / ms;
    const killed = rate(storm.acknowledged.size, storm.elapsedMs);
    const calmRate = rate(anchor.acknowledged.size, anchor.elapsedMs);
    console.log(
      `  acknowledged/s with the kill ${killed.toFixed(1)}, anchor without it ${calmRate.toFixed(1)} (same cluster, same size): ratio ${(killed / calmRate).toFixed(2)}`,
    );
    const intact =
      audit.acknowledged === CALLBACKS &&
      audit.lost === 0 &&
      audit.duplicated === 0 &&
      audit.chainProblems.length === 0 &&
      storm.refused.length === 0;
    console.log(`  ${intact ? 'OK: nothing lost, nothing duplicated' : 'FALLITO'}`);
    if (!intact) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}
