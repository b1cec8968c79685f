// OAuth 2.0 token endpoint client (password and refresh_token grants) for the hub's identity provider.
import { z } from 'zod';
import { AuthError, TransientAuthError } from './errors';

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive().max(31_536_000),
  refresh_token: z.string().min(1).max(8192).optional(),
  display_name: z.string().max(200).optional(),
});

const OAuthErrorSchema = z.object({
  error: z.string().max(200),
  error_description: z.string().max(2000).optional(),
});

/** Tokens as Herald keeps them: expiry in ms since the epoch. */
export interface TokenSet {
  accessToken: string;
  /** When the access token stops working, in ms since the epoch. */
  expiresAt: number;
  refreshToken: string | null;
  /** The signed-in user's name as the identity provider gives it, when it does. */
  displayName?: string;
}

export interface TokenClientOptions {
  /** The hub's base URL, e.g. `https://hub.example.com`. The token endpoint is `/auth/token` below it. */
  hubUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Per-request timeout in ms. Default 15 000. */
  timeoutInMilliseconds?: number;
}

export class TokenClient {
  readonly #endpoint: string;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #timeout: number;

  constructor(options: TokenClientOptions) {
    this.#endpoint = new URL('auth/token', withTrailingSlash(options.hubUrl)).toString();
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#timeout = options.timeoutInMilliseconds ?? 15_000;
  }

  signIn(username: string, password: string): Promise<TokenSet> {
    return this.#request({ grant_type: 'password', username, password }, null);
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.#request(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      refreshToken,
    );
  }

  async #request(form: Record<string, string>, previousRefresh: string | null): Promise<TokenSet> {
    let response: Response;
    try {
      response = await this.#fetch(this.#endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.#timeout),
      });
    } catch (error) {
      throw new TransientAuthError(`Could not reach ${this.#endpoint}: ${describe(error)}`, {
        cause: error,
      });
    }
    const body = await readJson(response);
    if (response.status === 200) {
      const parsed = TokenResponseSchema.safeParse(body);
      if (!parsed.success)
        throw new TransientAuthError(`The token endpoint answered an unexpected shape.`);
      return {
        accessToken: parsed.data.access_token,
        expiresAt: this.#now() + parsed.data.expires_in * 1000,
        refreshToken: parsed.data.refresh_token ?? previousRefresh,
        ...(parsed.data.display_name ? { displayName: parsed.data.display_name } : {}),
      };
    }
    const oauth = OAuthErrorSchema.safeParse(body);
    if (response.status >= 400 && response.status < 500 && oauth.success) {
      const reason = oauth.data.error_description ?? oauth.data.error;
      throw new AuthError(reason, oauth.data.error);
    }
    if (response.status === 401 || response.status === 403) {
      throw new AuthError(
        `The identity provider refused the request (${response.status}).`,
        'access_denied',
      );
    }
    throw new TransientAuthError(`The token endpoint answered ${response.status}.`);
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
