import type { LoginLink } from '@/lib/auth/login-links';
import { LOGIN_BUTTON, LOGIN_BUTTON_RULE } from './login-button-style';
import { CieMark } from './marks';

/** «Entra con CIE»: one identity provider, so a plain link. */
export function CieButton({ link, label }: { link: LoginLink; label: string }) {
  return (
    <a href={link.href} className={LOGIN_BUTTON}>
      <CieMark />
      <span aria-hidden="true" className={LOGIN_BUTTON_RULE} />
      <span className="flex-1">{label}</span>
    </a>
  );
}
