// SignalR's HTTP requests (negotiate, and long polling if it ever comes to that) under Node, over
// the runtime's own fetch, with the hub's cookies kept in a CookieJar for the requests and the
// WebSocket after them. It behaves as SignalR's FetchHttpClient does under Node, without
// tough-cookie and fetch-cookie: see cookie-jar.ts for why.
import {
  AbortError,
  HttpClient,
  HttpError,
  HttpResponse,
  LogLevel,
  TimeoutError,
  type HttpRequest,
  type ILogger,
} from '@microsoft/signalr';
import { CookieJar } from './cookie-jar';

/** Redirects followed before a request fails, as fetch does. */
const MAX_REDIRECTS = 20;

export class NodeHttpClient extends HttpClient {
  readonly #logger: ILogger;
  readonly #jar: CookieJar;
  readonly #fetch: typeof fetch;

  constructor(logger: ILogger, options: { jar?: CookieJar; fetch?: typeof fetch } = {}) {
    super();
    this.#logger = logger;
    this.#jar = options.jar ?? new CookieJar();
    this.#fetch = options.fetch ?? fetch;
  }

  override async send(request: HttpRequest): Promise<HttpResponse> {
    if (request.abortSignal?.aborted) throw new AbortError();
    if (!request.method) throw new Error('No method defined.');
    if (!request.url) throw new Error('No url defined.');

    const controller = new AbortController();
    let failure: Error | undefined;
    if (request.abortSignal) {
      request.abortSignal.onabort = () => {
        failure = new AbortError();
        controller.abort();
      };
    }
    const timer = request.timeout
      ? setTimeout(() => {
          this.#logger.log(LogLevel.Warning, 'Timeout from HTTP request.');
          failure = new TimeoutError();
          controller.abort();
        }, request.timeout)
      : undefined;

    const headers: Record<string, string> = {
      'X-Requested-With': 'XMLHttpRequest',
      ...request.headers,
    };
    const content = request.content === '' ? undefined : request.content;
    if (content !== undefined) {
      headers['Content-Type'] =
        typeof content === 'string' ? 'text/plain;charset=UTF-8' : 'application/octet-stream';
    }

    let response: Response;
    try {
      response = await this.#follow(request.url, {
        method: request.method,
        headers,
        body: content,
        signal: controller.signal,
      });
    } catch (error) {
      if (failure) throw failure;
      this.#logger.log(LogLevel.Warning, `Error from HTTP request. ${String(error)}.`);
      throw error;
    } finally {
      clearTimeout(timer);
      if (request.abortSignal) request.abortSignal.onabort = null;
    }

    if (!response.ok) {
      const message = await response.text();
      throw new HttpError(message || response.statusText, response.status);
    }
    const payload =
      request.responseType === 'arraybuffer' ? await response.arrayBuffer() : await response.text();
    return new HttpResponse(response.status, response.statusText, payload);
  }

  override getCookieString(url: string): string {
    return this.#jar.cookieHeader(url);
  }

  /**
   * fetch with the jar's cookies, following redirects by hand so that cookies set on the way
   * are kept for the origin that set them. A redirect to another origin does not carry the
   * Authorization header there, as fetch itself would not.
   */
  async #follow(
    url: string,
    init: {
      method: string;
      headers: Record<string, string>;
      body: string | ArrayBuffer | undefined;
      signal: AbortSignal;
    },
  ): Promise<Response> {
    const start = new URL(url);
    let target = start;
    let { method, body } = init;
    let headers = init.headers;
    for (let hops = 0; ; hops++) {
      const cookie = this.#jar.cookieHeader(target);
      const response = await this.#fetch(target, {
        method,
        headers: cookie ? { ...headers, Cookie: cookie } : headers,
        body,
        signal: init.signal,
        redirect: 'manual',
      });
      this.#jar.store(target, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      if (hops >= MAX_REDIRECTS) throw new Error(`Too many redirects from ${url}.`);
      await response.body?.cancel();
      target = new URL(location, target);
      if (target.origin !== start.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
        );
      }
      // 303, and 301/302 after a POST, become a GET without a body, as fetch does.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'),
        );
      }
    }
  }
}
