import { redirect } from 'next/navigation';
import { staffLoginState } from '@/lib/auth/staff-login-state';
import { readConfig } from '@/lib/config';
import { LoginForm } from '../login-form';
import { LoginCard } from './login-card';
import { LoginOptions } from './login-options';
import { SignedInNotice } from './signed-in-notice';

/**
 * The login of a back office (an Ente's `/admin`, the CIT's `/cit`): SPID, CIE and the regional provider,
 * and the demo accounts' password form only where STAFF_PASSWORD_LOGIN allows it.
 */
export async function StaffLogin({
  title,
  intro,
  area,
  placeName,
  returnPath,
}: {
  title: string;
  intro: string;
  area: { enteId: string } | 'cit';
  /** «l'area riservata di Comune di Demo», «il cruscotto del CIT». */
  placeName: string;
  returnPath: string;
}) {
  const state = await staffLoginState(area);
  if (state.kind === 'has-role') redirect(returnPath);
  return (
    <LoginCard title={title}>
      <p className="mt-2 text-lg text-muted">{intro}</p>
      {state.kind === 'no-role' ? (
        <SignedInNotice session={state.session}>
          <p>
            Questo account non ha un ruolo per {placeName}. Se ne hai un altro abilitato, esci ed entra con quello; altrimenti chiedi
            all&apos;amministratore del tuo Ente di abilitarti.
          </p>
        </SignedInNotice>
      ) : (
        <>
          <p className="mt-6 mb-3">Entra con la tua identità digitale:</p>
          <LoginOptions returnPath={returnPath} />
          {readConfig().STAFF_PASSWORD_LOGIN && (
            <section aria-labelledby="accesso-password" className="mt-8 border-t border-line pt-6">
              <h2 id="accesso-password" className="text-xl font-bold">
                Account dimostrativi
              </h2>
              <p className="mt-1 text-muted">Accesso con password riservato agli account dimostrativi.</p>
              <div className="max-w-md">
                <LoginForm />
              </div>
            </section>
          )}
        </>
      )}
    </LoginCard>
  );
}
