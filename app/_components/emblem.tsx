/** Initials for the stand-in coat of arms: "Comune di Castel d'Oglio" → "CO". */
export function emblemInitials(name: string): string {
  const core = name.replace(
    /^(comune|unione|comunità montana|provincia)\b.*?\b(di|dei comuni delle|dei comuni del|dei comuni|della|dell'|del)\s*/i,
    '',
  );
  const words = core.split(/[\s']+/).filter((w) => /^\p{Lu}/u.test(w));
  const letters = (words.length > 0 ? words : [core]).map((w) => w[0] ?? '').join('');
  return letters.slice(0, 2).toUpperCase();
}

/**
 * The Ente's coat of arms: its uploaded logo, or a heraldic shield with its initials until the Ente
 * uploads one. Decorative: the Ente's name always stands next to it.
 */
export function EnteEmblem({
  name,
  logoUrl,
  color,
  size = 56,
}: {
  name: string;
  logoUrl: string | null;
  color: string | null;
  size?: number;
}) {
  if (logoUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- logos are uploaded per Ente, any size and host
    return <img src={logoUrl} alt="" width={size} height={size} className="shrink-0 object-contain" />;
  }
  const fill = color ?? '#0066cc';
  return (
    <svg width={size} height={size * 1.15} viewBox="0 0 100 115" aria-hidden="true" className="shrink-0">
      <path d="M5 5h90v55c0 28-20 45-45 52C25 105 5 88 5 60z" fill="#fff" />
      <path d="M12 12h76v47c0 23-16 38-38 44-22-6-38-21-38-44z" fill={fill} />
      <path d="M12 12h76v14H12z" fill="#ffffff" opacity="0.25" />
      <text x="50" y="70" textAnchor="middle" fontFamily="Titillium Web, sans-serif" fontWeight="700" fontSize="34" fill="#fff">
        {emblemInitials(name)}
      </text>
    </svg>
  );
}
