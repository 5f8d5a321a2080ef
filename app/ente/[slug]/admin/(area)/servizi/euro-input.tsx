'use client';

import { useState } from 'react';
import { formatAmount, parseEuroInput } from '@/lib/format/money';
import { inputClass } from './error-at';

/** An amount typed in euro (`12,50`) held by the form in cents; anything unreadable becomes NaN for zod to refuse. */
export function EuroInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: number | undefined;
  onChange: (cents: number) => void;
  invalid: boolean;
}) {
  const [text, setText] = useState(value !== undefined && Number.isSafeInteger(value) ? formatAmount(value) : '');
  return (
    <input
      id={id}
      inputMode="decimal"
      autoComplete="off"
      className={`${inputClass} max-w-48`}
      aria-invalid={invalid}
      aria-describedby={invalid ? `${id}-errore` : undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseEuroInput(e.target.value) ?? Number.NaN);
      }}
    />
  );
}
