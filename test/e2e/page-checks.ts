// What every screen is held to: no CSP violation, no script error, no axe violation; and the
// screenshots people look at to judge the design.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { CspViolation, PageWindow } from './page-types';

export const artifactsDir = resolve(import.meta.dirname, '../artifacts');

export type { CspViolation } from './page-types';

export interface PageProblems {
  /** Uncaught errors, console errors and CSP reports seen so far. */
  readonly errors: string[];
  cspViolations(): Promise<CspViolation[]>;
}

/**
 * Records `securitypolicyviolation` events (from an init script, so nothing the app does first is
 * missed), uncaught exceptions and console errors.
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageWindow;
    const seen: CspViolation[] = [];
    Object.defineProperty(w, '__cspViolations', { value: seen });
    w.addEventListener(
      'securitypolicyviolation',
      (e) =>
        seen.push({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          source: `${e.sourceFile}:${e.lineNumber}`,
        }),
      true,
    );
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`http ${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    errors,
    cspViolations: () =>
      page.evaluate(() => [...((globalThis as unknown as PageWindow).__cspViolations ?? [])]),
  };
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page as it is. axe is evaluated through the DevTools protocol rather than
 * added as a <script> tag: the page's CSP (script-src 'self') rightly refuses inline scripts,
 * and loosening it for the test would hide the violations this suite looks for.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const w = globalThis as unknown as PageWindow;
    if (!w.axe) throw new Error('axe-core did not load');
    const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
}

/** Saves a PNG under test/artifacts/ (git-ignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}
