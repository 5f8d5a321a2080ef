import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';
import { findReceiptForStaff, type ReceiptDetail } from './queries';

export interface StaffReceiptLookup {
  ente: Ente;
  /** Undefined for a malformed id, another Ente's receipt or one outside the operator's services: a 404. */
  found: ReceiptDetail | undefined;
}

/**
 * The receipt a back-office download route (/admin/ricevute/[id]/…) asks for, within the operator's
 * services. Whoever is not staff of this Ente gets the guard's audited 403 Response, which the route
 * returns as it is.
 */
export async function staffReceiptForRoute(params: Promise<{ slug: string; id: string }>): Promise<Response | StaffReceiptLookup> {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente);
  if (staff instanceof Response) return staff;
  const found = uuidSchema.safeParse(id).success
    ? await findReceiptForStaff(await getDb(), { enteId: ente.id, serviceIds: staff.serviceIds }, id)
    : undefined;
  return { ente, found };
}
