import { z } from 'zod';

/*
 * Zod's own messages (a missing field, a wrong type) in Italian, for the cases our schemas do not word
 * themselves. Imported by the action wrapper (every server action) and by the schema modules the client
 * forms share, so both sides speak Italian.
 */
z.config(z.locales.it());
