'use server';

import { ActionError } from '@/lib/actions/result';
import { citAction, siteFormAction } from '@/lib/actions/wrapper';
import { tooManyAttemptsMessage } from '@/lib/http/problem';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';
import { answerQuestion, archiveQuestion, submitQuestion } from './questions';
import { answerQuestionSchema, questionIdSchema, questionSchema } from './schemas';

/** «Domande?» on the provincial site, for anyone: the refusals say what to do, never which check failed for a robot. */
export const sendQuestion = siteFormAction('sendQuestion', questionSchema, async (input, { db, site, clientAddress }) => {
  if (site.kind !== 'provincia') throw new ActionError('Questa operazione non è disponibile su questo sito.');
  const outcome = await submitQuestion(db, input, { address: clientAddress });
  switch (outcome.kind) {
    case 'stored':
      return { sent: true };
    case 'too_fast':
      throw new ActionError('Il modulo è stato inviato troppo in fretta: rileggi la domanda e invia di nuovo tra qualche secondo.');
    case 'expired':
      throw new ActionError('La pagina è stata aperta troppo tempo fa: ricaricala e invia di nuovo il modulo.');
    case 'rate_limited':
      throw new ActionError(tooManyAttemptsMessage(outcome.retryAfterSeconds, 'invio'));
    case 'spam':
      throw new ActionError('Non è stato possibile inviare la domanda. Ricarica la pagina e riprova.');
  }
});

export const answerPublicQuestion = citAction('answerPublicQuestion', SUPPORT_CIT_ROLES, answerQuestionSchema, async (input, ctx) => {
  const done = await answerQuestion(
    ctx.db,
    { id: input.id, answer: input.risposta },
    { userId: ctx.staff.userId, address: ctx.clientAddress },
  );
  if (!done) throw new ActionError('Domanda non trovata');
  return { answered: true };
});

export const archivePublicQuestion = citAction('archivePublicQuestion', SUPPORT_CIT_ROLES, questionIdSchema, async ({ id }, ctx) => {
  if (!(await archiveQuestion(ctx.db, id, { userId: ctx.staff.userId, address: ctx.clientAddress })))
    throw new ActionError('Domanda non trovata');
  return { archived: true };
});
