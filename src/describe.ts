/** How a received value is named in TypeError messages: 'null', 'array', or its typeof. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
