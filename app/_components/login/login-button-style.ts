/**
 * AgID's access buttons: blue #0066CC with white text, the mark set off by a thin rule, at least 48 px
 * tall; full width on a phone, their own width from 640 px up.
 */
export const LOGIN_BUTTON =
  'flex min-h-12 w-full items-center gap-3 rounded bg-primary px-4 py-2 text-lg font-semibold text-white no-underline transition-colors hover:bg-primary-darker sm:w-72';

/** The thin rule between the mark and the label. */
export const LOGIN_BUTTON_RULE = 'h-7 w-px shrink-0 bg-white/50';
