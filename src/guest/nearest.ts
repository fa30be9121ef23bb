/** Names near a misspelt one: for "did you mean ...?" in spec and command-line errors. */

/** Optimal string alignment distance (Levenshtein with adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known name nearest to `name` (a small edit distance, or a prefix of 3+ characters), if any. */
export function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const k of known) {
    const d = editDistance(name, k);
    // on a tie, the name of the same length (a swap rather than a letter more or less)
    if (d < bestD || (d === bestD && best !== undefined && Math.abs(k.length - name.length) < Math.abs(best.length - name.length))) [best, bestD] = [k, d];
  }
  if (best !== undefined && bestD <= limit) return best;
  const lower = name.toLowerCase();
  if (lower.length >= 3) return known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  return undefined;
}
