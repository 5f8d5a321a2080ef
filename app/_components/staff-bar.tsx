import { LogoutButton } from './logout-button';

/** Who is logged in, with what role, and the way out. */
export function StaffBar({ name, roleLabel }: { name: string; roleLabel: string }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded border border-line bg-surface px-4 py-3">
      <p>
        Accesso come <strong>{name}</strong> <span className="text-muted">({roleLabel})</span>
      </p>
      <LogoutButton />
    </div>
  );
}
