// The groups the user wants, the ones they must be in, and what the hub said about each.
import { Emitter, type Event } from '../base/event';
import { DisposableObject } from '../base/lifecycle';
import { silentLogger, type Logger } from '../base/log';
import { describeIssues, GroupListSchema, type GroupInfo } from '../schema/notification';
import type { SessionInbox } from './ports';

export type Invoke = <T>(method: string, ...args: unknown[]) => Promise<T>;

export type MembershipState = 'joined' | 'refused' | 'pending' | 'not-joined';

export interface GroupView {
  name: string;
  displayName: string;
  description: string | null;
  /** Required by the hub or by IT policy; the user cannot leave it. */
  mandatory: boolean;
  /** In the user's desired set. */
  subscribed: boolean;
  state: MembershipState;
  /** Why the hub refused, in its words. */
  reason: string | null;
}

export interface GroupSubscriptionsOptions {
  inbox: Pick<SessionInbox, 'desiredGroups' | 'setDesiredGroups'>;
  /** Groups IT policy makes mandatory, on top of the hub's own. */
  policyMandatory?: () => readonly string[];
  logger?: Logger;
}

export class GroupSubscriptions extends DisposableObject {
  readonly #inbox: GroupSubscriptionsOptions['inbox'];
  readonly #policyMandatory: () => readonly string[];
  readonly #logger: Logger;
  #available: GroupInfo[] = [];
  readonly #status = new Map<string, { state: MembershipState; reason: string | null }>();

  readonly #onDidChange = this.register(new Emitter<readonly GroupView[]>());
  readonly onDidChange: Event<readonly GroupView[]> = this.#onDidChange.event;

  constructor(options: GroupSubscriptionsOptions) {
    super();
    this.#inbox = options.inbox;
    this.#policyMandatory = options.policyMandatory ?? (() => []);
    this.#logger = options.logger ?? silentLogger;
  }

  get mandatory(): ReadonlySet<string> {
    return new Set([
      ...this.#available.filter((g) => g.mandatory).map((g) => g.name),
      ...this.#policyMandatory(),
    ]);
  }

  /** The desired set: what the user chose plus everything mandatory. */
  get desired(): string[] {
    return [...new Set([...this.#inbox.desiredGroups, ...this.mandatory])].sort();
  }

  /** The groups currently joined on the hub. */
  get joined(): string[] {
    return this.desired.filter((name) => this.#status.get(name)?.state === 'joined');
  }

  /** Every group the user can see: the hub's list, plus desired ones it did not list. */
  get groups(): GroupView[] {
    const desired = new Set(this.desired);
    const mandatory = this.mandatory;
    const known = new Map(this.#available.map((g) => [g.name, g]));
    for (const name of desired) {
      if (!known.has(name))
        known.set(name, { name, displayName: name, description: null, mandatory: false });
    }
    return [...known.values()]
      .map((group) => {
        const status = this.#status.get(group.name);
        return {
          name: group.name,
          displayName: group.displayName,
          description: group.description,
          mandatory: mandatory.has(group.name),
          subscribed: desired.has(group.name),
          state: desired.has(group.name) ? (status?.state ?? 'pending') : 'not-joined',
          reason: status?.reason ?? null,
        };
      })
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** After every (re)connect: learn the groups, then subscribe to each desired one. */
  async syncOnConnect(invoke: Invoke): Promise<string[]> {
    this.#status.clear();
    try {
      const parsed = GroupListSchema.safeParse(await invoke<unknown>('ListGroups'));
      if (parsed.success) this.#available = parsed.data;
      else
        this.#logger.warn(`ListGroups answered an invalid list: ${describeIssues(parsed.error)}`);
    } catch (error) {
      this.#logger.warn('ListGroups failed:', error);
    }
    const desired = this.desired;
    if (desired.join('\n') !== [...this.#inbox.desiredGroups].sort().join('\n')) {
      this.#inbox.setDesiredGroups(desired);
    }
    await Promise.all(desired.map((group) => this.#subscribe(invoke, group)));
    this.#onDidChange.fire(this.groups);
    return this.joined;
  }

  /**
   * Replaces the user's choice (mandatory groups always stay). When connected, joins the new
   * groups and leaves the dropped ones at once; otherwise the next connect does.
   */
  async setDesired(groups: readonly string[], invoke: Invoke | undefined): Promise<void> {
    const before = new Set(this.desired);
    const next = [...new Set([...groups, ...this.mandatory])].sort();
    this.#inbox.setDesiredGroups(next);
    this.#onDidChange.fire(this.groups);
    if (!invoke) return;
    const added = next.filter((g) => !before.has(g));
    const removed = [...before].filter((g) => !next.includes(g));
    await Promise.all([
      ...added.map((group) => this.#subscribe(invoke, group)),
      ...removed.map(async (group) => {
        try {
          await invoke('Unsubscribe', group);
        } catch (error) {
          this.#logger.warn(`Unsubscribe(${group}) failed:`, error);
        }
        this.#status.delete(group);
      }),
    ]);
    this.#onDidChange.fire(this.groups);
  }

  /** Forgets membership (the connection is gone; groups must be joined again). */
  markDisconnected(): void {
    if (this.#status.size === 0) return;
    this.#status.clear();
    this.#onDidChange.fire(this.groups);
  }

  async #subscribe(invoke: Invoke, group: string): Promise<void> {
    this.#status.set(group, { state: 'pending', reason: null });
    try {
      await invoke('Subscribe', group);
      this.#status.set(group, { state: 'joined', reason: null });
    } catch (error) {
      const reason = hubMessage(error);
      this.#logger.warn(`Subscribe(${group}) refused: ${reason}`);
      this.#status.set(group, { state: 'refused', reason });
    }
  }
}

/** The hub's own words from a HubException ("An unexpected error occurred invoking 'X' on the server. HubException: …"). */
export function hubMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const marker = 'HubException: ';
  const at = message.indexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : message;
}
