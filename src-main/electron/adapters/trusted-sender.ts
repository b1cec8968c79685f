// Which pages may call Herald over IPC: the app's own renderer page, or in development the
// electron-vite dev server. Every other sender (a subframe, about:blank, a page that got
// navigated elsewhere, a devtools extension) is refused by the IPC router.
import { isSameDocument, isSameServer, parseUrl } from './url-parts';

export interface TrustedSenderOptions {
  /** The renderer page: `app://herald/index.html` (a `file://` page URL works the same way). */
  rendererUrl: string;
  /** The dev server (`ELECTRON_RENDERER_URL`) in development; never set in a packaged app. */
  devServerUrl?: string | null;
}

export function createTrustedSenderCheck(
  options: TrustedSenderOptions,
): (senderUrl: string) => boolean {
  const page = parseUrl(options.rendererUrl);
  if (!page) throw new Error(`The renderer URL ${options.rendererUrl} is not a URL.`);
  const devServer = options.devServerUrl ? parseUrl(options.devServerUrl) : null;
  if (options.devServerUrl && !devServer)
    throw new Error(`The dev server URL ${options.devServerUrl} is not a URL.`);
  return (senderUrl) => {
    const sender = parseUrl(senderUrl);
    if (!sender) return false;
    if (isSameDocument(sender, page)) return true;
    return (
      devServer !== null &&
      (sender.protocol === 'http:' || sender.protocol === 'https:') &&
      isSameServer(sender, devServer)
    );
  };
}

/** The part of Electron's `WebFrameMain` the IPC binding reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * The URL to judge an IPC call by: the sending frame's, and only if it is a top-level frame.
 * A frame that is gone (null) or a subframe gives '' — which no check trusts.
 */
export function senderUrlOf(frame: SenderFrame | null | undefined): string {
  if (!frame || frame.parent !== null) return '';
  return frame.url;
}
