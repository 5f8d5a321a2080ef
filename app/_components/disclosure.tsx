'use client';

import { useEffect, useRef } from 'react';

/**
 * A `<details>` disclosure: it opens and closes without JavaScript (Enter or Space on its summary); with
 * JavaScript, Escape closes it and gives focus back to the summary, and a click or focus outside closes it.
 * The panel is rendered on the server and passed as children.
 */
export function Disclosure({
  summary,
  summaryClassName,
  className,
  children,
}: {
  summary: React.ReactNode;
  summaryClassName: string;
  className?: string;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    const closeIfOutside = (event: Event) => {
      const details = ref.current;
      if (details?.open && event.target instanceof Node && !details.contains(event.target)) details.open = false;
    };
    document.addEventListener('click', closeIfOutside);
    document.addEventListener('focusin', closeIfOutside);
    return () => {
      document.removeEventListener('click', closeIfOutside);
      document.removeEventListener('focusin', closeIfOutside);
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDetailsElement>) => {
    const details = ref.current;
    if (event.key !== 'Escape' || !details?.open) return;
    details.open = false;
    details.querySelector('summary')?.focus();
  };

  return (
    <details ref={ref} onKeyDown={onKeyDown} className={`group relative ${className ?? ''}`}>
      <summary className={`cursor-pointer list-none [&::-webkit-details-marker]:hidden ${summaryClassName}`}>{summary}</summary>
      {children}
    </details>
  );
}
