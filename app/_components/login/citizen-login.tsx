import { LoginCard } from './login-card';
import { LoginOptions } from './login-options';
import { SignedInNotice } from './signed-in-notice';
import { currentSession } from '@/lib/auth/auth';

/**
 * The citizens' login, on an Ente's site or the provincial one: what signing in gives, whose name the
 * identity provider will show, and the buttons. Paying never needs it.
 */
export async function CitizenLogin({
  title,
  scope,
  consentName,
  returnPath,
}: {
  title: string;
  /** «di Comune di Demo», «di tutti gli Enti del portale». */
  scope: string;
  consentName: string;
  returnPath: string;
}) {
  const session = await currentSession();
  return (
    <LoginCard title={title}>
      <p className="mt-3 text-lg">
        Entrando con SPID o CIE trovi in <strong>«I miei pagamenti»</strong> gli avvisi di pagamento intestati a te e le ricevute dei
        pagamenti {scope}.
      </p>
      <p className="mt-2 text-muted">
        Prima di farti entrare, il tuo gestore di identità ti mostrerà il nome «{consentName}» e ti chiederà di acconsentire. Per pagare un
        servizio o un avviso non serve accedere.
      </p>
      {session ? (
        <SignedInNotice session={session}>
          <a href={returnPath} className="font-semibold">
            Continua
          </a>
        </SignedInNotice>
      ) : (
        <div className="mt-6">
          <LoginOptions returnPath={returnPath} />
        </div>
      )}
    </LoginCard>
  );
}
