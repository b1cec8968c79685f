// The IPC messages between the orchestrator and the benchmark child processes.

/** Per-notification receive times: parallel arrays, one entry per notification. */
export interface Samples {
  cursors: number[];
  /** The hub's `sentAt`, ms since the epoch. */
  sentAt: number[];
  /** When the receiver finished with it (see each child), ms since the epoch, sub-ms. */
  at: number[];
}

/** A burst as one receiver saw it: how many arrived, first and last arrival, event loop delay. */
export interface IngestReport {
  count: number;
  firstAt: number;
  lastAt: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** CPU time (user + system) the receiving process used since the burst started, µs. */
  cpuUs: number;
}

export type ChildMessage =
  | { type: 'ready'; at: number }
  | { type: 'synced'; at: number; joined: string[]; caughtUp: number; count: number }
  | { type: 'connected'; at: number; count: number }
  | { type: 'closed'; at: number; reason: string }
  | { type: 'samples'; samples: Samples }
  | ({ type: 'ingest-done' } & IngestReport)
  | ({ type: 'burst-progress' } & IngestReport)
  | { type: 'toasts'; count: number; singles: number; summaries: number; offered: number }
  | { type: 'storm-ready'; connected: number; at: number }
  | {
      type: 'storm-report';
      /** Per client: when it was last connected (ms since the epoch), or null. */
      connectedAt: Array<number | null>;
      /** Per client: when it was last synced (Herald only), or null. */
      syncedAt: Array<number | null>;
      /** Per client: every connect (first and re-connects), ms since the epoch. */
      connects: number[];
      /** Clients that gave up reconnecting (SignalR's default policy ends after 4 tries). */
      gaveUp: number;
      /** Herald only: every scheduled retry (nextRetryAt), ms since the epoch. */
      retries: number[];
    }
  | { type: 'inbox-filled'; items: number; bytes: number; ms: number }
  | {
      type: 'inbox-loaded';
      openMs: number;
      listMs: number;
      totalMs: number;
      items: number;
      /** Reading the store's files into fresh buffers, nothing else: the floor. */
      readMs: number;
      bytes: number;
    }
  | {
      type: 'inbox-appended';
      durations: number[];
      size: number;
    }
  | { type: 'error'; message: string };

export type ParentMessage =
  | { type: 'report' }
  | { type: 'burst-start'; expect: number }
  | { type: 'burst-progress' }
  | { type: 'toasts' }
  | { type: 'storm-report' }
  | { type: 'reconnect' }
  | { type: 'stop' };

/** In a child: sends to the parent (no-op without an IPC channel). */
export function toParent(message: ChildMessage): void {
  process.send?.(message);
}

/** In a child: exits when the orchestrator goes away, reports uncaught errors. */
export function childSetup(onMessage: (message: ParentMessage) => void): void {
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') process.exit(0);
    onMessage(message);
  });
  const fail = (error: unknown): void => {
    toParent({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    setTimeout(() => process.exit(1), 50);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
