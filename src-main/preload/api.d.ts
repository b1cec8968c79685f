// `window.herald` for the renderer's type checks (tsconfig.web.json includes this file). Keep the
// declaration identical to any other (src-renderer/src/lib/api.ts has one): TypeScript merges only those.
import type { HeraldApi } from '../ipc/contract';

declare global {
  interface Window {
    herald: HeraldApi;
  }
}

export {};
