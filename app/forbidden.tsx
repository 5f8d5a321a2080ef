import { ShieldX } from 'lucide-react';
import { connection } from 'next/server';
import { currentSession } from '@/lib/auth/auth';
import type { PortalSession } from '@/lib/auth/session';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { requestTarget } from '@/lib/tenancy/current-site';
import { Document } from './_components/document';
import { EnteShell } from './_components/ente-shell';
import { signedInWith } from './_components/login/method-label';
import { LogoutButton } from './_components/logout-button';
import { StandaloneShell } from './_components/standalone-shell';
import { VisitorCorner } from './_components/visitor-corner';

/**
 * HTTP 403: signed in, but without a role for this Ente or area. Rendered outside the site's layout (it is
 * the root boundary), so it puts the Ente's or the Province's header back itself, like not-found.tsx.
 */
export default async function Forbidden() {
  await connection();
  const [session, target] = await Promise.all([currentSession(), requestTarget()]);
  const ente = target.kind === 'ente' ? await findBackOfficeEnte(target.slug) : undefined;
  const message = <ForbiddenMessage session={session} enteName={ente?.name} />;
  return (
    <Document locale="it">
      {ente ? (
        <EnteShell ente={ente} actions={<VisitorCorner withCart={false} />}>
          {message}
        </EnteShell>
      ) : (
        <StandaloneShell>{message}</StandaloneShell>
      )}
    </Document>
  );
}

function ForbiddenMessage({ session, enteName }: { session: PortalSession | undefined; enteName: string | undefined }) {
  return (
    <div className="container-page py-12 sm:py-16">
      <div className="mx-auto max-w-2xl">
        <ShieldX aria-hidden="true" size={56} className="text-danger" />
        <h1 className="mt-4 text-3xl font-bold sm:text-4xl">Accesso non consentito</h1>
        {session ? (
          <p className="mt-4 text-lg">
            Sei entrato come <strong>{session.name}</strong> {signedInWith(session)}, ma questo account non ha un ruolo{' '}
            {enteName ? `nell'area riservata di ${enteName}` : "in quest'area"}.
          </p>
        ) : (
          <p className="mt-4 text-lg">Il tuo account non ha un ruolo in quest&apos;area.</p>
        )}
        <h2 className="mt-8 text-xl font-bold">Cosa puoi fare</h2>
        <ul className="mt-3 list-disc space-y-2 pl-6 text-lg">
          <li>
            Se lavori per {enteName ?? 'un Ente del portale'} e ti serve l&apos;accesso, chiedi all&apos;amministratore del tuo Ente di
            abilitarti: gli servirà il tuo codice fiscale. Per il cruscotto del portale rivolgiti al centro servizi che lo gestisce.
          </li>
          <li>Se hai un altro account abilitato, esci ed entra con quello.</li>
        </ul>
        <div className="mt-8 flex flex-wrap gap-3">
          {session && <LogoutButton className="btn-primary" />}
          <a href="/" className="btn-outline">
            Vai alla pagina iniziale
          </a>
        </div>
      </div>
    </div>
  );
}
