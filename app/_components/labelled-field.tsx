import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/**
 * A labelled form control with optional help and error text. The ids `<id>-aiuto` and `<id>-errore`
 * are what the control's aria-describedby points at.
 */
export function LabelledField({
  id,
  label,
  required = true,
  help,
  error,
  locale = 'it',
  textLang,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  help?: string;
  error?: string;
  locale?: Locale;
  /** The language of the label and help when it is not the page's (a service's fields, written by the Ente). */
  textLang?: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-semibold">
        {textLang ? <span lang={textLang}>{label}</span> : label}
        {!required && <span className="font-normal text-muted"> {translate(locale, 'Form')('optional')}</span>}
      </label>
      {help && (
        <p id={`${id}-aiuto`} lang={textLang} className="mb-1 text-sm text-muted">
          {help}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-errore`} className="mt-1 font-semibold text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

interface LabelledControlProps {
  id: string;
  label: string;
  help?: string;
  error?: string;
  optional?: boolean;
  locale?: Locale;
}

type Controlled = 'id' | 'aria-invalid' | 'aria-describedby';
type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, Controlled>;
type TextareaProps = Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, Controlled>;

const CONTROL = 'w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/** What a control needs to be announced with its help and error text. */
function describedControl(id: string, help?: string, error?: string) {
  const describedBy = [help && `${id}-aiuto`, error && `${id}-errore`].filter(Boolean).join(' ') || undefined;
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
}

/** A labelled text input whose aria-invalid and aria-describedby follow its help and error text. */
export function LabelledInput({
  id,
  label,
  help,
  error,
  optional = false,
  locale,
  className = '',
  ...input
}: LabelledControlProps & InputProps) {
  return (
    <LabelledField id={id} label={label} help={help} error={error} required={!optional} locale={locale}>
      <input {...describedControl(id, help, error)} className={`min-h-12 ${CONTROL} ${className}`} {...input} />
    </LabelledField>
  );
}

/** LabelledInput for several lines of text (notes, messages, answers). */
export function LabelledTextarea({
  id,
  label,
  help,
  error,
  optional = false,
  locale,
  className = '',
  rows = 3,
  ...textarea
}: LabelledControlProps & TextareaProps) {
  return (
    <LabelledField id={id} label={label} help={help} error={error} required={!optional} locale={locale}>
      <textarea {...describedControl(id, help, error)} rows={rows} className={`py-2 ${CONTROL} ${className}`} {...textarea} />
    </LabelledField>
  );
}
