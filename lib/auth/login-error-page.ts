import { escapeHtml, htmlPage } from './html-page';

export interface LoginErrorPage {
  status: number;
  title: string;
  /** What happened, in plain words. */
  detail: string;
  /** What the person can do now. */
  action: string;
  /** Where to try again (the login page the person came from), or the portal's home. */
  retryHref: string;
  retryLabel?: string;
}

/** A refused or failed login step, in plain Italian: what happened, what to do, and a way back. */
export function loginErrorPage(request: Request, page: LoginErrorPage): Response {
  return htmlPage({
    request,
    status: page.status,
    title: `${page.title} — Portale dei pagamenti`,
    body:
      `<h1>${escapeHtml(page.title)}</h1>` +
      `<div class="notice" role="alert"><p>${escapeHtml(page.detail)}</p></div>` +
      `<h2>Cosa puoi fare</h2><p>${escapeHtml(page.action)}</p>` +
      `<p class="actions"><a class="button" href="${escapeHtml(page.retryHref)}">${escapeHtml(page.retryLabel ?? 'Torna alla pagina di accesso')}</a></p>`,
  });
}
