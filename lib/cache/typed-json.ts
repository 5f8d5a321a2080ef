/*
 * JSON that keeps the types cached values hold: Dates (database rows), bigints, Buffers (Next's RSC payloads)
 * and Maps (Next's segment data). Plain JSON would turn them into strings and empty objects.
 */
const TYPE = '$type';

type Encoded = { [TYPE]: 'Date' | 'BigInt' | 'Buffer' | 'Map'; value: unknown };

function encode(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // The raw value: JSON.stringify has already called Date's and Buffer's toJSON on `value`.
  const raw = this[key];
  if (raw instanceof Date) return { [TYPE]: 'Date', value: raw.toISOString() } satisfies Encoded;
  if (typeof raw === 'bigint') return { [TYPE]: 'BigInt', value: raw.toString() } satisfies Encoded;
  if (raw instanceof Uint8Array) {
    return { [TYPE]: 'Buffer', value: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') } satisfies Encoded;
  }
  if (raw instanceof Map) return { [TYPE]: 'Map', value: [...raw.entries()] } satisfies Encoded;
  return value;
}

function isEncoded(value: unknown): value is Encoded {
  return typeof value === 'object' && value !== null && TYPE in value && Object.keys(value).length === 2 && 'value' in value;
}

function decode(_key: string, value: unknown): unknown {
  if (!isEncoded(value)) return value;
  switch (value[TYPE]) {
    case 'Date':
      return new Date(value.value as string);
    case 'BigInt':
      return BigInt(value.value as string);
    case 'Buffer':
      return Buffer.from(value.value as string, 'base64');
    case 'Map':
      return new Map(value.value as [unknown, unknown][]);
  }
}

export function toTypedJson(value: unknown): string {
  return JSON.stringify({ value }, encode);
}

export function fromTypedJson<T>(text: string): T {
  return (JSON.parse(text, decode) as { value: T }).value;
}
