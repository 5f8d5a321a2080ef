import { MESSAGES } from '@/lib/i18n/messages';

/*
 * The check that an English page has no Italian left: every sentence of the Italian catalogue whose English
 * differs must be absent from the page's text. Shared by the integration test (rendered pages) and the browser
 * test (the pages as served).
 */

function flatten(messages: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/**
 * The literal stretches of an ICU message: placeholders, plural branches and rich-text tags cut out. A single
 * word counts from 8 letters: shorter ones («Comuni», «Importo») also occur in what the Enti write themselves
 * (their names, their services), which stays Italian on the English pages.
 */
function literalParts(message: string): string[] {
  let depth = 0;
  let text = '';
  for (const char of message.replace(/<\/?\w+>/g, '\n')) {
    if (char === '{') depth += 1;
    if (depth === 0 && char !== '}') text += char;
    else if (text.at(-1) !== '\n') text += '\n';
    if (char === '}') depth -= 1;
  }
  return text
    .split('\n')
    .map((part) => part.replace(/[«»“”]/g, '').trim())
    .filter((part) => /[a-zà-ù]{3}/i.test(part) && (part.includes(' ') ? part.length >= 6 : part.length >= 8));
}

/** The Italian sentences (and long stretches of them) that must not appear on an English page. */
export const ITALIAN_FRAGMENTS: readonly string[] = (() => {
  const english = flatten(MESSAGES.en);
  const fragments = new Set<string>();
  for (const [key, italian] of flatten(MESSAGES.it)) {
    const englishParts = new Set(literalParts(english.get(key) ?? ''));
    if (english.get(key) === italian) continue;
    for (const part of literalParts(italian)) if (!englishParts.has(part)) fragments.add(part);
  }
  return [...fragments];
})();

/**
 * What a person sees or hears of an HTML page: its text and the attributes read aloud or shown. Elements marked
 * `lang="it"` are Italian on purpose (what the Ente wrote, the switch's «Italiano») and are left out.
 */
export function readableText(html: string): string {
  const english = html.replace(/<(?!html\b)(\w+)[^>]*\slang="it"[^>]*>[\s\S]*?<\/\1>/g, ' ');
  const attributes = [...english.matchAll(/\s(?:aria-label|placeholder|title|alt)="([^"]*)"/g)].map((m) => m[1]);
  const text = english
    .replace(/<(script|style|template)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ');
  return normalize(`${text} ${attributes.join(' ')}`);
}

function normalize(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The catalogue's Italian found in `text` (a page's readable text), as whole words. What the English messages
 * quote in “ ” is the Ente's own words (a field's label in its error) and is left out.
 */
export function italianIn(text: string): string[] {
  const page = normalize(text).replace(/“[^”]*”/g, ' ');
  return ITALIAN_FRAGMENTS.filter((fragment) => new RegExp(`(?<![\\p{L}])${escape(normalize(fragment))}(?![\\p{L}])`, 'u').test(page));
}
