import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { readInBackground } from './dataProvider';
import { readSession } from './session';

const BATCH_MS = 250;
const RETRY_MS = 3_000;

/**
 * Keeps what is on screen current: listens to `GET /api/events` (server-sent events, read with
 * fetch so the bearer token travels in a header) and re-reads the shown lists, case pages,
 * counters and the bell when anything the user may see changes — within a second of anyone's
 * action. Reconnects by itself; after a gap it re-reads everything. These re-reads are not the
 * person's activity: a console left open signs out after the idle timeout like any other.
 */
export function useLiveUpdates() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void readInBackground(() => queryClient.invalidateQueries()), BATCH_MS);
    };
    const follow = async () => {
      while (!stop.signal.aborted) {
        try {
          const token = readSession()?.token;
          if (!token) return;
          const res = await fetch('/api/events', {
            headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
            signal: stop.signal,
          });
          if (res.status === 401 || !res.body) return;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            const frames = buffer.split('\n\n');
            buffer = frames.pop() ?? '';
            for (const frame of frames) {
              const event = frame.match(/^event: (.*)$/m)?.[1];
              if (event && event !== 'ready') refresh(); // case, notification, resync
            }
          }
        } catch {
          if (stop.signal.aborted) return;
        }
        refresh(); // the feed broke: what happened meanwhile was not heard
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    };
    void follow();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [queryClient]);
}
