import { describe, expect, it } from 'vitest';
import { RendererEvents } from '../../src-main/electron/adapters/renderer-events';

function target() {
  const sent: string[] = [];
  return {
    sent,
    send: (channel: string, payload: unknown) => sent.push(`${channel} ${JSON.stringify(payload)}`),
  };
}

describe('RendererEvents', () => {
  it('delivers to a loaded page', () => {
    const events = new RendererEvents();
    const page = target();
    events.attach(page);
    events.send({ channel: 'inbox:changed', payload: { reason: 'live' } });
    expect(page.sent).toEqual(['inbox:changed {"reason":"live"}']);
  });

  it('keeps the last toast click for a page that is still loading, and drops the rest', () => {
    const events = new RendererEvents();
    events.send({ channel: 'inbox:changed', payload: { reason: 'live' } });
    events.send({ channel: 'inbox:reveal', payload: { id: 'a' } });
    events.send({ channel: 'inbox:reveal', payload: { id: 'b' } });
    const page = target();
    events.attach(page);
    expect(page.sent).toEqual(['inbox:reveal {"id":"b"}']);
  });

  it('holds events back while the page reloads', () => {
    const events = new RendererEvents();
    const page = target();
    events.attach(page);
    events.detach();
    events.send({ channel: 'inbox:changed', payload: { reason: 'live' } });
    expect(page.sent).toEqual([]);
  });
});
