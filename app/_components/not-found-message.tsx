import { SearchX } from 'lucide-react';

export function NotFoundMessage({
  title,
  children,
  homeHref,
  homeLabel,
}: {
  title: string;
  children: React.ReactNode;
  homeHref: string;
  homeLabel: string;
}) {
  return (
    <div className="container-page py-16 text-center">
      <SearchX aria-hidden="true" size={56} className="mx-auto text-primary" />
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">{title}</h1>
      <div className="mx-auto mt-4 max-w-xl text-lg text-muted">{children}</div>
      <a href={homeHref} className="btn-primary mt-8">
        {homeLabel}
      </a>
    </div>
  );
}
