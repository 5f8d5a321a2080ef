import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { listParentEnti } from '@/lib/onboarding/queries';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { RegisterEnteForm } from './register-form';

export const metadata: Metadata = { title: 'Registra un Ente' };

export default async function RegisterEntePage() {
  await requireProvinciaHost();
  await requireCitStaff();
  const parents = await listParentEnti(await getDb());
  return (
    <div>
      <nav aria-label="Percorso" className="text-sm">
        <a href="/cit/enti">Enti e adesioni</a> › Registra un Ente
      </nav>
      <h1 className="mt-2 text-3xl font-bold">Registra un Ente</h1>
      <p className="mt-2 max-w-2xl text-muted">
        L’Ente entra nello stato «Richiesta». Il portale per i cittadini si attiva solo al termine dell’adesione, con il referente nominato
        e un partner tecnologico compatibile.
      </p>
      <RegisterEnteForm parents={parents} />
    </div>
  );
}
