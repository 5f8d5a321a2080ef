'use client';

import { useTransition } from 'react';
import { LogOut } from 'lucide-react';
import { logout } from '@/lib/auth/actions';

/** «Esci»: the logout action says where to go (the site's home, or the IdP for a SPID logout). */
export function LogoutButton({ className = 'btn-outline min-h-10 py-1', label = 'Esci' }: { className?: string; label?: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await logout({});
          // Even if signing out failed, leave the reserved area; the server checks the session anyway.
          window.location.assign(result.ok ? result.data.redirectTo : '/');
        })
      }
      className={`${className} disabled:opacity-60`}
    >
      <LogOut aria-hidden="true" size={18} /> {label}
    </button>
  );
}
