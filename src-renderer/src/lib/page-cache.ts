// The inbox's page cache as immutable values: every change returns a new map, so a `$state.raw`
// holding one changes exactly when a page does.

export interface CachedPage<T> {
  readonly items: readonly T[];
  /** Fetched before the last change: shown until its replacement arrives. */
  readonly stale: boolean;
}

export type PageMap<T> = ReadonlyMap<number, CachedPage<T>>;

export function emptyPages<T>(): PageMap<T> {
  return new Map();
}

/**
 * Stores a page; when more than `maxPages` are held, drops the ones farthest from `centre` (the
 * page in the middle of the viewport).
 */
export function putPage<T>(
  pages: PageMap<T>,
  index: number,
  page: CachedPage<T>,
  centre: number,
  maxPages: number,
): PageMap<T> {
  const next = new Map(pages);
  next.set(index, page);
  if (next.size <= maxPages) return next;
  const farthestFirst = [...next.keys()].sort(
    (a, b) => Math.abs(b - centre) - Math.abs(a - centre),
  );
  for (const dropped of farthestFirst.slice(0, next.size - maxPages)) next.delete(dropped);
  return next;
}

/** Keeps pages `first`…`last`, marked stale; forgets the rest. */
export function keepStale<T>(pages: PageMap<T>, first: number, last: number): PageMap<T> {
  const next = new Map<number, CachedPage<T>>();
  for (const [index, page] of pages) {
    if (index >= first && index <= last) next.set(index, { ...page, stale: true });
  }
  return next;
}

/** Applies `change` to every cached item whose id is in `ids`. */
export function patchPages<T extends { id: string }>(
  pages: PageMap<T>,
  ids: readonly string[],
  change: Partial<T>,
): PageMap<T> {
  const next = new Map<number, CachedPage<T>>();
  for (const [index, page] of pages) {
    const touched = page.items.some((item) => ids.includes(item.id));
    next.set(
      index,
      touched
        ? {
            ...page,
            items: page.items.map((item) =>
              ids.includes(item.id) ? { ...item, ...change } : item,
            ),
          }
        : page,
    );
  }
  return next;
}

/** Which `inbox.list` request is the latest for each page (plain bookkeeping, not UI state). */
export class PageRequests {
  readonly #requests = new Map<number, { epoch: number; task: Promise<void> }>();

  get(page: number): { epoch: number; task: Promise<void> } | undefined {
    return this.#requests.get(page);
  }

  set(page: number, request: { epoch: number; task: Promise<void> }): void {
    this.#requests.set(page, request);
  }

  /** Forgets `request` if it is still the latest for `page`. */
  settle(page: number, request: { epoch: number; task: Promise<void> }): void {
    if (this.#requests.get(page) === request) this.#requests.delete(page);
  }

  clear(): void {
    this.#requests.clear();
  }
}
