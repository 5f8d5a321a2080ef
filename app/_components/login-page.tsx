import { LockKeyhole } from 'lucide-react';
import { LoginForm } from './login-form';

export function LoginPage({ title, intro }: { title: string; intro: string }) {
  return (
    <div className="container-page flex justify-center py-12">
      <div className="w-full max-w-md rounded border border-line bg-white p-6 shadow-sm sm:p-8">
        <LockKeyhole aria-hidden="true" className="text-primary" size={36} />
        <h1 className="mt-3 text-3xl font-bold">{title}</h1>
        <p className="mt-2 text-muted">{intro}</p>
        <LoginForm />
      </div>
    </div>
  );
}
