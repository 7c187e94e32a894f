import { type Random, randomInt } from './random.js';
import type { PagingMode } from './types.js';

const DEFAULT_EMPTY_PAGE_RATE = 0.2;

/**
 * How many items each GetParametersByPath page holds. AWS pages are best effort (0..MaxResults items plus a
 * NextToken), and callers must loop on the token rather than on the page size; the script and random modes make that
 * observable in tests.
 */
export class Pager {
  #mode: PagingMode = 'full';
  #calls = 0;
  /** Every page carries a NextToken, for page-cap tests. */
  endless = false;

  constructor(private readonly random: Random) {}

  setMode(mode: PagingMode): void {
    assertPagingMode(mode);
    this.#mode = mode;
    this.#calls = 0;
  }

  /** The size of the next page, at most `maxResults`. */
  nextPageSize(maxResults: number): number {
    const mode = this.#mode;
    const call = this.#calls;
    this.#calls += 1;
    if (mode === 'full') return maxResults;
    if (mode.mode === 'script')
      return Math.min(maxResults, mode.pageSizes[call % mode.pageSizes.length] ?? maxResults);
    if (this.random() < (mode.emptyPageRate ?? DEFAULT_EMPTY_PAGE_RATE)) return 0;
    return randomInt(this.random, 1, maxResults);
  }
}

function assertPagingMode(mode: PagingMode): void {
  if (mode === 'full') return;
  if (mode.mode === 'script') {
    const valid =
      mode.pageSizes.length > 0 && mode.pageSizes.every((size) => Number.isInteger(size) && size >= 0);
    if (!valid) throw new TypeError('Expected `pageSizes` to be a non-empty list of integers >= 0');
    return;
  }
  const rate = mode.emptyPageRate ?? DEFAULT_EMPTY_PAGE_RATE;
  if (!(rate >= 0 && rate < 1))
    throw new TypeError(`Expected \`emptyPageRate\` to be in [0, 1), got ${rate}`);
}
