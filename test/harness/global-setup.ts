import { ensureHubBuilt } from '../../scripts/hub-build.mjs';

/** Builds the reference hub once before any suite starts one. */
export default function setup(): void {
  ensureHubBuilt();
}
