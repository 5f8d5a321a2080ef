import { KeyRound } from 'lucide-react';
import type { LoginLink } from '@/lib/auth/login-links';

/** «Entra con <provider>»: the regional OpenID Connect login, set apart from the national ones by its outline. */
export function OidcButton({ link, label }: { link: LoginLink; label: string }) {
  return (
    <a
      href={link.href}
      className="flex min-h-12 w-full items-center gap-3 rounded border-2 border-primary bg-white px-4 py-2 text-lg font-semibold text-primary no-underline transition-colors hover:bg-primary-light sm:w-72"
    >
      <KeyRound aria-hidden="true" size={24} className="shrink-0" />
      <span className="flex-1">{label}</span>
    </a>
  );
}
