/**
 * Faults the sandbox can inject, to test that nothing is lost. Set for the whole process with
 * SANDBOX_FAULTS (comma-separated) or per checkout on the sandbox's own payment page.
 */
export const SANDBOX_FAULTS = [
  'register_unavailable',
  'callback_duplicate',
  'callback_delay',
  'callback_lost',
  'callback_out_of_order',
] as const;
export type SandboxFault = (typeof SANDBOX_FAULTS)[number];

export const CHECKOUT_FAULTS: readonly SandboxFault[] = ['callback_duplicate', 'callback_delay', 'callback_lost', 'callback_out_of_order'];

export const FAULT_LABELS: Record<SandboxFault, string> = {
  register_unavailable: 'Partner non raggiungibile alla registrazione',
  callback_duplicate: 'Invia la notifica due volte',
  callback_delay: 'Ritarda la notifica di 20 secondi',
  callback_lost: 'Perdi la notifica (si recupera con la verifica periodica)',
  callback_out_of_order: 'Invia le notifiche in ordine inverso',
};

export function parseFaults(value: string | undefined | null): SandboxFault[] {
  return (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f): f is SandboxFault => (SANDBOX_FAULTS as readonly string[]).includes(f));
}
