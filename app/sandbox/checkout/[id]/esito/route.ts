import { z } from 'zod';
import { getDb } from '@/db';
import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import { completeSandboxCheckout } from '@/lib/partners/sandbox/checkout';
import { CHECKOUT_FAULTS } from '@/lib/partners/sandbox/faults';
import { uuidSchema } from '@/lib/validation/ids';

const decisionSchema = z.object({
  scelta: z.enum(['pay', 'cancel', 'fail']),
  psp: z.string().max(35).default(''),
  fault: z.array(z.enum(CHECKOUT_FAULTS as [string, ...string[]])).default([]),
});

/** The payer's decision on the sandbox page (a plain form post, works without JavaScript) → back to the portal. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!readConfig().SANDBOX_ENABLED) return problem(404, 'Sandbox non attiva');
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) return problem(404, 'Sessione di pagamento inesistente');
  const form = await request.formData().catch(() => null);
  if (!form) return problem(400, 'Modulo illeggibile');
  const parsed = decisionSchema.safeParse({ scelta: form.get('scelta'), psp: form.get('psp') ?? '', fault: form.getAll('fault') });
  if (!parsed.success) return problem(400, 'Scelta non valida');
  try {
    const back = await completeSandboxCheckout(
      await getDb(),
      id,
      parsed.data.scelta,
      parsed.data.psp,
      parsed.data.fault as (typeof CHECKOUT_FAULTS)[number][],
    );
    return new Response(null, { status: 303, headers: { location: back } });
  } catch {
    return problem(404, 'Sessione di pagamento inesistente');
  }
}
