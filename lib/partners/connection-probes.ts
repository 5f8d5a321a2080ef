import type { PartnerHttpResponse } from './http';
import type { ConnectionCheck } from './types';

/** One safe read an adapter tries when staff test its connection. */
export interface ConnectionProbe {
  operation: string;
  run: () => Promise<PartnerHttpResponse>;
}

export interface ProbeWording {
  /** The detail of a 200. */
  ok: string;
  /** The detail of any other answer. */
  failure: (response: PartnerHttpResponse) => string;
}

/**
 * Tries each read in turn (one at a time, so that the partner sees them in a fixed order) and says what
 * answered 200; a network fault or timeout is a failed line with its message, never a throw.
 */
export async function probeConnection(probes: ConnectionProbe[], wording: ProbeWording): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  for (const { operation, run } of probes) {
    try {
      const response = await run();
      checks.push(
        response.status === 200
          ? { operation, ok: true, detail: wording.ok }
          : { operation, ok: false, detail: wording.failure(response).trim().slice(0, 300) },
      );
    } catch (error) {
      checks.push({ operation, ok: false, detail: (error instanceof Error ? error.message : String(error)).slice(0, 300) });
    }
  }
  return checks;
}
