/*
 * The SPID and CIE marks, drawn here after AgID's and the Ministry's buttons (a person in a white disc; an
 * identity card) rather than copied: decorative, the label beside them always names the method.
 */

export function SpidMark({ size = 26 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 26 26" aria-hidden="true" focusable="false" className="shrink-0">
      <circle cx="13" cy="13" r="13" fill="#fff" />
      <circle cx="13" cy="9.2" r="3.6" fill="#0066cc" />
      <path d="M6.6 20.4c0-3.9 2.9-6.6 6.4-6.6s6.4 2.7 6.4 6.6z" fill="#0066cc" />
    </svg>
  );
}

export function CieMark({ size = 26 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 26 26" aria-hidden="true" focusable="false" className="shrink-0">
      <rect x="1" y="4.5" width="24" height="17" rx="2.5" fill="#fff" />
      <circle cx="8" cy="11" r="2.6" fill="#0066cc" />
      <path d="M3.8 18.4c0-2.7 1.9-4.5 4.2-4.5s4.2 1.8 4.2 4.5z" fill="#0066cc" />
      <rect x="14.5" y="9" width="7.5" height="1.8" rx="0.9" fill="#0066cc" />
      <rect x="14.5" y="12.6" width="7.5" height="1.8" rx="0.9" fill="#0066cc" />
      <rect x="14.5" y="16.2" width="4.5" height="1.8" rx="0.9" fill="#0066cc" />
    </svg>
  );
}
