/**
 * A euro amount that arrived as a JSON number (GovPay `importo`, FdR 3 `pay`), in cents, exactly. The
 * number is read through its shortest decimal form (`String(45.01)` is "45.01"), never multiplied as a
 * float (45.01 * 100 is 4500.999…). More than two decimals or a non-finite value is refused. A negative
 * amount stays negative (a revocation may be reported so).
 */
export function euroNumberToCents(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`importo non valido: ${value}`);
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!match) throw new RangeError(`importo non valido (al più due decimali): ${value}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}
