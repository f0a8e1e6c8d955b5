/** A live feed (`GET /api/events`) as a test reads it: the events heard so far, and a wait for one. */
export async function readEvents(open: (signal: AbortSignal) => Response | Promise<Response>, who: string) {
  const stop = new AbortController();
  const res = await open(stop.signal);
  if (res.status !== 200 || !res.body) throw new Error(`events ${who}: ${res.status}`);
  const heard: { event: string; data: any; at: number }[] = [];
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const frame of frames) {
        const event = frame.match(/^event: (.*)$/m)?.[1];
        const data = frame.match(/^data: (.*)$/m)?.[1];
        if (event) heard.push({ event, data: data ? JSON.parse(data) : null, at: Date.now() });
      }
    }
  })();
  const until = async (found: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!found() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    return found();
  };
  await until(() => heard.some((h) => h.event === 'ready'), 5_000);
  return {
    heard,
    /** The first event matching, waited for up to `ms`; undefined when none came. */
    async next(match: (h: (typeof heard)[number]) => boolean, ms = 5_000) {
      await until(() => heard.some(match), ms);
      return heard.find(match);
    },
    async close() {
      stop.abort();
      await reader.cancel().catch(() => {});
      await reading;
    },
  };
}
