import en from './messages/en.json';
import it from './messages/it.json';
import type { Locale } from './locales';

/** The Italian catalogue is the reference: every other one must have exactly its keys (a type error otherwise). */
export type Messages = typeof it;

export const MESSAGES: Record<Locale, Messages> = { it, en: en satisfies Messages };
