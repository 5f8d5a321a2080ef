import { escapeHtml } from '@/lib/auth/html-page';
import { translate } from '@/lib/i18n/translate';
import { enteContacts, messageDetails, messageSubject, type MessageFacts } from '../facts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The e-mail of one outbox message, in its language: the same content as plain text and as simple, inline-styled HTML. */
export function renderEmail(facts: MessageFacts): RenderedEmail {
  const subject = messageSubject(facts);
  const { intro, rows, action } = messageDetails(facts);
  const reach = enteContacts(facts.ente, facts.locale);
  const footer = translate(facts.locale, 'Email')('footer');
  const text = [
    facts.ente.name,
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    `${action}: ${facts.link}`,
    '',
    '---',
    footer,
    ...reach,
  ].join('\n');
  const html = `<!doctype html>
<html lang="${facts.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f5f5f5;font-family:'Titillium Web',Arial,sans-serif;color:#1a1a1a">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:#0066cc;color:#fff;padding:16px 24px;font-size:20px;font-weight:bold">${
    facts.logoUrl ? `<img src="${escapeHtml(facts.logoUrl)}" alt="" height="40" style="vertical-align:middle;margin-right:12px">` : ''
  }${escapeHtml(facts.ente.name)}</div>
<div style="padding:24px">
<p style="font-size:17px">${escapeHtml(intro)}</p>
<table role="presentation" style="border-collapse:collapse;width:100%;font-size:16px">${rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding:6px 12px 6px 0;color:#555;font-weight:normal">${escapeHtml(label)}</th><td style="padding:6px 0;font-weight:bold">${escapeHtml(value)}</td></tr>`,
    )
    .join('')}</table>
<p style="margin:24px 0"><a href="${escapeHtml(facts.link)}" style="background:#0066cc;color:#fff;padding:12px 20px;text-decoration:none;border-radius:4px;display:inline-block;font-weight:bold">${escapeHtml(action)}</a></p>
</div>
<div style="padding:16px 24px;background:#f0f0f0;font-size:14px;color:#333">
<p style="margin:0 0 8px">${escapeHtml(footer)}</p>
${reach.map((line) => `<p style="margin:0">${escapeHtml(line)}</p>`).join('\n')}
</div></div></body></html>`;
  return { subject, text, html };
}
