import { eq } from 'drizzle-orm';
import { adhesionDocuments, adhesions, type NewEnte } from '../schema';
import type { Database } from '../client';
import { DEMO_ADHESION_HISTORY } from './enti';
import { openAdhesionFile } from '@/lib/onboarding/adhesion';
import { checkDocument, type AdhesionDocumentKind } from '@/lib/onboarding/documents';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A one-page PDF standing for a document of the demo's adhesion files. */
function demoPdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

async function addDocument(
  tx: Tx,
  enteId: string,
  kind: AdhesionDocumentKind,
  filename: string,
  status: 'caricato' | 'accettato',
  handSigned = false,
) {
  const bytes = demoPdf(filename);
  const checked = checkDocument(kind, bytes, handSigned);
  if (!checked.ok) throw new Error(`Seed: ${checked.reason}`);
  const { mime, size, sha256, signature } = checked.document;
  await tx.insert(adhesionDocuments).values({ enteId, kind, status, filename, mime, size, sha256, signature, data: bytes });
}

/**
 * The demo Enti's adhesion files: each opened in the state the Ente is in, with its deliberation, its
 * referente (the named admin) and partner (training comes from the attendance the training seed records); Pratolungo is halfway through
 * activation, its modulo signed by hand with the identity card and the AgID plan still missing.
 */
export async function seedAdhesions(
  tx: Tx,
  ente: { id: string; seed: Pick<NewEnte, 'adhesionStatus' | 'activatedAt' | 'slug'> },
  referente: { userId: string; fullName: string; fiscalCode: string | null; email: string },
  index: number,
) {
  const status = ente.seed.adhesionStatus ?? 'richiesta';
  // An Ente with a dated history (DEMO_ADHESION_HISTORY, for the billing demo) has its events already.
  if (ente.seed.slug in DEMO_ADHESION_HISTORY) await tx.insert(adhesions).values({ enteId: ente.id }).onConflictDoNothing();
  else await openAdhesionFile(tx, ente.id, status, null, 'Ente del portale dimostrativo');
  const since = ente.seed.activatedAt ?? new Date('2026-09-15T08:00:00Z');
  await tx
    .update(adhesions)
    .set({
      conventionActNumber: `${12 + index}/2016`,
      conventionActDate: '2016-05-30',
      referenteName: referente.fullName,
      referenteEmail: referente.email,
      referenteFiscalCode: referente.fiscalCode,
      referenteUserId: referente.userId,
      referenteAppointedAt: since,
      partnerChosenAt: since,
    })
    .where(eq(adhesions.enteId, ente.id));
  if (status === 'attivo') {
    await addDocument(tx, ente.id, 'lettera_adesione', 'lettera-adesione-agid.pdf', 'accettato');
    await addDocument(tx, ente.id, 'piano_attivazione', 'piano-attivazione.pdf', 'accettato');
  } else {
    await addDocument(tx, ente.id, 'modulo_adesione', `modulo-adesione-${ente.seed.slug}.pdf`, 'caricato', true);
    await addDocument(tx, ente.id, 'documento_identita', 'carta-identita-sindaco.pdf', 'caricato');
    await addDocument(tx, ente.id, 'lettera_adesione', 'lettera-adesione-agid.pdf', 'caricato');
  }
}
