import { LockKeyhole } from 'lucide-react';

/** The frame of every login page: one card, centred, with the page's only h1. */
export function LoginCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="container-page flex justify-center py-8 sm:py-12">
      <div className="w-full max-w-2xl rounded border border-line bg-white p-5 shadow-sm sm:p-8">
        <LockKeyhole aria-hidden="true" className="text-primary" size={36} />
        <h1 className="mt-3 text-3xl font-bold break-words">{title}</h1>
        {children}
      </div>
    </div>
  );
}
