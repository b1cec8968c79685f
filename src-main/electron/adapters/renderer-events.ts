// Main → renderer events. The window is created lazily and reloads now and then: until its page
// has loaded, events are dropped (the page asks for the current state when it starts) — except a
// toast click's `inbox:reveal`, which is exactly what the page must show once it is there.
import type { EventChannel } from '../../ipc/contract';

export interface RendererEvent {
  channel: EventChannel;
  payload: unknown;
}

/** The part of Electron's `webContents` this needs. */
export interface RendererTarget {
  send(channel: string, payload: unknown): void;
}

export class RendererEvents {
  #target: RendererTarget | null = null;
  #pendingReveal: RendererEvent | null = null;

  /** The page has loaded (and subscribed): deliver from now on. */
  attach(target: RendererTarget): void {
    this.#target = target;
    const pending = this.#pendingReveal;
    this.#pendingReveal = null;
    if (pending) target.send(pending.channel, pending.payload);
  }

  /** The page is gone or reloading. */
  detach(): void {
    this.#target = null;
  }

  send(event: RendererEvent): void {
    if (this.#target) {
      this.#target.send(event.channel, event.payload);
      return;
    }
    if (event.channel === 'inbox:reveal') this.#pendingReveal = event;
  }
}
