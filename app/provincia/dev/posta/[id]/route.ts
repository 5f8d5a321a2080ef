import { readConfig } from '@/lib/config';
import { findDevMail } from '@/lib/dev/mail-store';
import { problem } from '@/lib/http/problem';

/** The HTML part of one development e-mail, as a mail client would show it: sandboxed, no script runs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!readConfig().DEV_MAILBOX_ENABLED) return problem(404, 'Pagina non trovata');
  const mail = await findDevMail((await params).id);
  if (!mail?.html) return problem(404, 'E-mail non trovata');
  return new Response(mail.html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    },
  });
}
