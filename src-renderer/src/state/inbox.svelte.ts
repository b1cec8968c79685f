// The inbox as the list shows it: one query (filters + debounced search), fetched in fixed-size
// pages on demand so a virtualized list can scroll 50 000 items while holding a few hundred.
import type { HeraldApi, InboxItemView, InboxPage, InboxQuery } from '../lib/api';
import type { Notices } from './notices.svelte';
import {
  emptyPages,
  keepStale,
  PageRequests,
  patchPages,
  putPage,
  type PageMap,
} from '../lib/page-cache';
import { strings } from '../lib/strings';
import {
  NO_FILTERS,
  PAGE_SIZE,
  pageQuery,
  sameQuery,
  type InboxFilters,
  type Severity,
} from './inbox-query';

/** A first page main sent along with something else (the start-up answer), and its query. */
export interface PrefetchedPage {
  readonly query: InboxQuery;
  readonly page: InboxPage;
}

export type { InboxFilters, Severity } from './inbox-query';

/** Pages kept in memory; the ones farthest from the viewport are dropped first. */
const MAX_CACHED_PAGES = 60;
/** Quiet time after the last keystroke before a search runs, in ms. */
const SEARCH_DEBOUNCE_IN_MILLISECONDS = 250;
/** Bursts of `inbox:changed` (a catch-up of 500 items) cause one refresh, in ms. */
const REFRESH_COALESCE_IN_MILLISECONDS = 80;

export class InboxState {
  readonly #api: HeraldApi;
  readonly #notices: Notices;
  readonly #unsubscribe: Array<() => void> = [];

  #filters = $state.raw<InboxFilters>(NO_FILTERS);
  #searchInput = $state.raw('');
  #pages = $state.raw<PageMap<InboxItemView>>(emptyPages());
  #total = $state.raw(0);
  #loaded = $state.raw(false);
  #unreadCount = $state.raw(0);
  #activeIndex = $state.raw(0);
  #opened = $state.raw<InboxItemView | null>(null);
  #openedMissing = $state.raw(false);
  #queryVersion = $state.raw(0);

  /** Rows the list shows now (first, last), so refreshes refetch those first. */
  #visible: { first: number; last: number } = { first: 0, last: 0 };
  readonly #inflight = new PageRequests();
  /** Bumped by every refresh: requests sent before it may hold old rows. */
  #refreshEpoch = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #enabled = false;

  /** The item under the keyboard cursor: the cursor follows it when items arrive above it. */
  #activeId: string | null = null;

  /**
   * @param onReveal called when main asks to show an item (a toast was clicked), so the window
   *   can switch to the inbox.
   */
  constructor(api: HeraldApi, notices: Notices, onReveal: (id: string) => void) {
    this.#api = api;
    this.#notices = notices;
    this.#unsubscribe.push(
      api.on('inbox:changed', () => this.refresh()),
      api.on('inbox:reveal', ({ id }) => {
        onReveal(id);
        void this.openById(id);
      }),
    );
  }

  get filters(): InboxFilters {
    return this.#filters;
  }

  /** What the search box shows (the query follows it after a short pause). */
  get searchInput(): string {
    return this.#searchInput;
  }

  /** Items matching the query. */
  get total(): number {
    return this.#total;
  }

  /** True once the first page of the current query has arrived. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get unreadCount(): number {
    return this.#unreadCount;
  }

  /** The keyboard cursor in the list (a row index). */
  get activeIndex(): number {
    return this.#activeIndex;
  }

  /** The item shown in the detail pane. */
  get opened(): InboxItemView | null {
    return this.#opened;
  }

  /** The opened item was deleted or retracted meanwhile. */
  get openedMissing(): boolean {
    return this.#openedMissing;
  }

  /** Changes whenever the query changes: the list scrolls back to the top. */
  get queryVersion(): number {
    return this.#queryVersion;
  }

  readonly filtered: boolean = $derived.by(() => {
    const f = this.#filters;
    return f.unreadOnly || f.group !== null || f.severity !== null || f.text !== '';
  });

  /** The item at a row, or `undefined` while its page loads. */
  rowAt(index: number): InboxItemView | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];
  }

  /** Whether the list is fetching (signed in, or about to be). */
  get enabled(): boolean {
    return this.#enabled;
  }

  /**
   * Starts fetching (after sign-in); the list stays empty until then. `first` is page 0 when
   * main has already sent it; it is used if it answers the current query.
   */
  enable(first?: PrefetchedPage): void {
    if (this.#enabled) return;
    this.#enabled = true;
    this.#resetQuery(first);
  }

  /** Forgets everything, filters included (after sign-out). */
  disable(): void {
    this.#enabled = false;
    clearTimeout(this.#searchTimer);
    this.#searchInput = '';
    this.#filters = NO_FILTERS;
    this.#resetQuery();
    this.#total = 0;
    this.#unreadCount = 0;
    this.closeDetail();
  }

  /** The session's count, which also changes while this window shows a filtered query. */
  noteUnreadCount(count: number): void {
    this.#unreadCount = count;
  }

  // ---- query -------------------------------------------------------------------------------

  setSearchInput(text: string): void {
    this.#searchInput = text;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => {
      this.#setFilters({ text: text.trim().slice(0, 200) });
    }, SEARCH_DEBOUNCE_IN_MILLISECONDS);
  }

  setUnreadOnly(unreadOnly: boolean): void {
    this.#setFilters({ unreadOnly });
  }

  setGroup(group: string | null): void {
    this.#setFilters({ group });
  }

  setSeverity(severity: Severity | null): void {
    this.#setFilters({ severity });
  }

  /** Shows the archive instead of the inbox. */
  showArchived(archived: boolean): void {
    this.#setFilters({ archived });
  }

  clearFilters(): void {
    clearTimeout(this.#searchTimer);
    this.#searchInput = '';
    this.#setFilters({ unreadOnly: false, group: null, severity: null, text: '' });
  }

  #setFilters(change: Partial<InboxFilters>): void {
    const next = { ...this.#filters, ...change };
    const same = (Object.keys(next) as Array<keyof InboxFilters>).every(
      (key) => next[key] === this.#filters[key],
    );
    if (same) return;
    this.#filters = next;
    this.#resetQuery();
  }

  #resetQuery(first?: PrefetchedPage): void {
    this.#queryVersion += 1;
    this.#pages = emptyPages();
    this.#inflight.clear();
    this.#loaded = false;
    this.#activeIndex = 0;
    this.#activeId = null;
    this.#visible = { first: 0, last: 0 };
    if (!this.#enabled) return;
    if (first && sameQuery(first.query, this.#query(0))) this.#putPage(0, first.page, false);
    else void this.#fetchPage(0, this.#queryVersion);
  }

  #query(page: number): InboxQuery {
    return pageQuery(this.#filters, page);
  }

  // ---- paging ------------------------------------------------------------------------------

  /** The list shows rows `first`…`last` (overscan included): fetch the pages they need. */
  ensureRows(first: number, last: number): void {
    this.#visible = { first, last };
    if (!this.#enabled) return;
    const version = this.#queryVersion;
    const lastRow = Math.min(last, Math.max(0, this.#total - 1));
    for (
      let page = Math.floor(first / PAGE_SIZE);
      page <= Math.floor(lastRow / PAGE_SIZE);
      page++
    ) {
      const cached = this.#pages.get(page);
      if (!cached || cached.stale) void this.#fetchPage(page, version);
    }
  }

  #fetchPage(page: number, version: number): Promise<void> {
    const running = this.#inflight.get(page);
    if (running && running.epoch === this.#refreshEpoch) return running.task;
    const request = { epoch: this.#refreshEpoch, task: Promise.resolve() };
    request.task = this.#api.inbox
      .list(this.#query(page))
      .then((result) => {
        // A newer query, or a refresh after this request left, makes this answer old news.
        if (version !== this.#queryVersion || this.#inflight.get(page) !== request) return;
        this.#putPage(page, result, request.epoch !== this.#refreshEpoch);
      })
      .catch((error: unknown) => {
        if (version === this.#queryVersion) this.#notices.report(strings.inbox.region, error);
      })
      .finally(() => this.#inflight.settle(page, request));
    this.#inflight.set(page, request);
    return request.task;
  }

  /** Keeps an answer for the current query and takes its totals. */
  #putPage(page: number, result: InboxPage, stale: boolean): void {
    const centre = Math.floor((this.#visible.first + this.#visible.last) / 2 / PAGE_SIZE);
    this.#pages = putPage(
      this.#pages,
      page,
      { items: result.items, stale },
      centre,
      MAX_CACHED_PAGES,
    );
    this.#total = result.total;
    this.#unreadCount = result.unreadCount;
    this.#loaded = true;
    this.#followActiveItem();
  }

  /**
   * Something changed in main (new items, read state, deletions): every cached page is now
   * stale. The visible ones are fetched again at once and shown meanwhile; the rest are dropped.
   */
  refresh(): void {
    if (this.#refreshTimer !== undefined) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = undefined;
      this.#refreshNow();
    }, REFRESH_COALESCE_IN_MILLISECONDS);
  }

  #refreshNow(): void {
    if (!this.#enabled) return;
    const { first, last } = this.#visible;
    const firstPage = Math.floor(first / PAGE_SIZE);
    const lastPage = Math.max(firstPage, Math.floor(last / PAGE_SIZE));
    this.#pages = keepStale(this.#pages, firstPage, lastPage);
    this.#refreshEpoch += 1;
    const version = this.#queryVersion;
    void this.#fetchPage(firstPage, version);
    for (let page = firstPage + 1; page <= lastPage; page++) void this.#fetchPage(page, version);
    const opened = this.#opened;
    if (opened) void this.#reloadOpened(opened.id);
  }

  // ---- selection ---------------------------------------------------------------------------

  setActiveIndex(index: number): void {
    const max = Math.max(0, this.#total - 1);
    this.#activeIndex = Math.min(max, Math.max(0, index));
    this.#activeId = this.rowAt(this.#activeIndex)?.id ?? null;
  }

  /** After new rows arrive: keeps the cursor on its item if that item moved, and in range. */
  #followActiveItem(): void {
    const id = this.#activeId;
    if (id !== null && this.rowAt(this.#activeIndex)?.id !== id) {
      for (const [page, { items }] of this.#pages) {
        const at = items.findIndex((item) => item.id === id);
        if (at >= 0) {
          this.#activeIndex = page * PAGE_SIZE + at;
          return;
        }
      }
    }
    if (this.#activeIndex >= this.#total) this.setActiveIndex(this.#total - 1);
    else if (id === null) this.#activeId = this.rowAt(this.#activeIndex)?.id ?? null;
  }

  moveActive(delta: number): void {
    this.setActiveIndex(this.#activeIndex + delta);
  }

  /** Opens the row at `index` in the detail pane and marks it read. */
  openIndex(index: number): void {
    this.setActiveIndex(index);
    const item = this.rowAt(this.#activeIndex);
    if (item) this.#open(item);
  }

  /** Opens an item that may not be on screen (a clicked toast). */
  async openById(id: string): Promise<void> {
    const item = await this.#notices.attempt(strings.detail.region, () =>
      this.#api.inbox.get({ id }),
    );
    if (item) this.#open(item);
  }

  closeDetail(): void {
    this.#opened = null;
    this.#openedMissing = false;
  }

  #open(item: InboxItemView): void {
    this.#opened = item;
    this.#openedMissing = false;
    if (!item.read) void this.setRead([item], true);
  }

  async #reloadOpened(id: string): Promise<void> {
    try {
      const item = await this.#api.inbox.get({ id });
      if (this.#opened?.id !== id) return;
      if (item) this.#opened = item;
      else this.#openedMissing = true;
    } catch (error) {
      this.#notices.report(strings.detail.region, error);
    }
  }

  // ---- commands ----------------------------------------------------------------------------

  async setRead(items: readonly InboxItemView[], read: boolean): Promise<void> {
    const ids = items.filter((item) => item.read !== read).map((item) => item.id);
    if (ids.length === 0) return;
    this.#patch(ids, { read });
    this.#unreadCount = Math.max(0, this.#unreadCount + (read ? -ids.length : ids.length));
    await this.#command(read ? strings.detail.markRead : strings.detail.markUnread, () =>
      this.#api.inbox.markRead({ ids, read }),
    );
  }

  async toggleRead(item: InboxItemView): Promise<void> {
    await this.setRead([item], !item.read);
  }

  async markAllRead(): Promise<void> {
    await this.#command(strings.inbox.markAllRead, () => this.#api.inbox.markAllRead());
  }

  async setArchived(item: InboxItemView, archived: boolean): Promise<void> {
    if (this.#opened?.id === item.id) this.#opened = { ...this.#opened, archived };
    await this.#command(archived ? strings.detail.archive : strings.detail.unarchive, () =>
      this.#api.inbox.archive({ ids: [item.id], archived }),
    );
  }

  async delete(item: InboxItemView): Promise<void> {
    const done = await this.#command(strings.detail.delete, () =>
      this.#api.inbox.delete({ ids: [item.id] }),
    );
    if (done && this.#opened?.id === item.id) this.closeDetail();
  }

  async acknowledge(item: InboxItemView): Promise<void> {
    this.#patch([item.id], { acknowledged: true });
    await this.#command(strings.detail.acknowledge, () =>
      this.#api.inbox.acknowledge({ id: item.id }),
    );
  }

  /** Runs a mutation; on failure says so and refetches, which also undoes optimistic patches. */
  async #command(what: string, action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      this.#notices.report(strings.notices.actionFailed(what), error);
      return false;
    } finally {
      // Main announces its own changes too; this covers a main that announces nothing.
      this.refresh();
    }
  }

  /** Shows a change at once, before main confirms it. */
  #patch(
    ids: readonly string[],
    change: Partial<Pick<InboxItemView, 'read' | 'acknowledged'>>,
  ): void {
    this.#pages = patchPages<InboxItemView>(this.#pages, ids, change);
    if (this.#opened && ids.includes(this.#opened.id))
      this.#opened = { ...this.#opened, ...change };
  }

  dispose(): void {
    clearTimeout(this.#searchTimer);
    clearTimeout(this.#refreshTimer);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}
