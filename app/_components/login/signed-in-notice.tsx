import type { PortalSession } from '@/lib/auth/session';
import { LogoutButton } from '../logout-button';
import { signedInWith } from './method-label';

/** Who is signed in on this site already, what that means here, and «Esci» to change account. */
export function SignedInNotice({ session, children }: { session: PortalSession; children: React.ReactNode }) {
  return (
    <div role="status" className="mt-6 rounded border-l-4 border-primary bg-primary-light px-4 py-4">
      <p className="text-lg">
        Sei già entrato come <strong>{session.name}</strong> {signedInWith(session)}.
      </p>
      <div className="mt-2">{children}</div>
      <div className="mt-4">
        <LogoutButton />
      </div>
    </div>
  );
}
