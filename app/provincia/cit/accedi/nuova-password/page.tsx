import type { Metadata } from 'next';
import { KeyRound } from 'lucide-react';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { NewPasswordForm } from './new-password-form';

export const metadata: Metadata = { title: 'Imposta la password', referrer: 'no-referrer' };

/** Where the one-time link of `npm run setup` leads (STAFF_PASSWORD_LOGIN only); the token stays in the page, never in logs. */
export default async function NewPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireProvinciaHost();
  const token = (await searchParams).token;
  return (
    <div className="container-page flex justify-center py-12">
      <div className="w-full max-w-md rounded border border-line bg-white p-6 shadow-sm sm:p-8">
        <KeyRound aria-hidden="true" className="text-primary" size={36} />
        <h1 className="mt-3 text-3xl font-bold">Imposta la password</h1>
        <p className="mt-2 text-muted">Scegli la password con cui entrerai nel cruscotto. Il link funziona una sola volta.</p>
        <NewPasswordForm token={typeof token === 'string' ? token : ''} />
      </div>
    </div>
  );
}
