'use client';

import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import type { EnteRole } from '@/lib/auth/users';

const ROLES: readonly EnteRole[] = ['ente_admin', 'ente_operator', 'ente_viewer'];

const ROLE_HELP: Record<EnteRole, string> = {
  ente_admin: 'gestisce tutto, anche personale e impostazioni',
  ente_operator: 'crea e gestisce posizioni, importazioni e ricevute',
  ente_viewer: 'consulta senza modificare',
};

export interface ScopeChoice {
  id: string;
  title: string;
  active: boolean;
}

/** The role radios and, for an operator, the services they are limited to (none ticked: all of them). */
export function RoleFields<T extends FieldValues, O extends FieldValues>({
  idPrefix,
  control,
  role,
  services,
  roleLabels,
  error,
}: {
  idPrefix: string;
  /** From the server: the labels live beside the users' queries, which the browser must not load. */
  roleLabels: Record<EnteRole, string>;
  control: Control<T, unknown, O>;
  role: EnteRole | undefined;
  services: ScopeChoice[];
  error?: string;
}) {
  return (
    <>
      <Controller
        control={control}
        name={'role' as Path<T>}
        render={({ field }) => (
          <fieldset aria-describedby={error ? `${idPrefix}-ruolo-errore` : undefined}>
            <legend className="mb-1 font-semibold">Ruolo</legend>
            {ROLES.map((value) => (
              <label key={value} className="flex min-h-11 items-center gap-3">
                <input
                  type="radio"
                  name={`${idPrefix}-role`}
                  value={value}
                  checked={field.value === value}
                  onChange={() => field.onChange(value)}
                  className="size-5"
                />
                <span>
                  <strong>{roleLabels[value]}</strong>: {ROLE_HELP[value]}
                </span>
              </label>
            ))}
            {error && (
              <p id={`${idPrefix}-ruolo-errore`} className="mt-1 font-semibold text-danger">
                {error}
              </p>
            )}
          </fieldset>
        )}
      />
      {role === 'ente_operator' && services.length > 0 && (
        <Controller
          control={control}
          name={'serviceIds' as Path<T>}
          render={({ field }) => {
            const selected: string[] = field.value ?? [];
            return (
              <fieldset>
                <legend className="mb-1 font-semibold">Servizi che può gestire</legend>
                <p className="mb-1 text-sm text-muted">Nessuno selezionato: tutti i servizi dell’Ente.</p>
                {services.map((service) => (
                  <label key={service.id} className="flex min-h-11 items-center gap-3">
                    <input
                      type="checkbox"
                      checked={selected.includes(service.id)}
                      onChange={(e) =>
                        field.onChange(e.target.checked ? [...selected, service.id] : selected.filter((id) => id !== service.id))
                      }
                      className="size-5"
                    />
                    <span>
                      {service.title}
                      {!service.active && <span className="text-muted"> (non attivo)</span>}
                    </span>
                  </label>
                ))}
              </fieldset>
            );
          }}
        />
      )}
    </>
  );
}
