// The `ws` WebSocket SignalR uses under Node, with a bounded opening handshake.
//
// With stateful reconnect, SignalR's HttpConnection silently re-opens the WebSocket when the
// transport closes (after a server timeout, say) and only reports the connection closed when that
// fails. `ws` has no handshake timeout by default, so on a link that accepts TCP but passes no
// bytes (a blackholed NAT or captive portal) that hidden attempt hangs for ever, the connection
// stays "connected" and nothing reconnects. Bounding the handshake lets it fail and the normal
// reconnect path (with our backoff) take over.
import WebSocket, { type ClientOptions } from 'ws';
import type { ClientRequestArgs } from 'node:http';

/** How long the WebSocket opening handshake may take, in ms. */
export const WEBSOCKET_HANDSHAKE_TIMEOUT_MS = 10_000;

export class BoundedWebSocket extends WebSocket {
  constructor(
    address: string | URL,
    protocols?: string | string[],
    options?: ClientOptions | ClientRequestArgs,
  ) {
    super(address, protocols, { ...options, handshakeTimeout: WEBSOCKET_HANDSHAKE_TIMEOUT_MS });
  }
}
