// The few browser globals the page-side callbacks (`page.evaluate`) touch. The Node tsconfig has
// no DOM library, and adding it would let DOM use slip into src-main unnoticed; inside a callback,
// write `const w = globalThis as unknown as PageWindow` (the cast disappears when compiled).

export interface PageElement {
  readonly id: string;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly dataset: Record<string, string | undefined>;
  scrollIntoView(options?: { block?: 'start' | 'center' | 'end' | 'nearest' }): void;
  blur(): void;
}

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

export interface CspViolationEvent {
  readonly violatedDirective: string;
  readonly blockedURI: string;
  readonly sample: string;
  readonly sourceFile: string;
  readonly lineNumber: number;
}

export interface AxeResults {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: unknown[]; failureSummary?: string }>;
  }>;
}

export interface PageWindow {
  readonly document: {
    readonly activeElement: PageElement | null;
    readonly documentElement: PageElement;
    readonly body: PageElement;
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): { readonly length: number };
  };
  readonly innerHeight: number;
  getComputedStyle(element: PageElement): { readonly backgroundColor: string };
  requestAnimationFrame(callback: () => void): number;
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (event: CspViolationEvent) => void,
    capture: boolean,
  ): void;
  /** Filled by the CSP watcher's init script. */
  __cspViolations?: CspViolation[];
  axe?: { run(context: unknown, options: object): Promise<AxeResults> };
  /** Would be set by injected markup if it ever ran. */
  __xss?: unknown;
  __pwned?: unknown;
}
