// Hands the session a fresh access token on every (re)connect, refreshing before expiry.
import { Emitter, type Event } from '../base/event';
import { AuthError } from './errors';
import type { TokenClient, TokenSet } from './token-client';

/** The port the hub supervisor asks for tokens. */
export interface TokenSource {
  /** A token valid for at least a little while longer; refreshes when it is about to expire. */
  getAccessToken(): Promise<string>;
  /** Forces a refresh (after the hub answered 401). Throws {@link AuthError} when refused. */
  refresh(): Promise<string>;
}

export interface RefreshingTokenSourceOptions {
  client: TokenClient;
  /** Tokens from an earlier sign-in; without them the first request signs in through `signIn`. */
  tokens?: TokenSet;
  /**
   * Signs in from scratch (a service account's stored password). Used when there are no tokens
   * yet and once when a refresh is refused; the desktop app leaves it out and signs the user out.
   */
  signIn?: () => Promise<TokenSet>;
  now?: () => number;
  /** Refresh this long before expiry, in ms; never more than a quarter of the token's lifetime. Default 60 000. */
  refreshMarginInMilliseconds?: number;
}

/**
 * Keeps a token set fresh through the refresh grant. Concurrent callers share one refresh.
 * Once a refresh is refused the source stays signed out: it never retries on its own.
 */
export class RefreshingTokenSource implements TokenSource {
  readonly #client: TokenClient;
  readonly #now: () => number;
  readonly #margin: number;
  readonly #signIn: (() => Promise<TokenSet>) | undefined;
  #tokens: TokenSet | undefined;
  #issuedAt: number;
  #inflight: Promise<string> | undefined;
  #refused: AuthError | undefined;
  readonly #onDidChangeTokens = new Emitter<TokenSet>();
  /** Fires after every successful refresh, so the app can persist the new refresh token. */
  readonly onDidChangeTokens: Event<TokenSet> = this.#onDidChangeTokens.event;

  constructor(options: RefreshingTokenSourceOptions) {
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
    this.#margin = options.refreshMarginInMilliseconds ?? 60_000;
    this.#tokens = options.tokens;
    this.#signIn = options.signIn;
    this.#issuedAt = this.#now();
  }

  get tokens(): TokenSet | undefined {
    return this.#tokens;
  }

  async getAccessToken(): Promise<string> {
    if (this.#refused) throw this.#refused;
    if (!this.#tokens) return this.refresh();
    const lifetime = Math.max(0, this.#tokens.expiresAt - this.#issuedAt);
    const margin = Math.min(this.#margin, lifetime / 4);
    if (this.#tokens.expiresAt - this.#now() > margin) return this.#tokens.accessToken;
    return this.refresh();
  }

  refresh(): Promise<string> {
    if (this.#refused) return Promise.reject(this.#refused);
    this.#inflight ??= this.#doRefresh().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #doRefresh(): Promise<string> {
    try {
      this.#tokens = await this.#renew(this.#tokens?.refreshToken ?? null);
      this.#issuedAt = this.#now();
    } catch (error) {
      if (error instanceof AuthError) this.#refused = error;
      throw error;
    }
    this.#onDidChangeTokens.fire(this.#tokens);
    return this.#tokens.accessToken;
  }

  async #renew(refreshToken: string | null): Promise<TokenSet> {
    if (refreshToken) {
      try {
        return await this.#client.refresh(refreshToken);
      } catch (error) {
        if (!(error instanceof AuthError) || !this.#signIn) throw error;
      }
    }
    if (this.#signIn) return this.#signIn();
    throw new AuthError(
      'The session expired and cannot be renewed; sign in again.',
      'no_refresh_token',
    );
  }
}
