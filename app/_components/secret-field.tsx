'use client';

import { get, type FieldErrors, type FieldValues, type Path, type UseFormRegister } from 'react-hook-form';
import { LabelledInput, LabelledTextarea } from './labelled-field';

/** A stored secret as the page may show it: its name and when it was set, never its value (at most its last characters). */
export interface StoredSecret {
  name: string;
  label: string;
  setAt: string | null;
  /** Its last few characters, to tell which key is stored. */
  hint?: string | null;
}

/** The message of a (possibly nested, dotted) field's error. */
export function errorOf<T extends FieldValues>(errors: FieldErrors<T>, name: string): string | undefined {
  return (get(errors, name) as { message?: string } | undefined)?.message;
}

/**
 * A write-only secret (a partner's key, a conservatore's password): the field is always empty; its help says
 * whether one is stored, and a checkbox `remove.<name>` removes it (when `removable`).
 */
export function SecretField<T extends FieldValues>({
  name,
  label,
  stored,
  multiline = false,
  needed = false,
  removable = true,
  idPrefix,
  register,
  errors,
}: {
  name: string;
  label: string;
  stored: StoredSecret | undefined;
  multiline?: boolean;
  /** Required by every configuration of this kind: not optional until one is stored. */
  needed?: boolean;
  /** Whether a stored one may be removed (no: the configuration cannot work without it). */
  removable?: boolean;
  idPrefix: string;
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
}) {
  const id = `${idPrefix}${name}`;
  const error = errorOf(errors, name);
  const help = stored
    ? `Impostata${stored.setAt ? ` il ${stored.setAt}` : ''}${stored.hint ? `, termina con ${stored.hint}` : ''}: lascia vuoto per mantenerla.`
    : 'Non impostata.';
  const common = { id, label, help, error, spellCheck: false, ...register(name as Path<T>) };
  return (
    <div>
      {multiline ? (
        <LabelledTextarea {...common} optional rows={4} autoComplete="off" className="font-mono text-base" />
      ) : (
        <LabelledInput {...common} optional={Boolean(stored) || !needed} type="password" autoComplete="new-password" />
      )}
      {stored && removable && (
        <label className="mt-2 flex min-h-11 items-center gap-3">
          <input type="checkbox" className="size-5" {...register(`remove.${name}` as Path<T>)} />
          Rimuovi {label.charAt(0).toLowerCase() + label.slice(1)}
        </label>
      )}
    </div>
  );
}
