/**
 * The live quiz islands' connection: server-sent events, which the browser reconnects by itself
 * (the server's first event after a reconnect is the whole current view). If the stream is
 * refused outright (the browser gives up on an error status), the view is polled every 2 s and
 * the stream tried again, so a screen never freezes.
 */
const POLL_MS = 2000;

export function followLive<V>(
  url: string,
  onView: (view: V) => void,
  onConnected: (connected: boolean) => void,
): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const open = () => {
    source = new EventSource(url);
    source.addEventListener('state', (e) => {
      onConnected(true);
      onView(JSON.parse((e as MessageEvent<string>).data) as V);
    });
    source.onerror = () => {
      onConnected(false);
      if (source?.readyState === EventSource.CLOSED && !stopped) timer = setTimeout(poll, POLL_MS);
    };
  };
  const poll = async () => {
    if (stopped) return;
    try {
      const res = await fetch(url.replace('/events', '/state'), { headers: { Accept: 'application/json' } });
      if (res.ok) {
        onView((await res.json()) as V);
        open();
        return;
      }
    } catch {
      // still away
    }
    timer = setTimeout(poll, POLL_MS);
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
