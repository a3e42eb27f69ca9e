// The live events of GET /api/v1/events (server-sent events), read with fetch() so that the request carries the
// Authorization header (EventSource cannot), parsed from the response's stream. Reconnects by itself; after a
// reconnection the page is told to read everything again ("resync"), since events sent meanwhile are lost.
import { token } from './api.js';

export function connect(onEvent, onState) {
  let controller = null;
  let stopped = false;
  let delay = 1000;
  let connectedBefore = false;

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch('/api/v1/events', {
          headers: { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' },
          signal: controller.signal, cache: 'no-store', credentials: 'omit',
        });
        if (response.status === 401) {
          onEvent('unauthorized', {});
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        await read(response.body.getReader());
      } catch (e) {
        if (stopped) return;
      }
      onState(false);
      await new Promise((resolve) => { setTimeout(resolve, delay); });
      delay = Math.min(delay * 2, 30_000);
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parse(block);
        if (!event) continue;
        if (event.type === 'ready') {
          onState(true);
          delay = 1000;
          onEvent(connectedBefore ? 'resync' : 'ready', event.data);
          connectedBefore = true;
        } else {
          onEvent(event.type, event.data);
        }
      }
    }
  }

  function parse(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a keep-alive comment
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return null;
    try {
      return { type, data: JSON.parse(data.join('\n')) };
    } catch {
      return null;
    }
  }

  run();
  return { close() { stopped = true; if (controller) controller.abort(); } };
}
