/**
 * "Did you mean …?" for mistyped flags: the known name nearest to what was typed, by edit distance.
 */

/**
 * Edits (insert, delete, substitute, or swap two neighbours) that turn `from` into `to`: the optimal string alignment
 * distance. A swap counts as one edit because `--endpiont` is one slip of the fingers, not two.
 */
export function editDistance(from: string, to: string): number {
  // rows[i][j]: distance between the first i characters of `from` and the first j of `to`.
  const rows: number[][] = Array.from({ length: from.length + 1 }, (_, i) =>
    Array.from({ length: to.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= from.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= to.length; j++) {
      const substitution = from[i - 1] === to[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitution);
      const swapped = i > 1 && j > 1 && from[i - 1] === to[j - 2] && from[i - 2] === to[j - 1];
      if (swapped) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(from.length, to.length);
}

/**
 * The candidate nearest to `typed` (case-insensitive), or undefined when none is near enough to be a typo: at most
 * one edit for names up to five characters, two for longer ones, so `--bogus` suggests nothing. Ties go to the
 * earlier candidate.
 */
export function closestName(typed: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    const allowed = name.length <= 5 ? 1 : 2;
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
