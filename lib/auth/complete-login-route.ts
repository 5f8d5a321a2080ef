import { AuthError } from 'next-auth';
import { getDb } from '@/db';
import { signIn } from './auth';
import { completeLogin } from './complete-login';

/** Auth.js's `ticket` provider redeems the ticket (host and browser key checks) and sets the session cookie. */
async function signInWithTicket(ticket: string): Promise<boolean> {
  try {
    await signIn('ticket', { ticket, redirect: false });
    return true;
  } catch (error) {
    if (error instanceof AuthError) return false;
    throw error;
  }
}

export async function GET(request: Request): Promise<Response> {
  return completeLogin(request, { db: await getDb(), now: new Date(), signInWithTicket });
}
