import { nonceOf } from '@/lib/security/response-headers';

/**
 * Complete HTML documents for the few login steps that are route handlers, not React pages: the ACS
 * (a cross-site POST that must answer with its own status), the demo IdP and the auto-submitting forms.
 * Self-contained (the app's CSS bundle is not reachable from a route handler), with the CSP nonce the
 * middleware put on the request for the one <style> and <script>.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:'Titillium Web',Geneva,Tahoma,system-ui,sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;font-size:1.0625rem}
header{background:#0066cc;color:#fff;padding:.75rem 1rem}
header p{margin:0 auto;max-width:46rem;font-weight:600}
header.demo{background:#5c2d00}
main{max-width:48rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
a{color:#0066cc}
.warning{border-left:6px solid #a66300;background:#fff4e0;padding:.75rem 1rem;margin:0 0 1rem}
.notice{border-left:6px solid #cc334d;background:#fdecef;padding:.75rem 1rem;margin:0 0 1rem}
.warning p,.notice p{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
.button,button{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:4px;border:2px solid #0066cc;background:#0066cc;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:#fff;color:#0066cc}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #ff9900;outline-offset:2px}
ul.people{list-style:none;padding:0;margin:0;display:grid;gap:.5rem}
ul.people label{display:flex;gap:.75rem;align-items:flex-start;border:1px solid #8a8a8a;border-radius:4px;padding:.75rem;cursor:pointer}
ul.people input{margin-top:.35rem;width:1.25rem;height:1.25rem;flex:none}
.small{font-size:.9375rem;color:#404040}
code{overflow-wrap:anywhere}
`;

export interface HtmlPageOptions {
  title: string;
  /** Already-escaped HTML of the page body (inside <main>). */
  body: string;
  /** The request, for the CSP nonce. */
  request: Request;
  status?: number;
  /** The bar at the top: the portal's, or the demo IdP's (a different colour, so nobody mistakes it for the portal). */
  banner?: 'portal' | 'demo-idp';
  /** Inline script (nonce'd), e.g. to submit a form. */
  script?: string;
  headers?: Record<string, string>;
}

export function htmlPage(options: HtmlPageOptions): Response {
  const nonce = nonceOf(options.request.headers.get('content-security-policy'));
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const demo = options.banner === 'demo-idp';
  const html =
    `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(options.title)}</title><style${nonceAttr}>${STYLE}</style></head><body>` +
    `<header${demo ? ' class="demo"' : ''}><p>${demo ? 'IdP dimostrativo — solo per prove' : 'Portale dei pagamenti'}</p></header>` +
    `<main id="contenuto">${options.body}</main>` +
    (options.script ? `<script${nonceAttr}>${options.script}</script>` : '') +
    `</body></html>`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      ...options.headers,
    },
  });
}

/**
 * An auto-submitting POST form (SAML HTTP-POST binding): a real button, so it works without JavaScript,
 * and a nonce'd script that presses it.
 */
export function autoPostPage(
  request: Request,
  args: { title: string; intro: string; action: string; fields: Record<string, string> },
): Response {
  const inputs = Object.entries(args.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return htmlPage({
    request,
    title: args.title,
    body:
      `<h1>${escapeHtml(args.title)}</h1><p>${escapeHtml(args.intro)}</p>` +
      `<form id="invio" method="post" action="${escapeHtml(args.action)}">${inputs}<button type="submit">Continua</button></form>`,
    script: `document.getElementById('invio').submit();`,
  });
}
