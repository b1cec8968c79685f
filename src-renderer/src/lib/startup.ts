// The first thing the page does, before the rest of the renderer is evaluated: one call for
// everything the first screen shows (session, settings, groups, the first inbox page). Main
// answers while this window sets up its formatters and components, and the inbox can be drawn
// after a single round trip. main.ts imports this module first; the app takes the answer over.
import type { AppStart, InboxQuery } from './api';
import { herald } from './api';
import { NO_FILTERS, pageQuery } from '../state/inbox-query';

export interface Startup {
  /** The query the inbox page in the answer was listed with. */
  readonly inboxQuery: InboxQuery;
  readonly answer: Promise<AppStart>;
}

const inboxQuery = pageQuery(NO_FILTERS, 0);
const answer = herald().app.start({ inbox: inboxQuery });
// Whoever takes the answer over handles a failure; until then it is not unhandled.
answer.catch(() => undefined);

export const startup: Startup = { inboxQuery, answer };
