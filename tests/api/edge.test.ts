/**
 * The API's edge (api/inputGuard.ts), probed as a careful attacker would: no NUL in an address or a
 * filter answers 500, no body is read whole before it is refused (whatever its content type, and
 * the API's memory stays put under parallel 50 MB bodies), no hostile character reaches a
 * workflow in a key or a value, names are what they look like, and the objection limit holds
 * under parallel letters.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formBody } from '../../scripts/dev/formBody.js';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const MB = 1024 * 1024;

/** Every operation of the API as /openapi.json lists it. */
async function operations() {
  const doc = (await ctx.api.call('GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ path, method: method.toUpperCase() })),
  );
}

/** A body of `bytes` sent as a stream, without Content-Length, produced as it is read. */
function streamOf(bytes: number, chunk = 256 * 1024) {
  let sent = 0;
  const piece = new Uint8Array(chunk).fill(0x61);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk;
      controller.enqueue(piece);
    },
  });
}

describe('the edge: nothing hostile is read or passed on', () => {
  it('answers a NUL in any path id with 400, never 500, for signed-in and anonymous callers', async () => {
    const withId = (await operations()).filter((o) => o.method === 'GET' && o.path.includes('{'));
    expect(withId.length).toBeGreaterThan(12);
    for (const { path } of withId) {
      const url = path.replace(/\{[^}]+\}/g, '%00');
      const res = await ctx.api.call('GET', url, { as: 'admin' });
      expect(res.status, url).toBe(400);
      expect(res.body.message).toMatch(/^地址含有不允许的字符/);
    }
    expect((await ctx.api.call('GET', '/api/public/notices/%00')).status).toBe(400);
    expect((await ctx.api.call('GET', '/api/public/notices/a%C2%85b')).status).toBe(400); // C1 NEL
  });

  it('answers a NUL in any list filter with 422 naming the filter, never 500', async () => {
    // every GET without a path id, but the live feed (a stream that stays open)
    const lists = (await operations()).filter(
      (o) => o.method === 'GET' && !o.path.includes('{') && o.path !== '/api/events',
    );
    const filtered = [];
    for (const { path } of lists) {
      const res = await ctx.api.call('GET', `${path}?filter=${q({ q: 'a\u0000b', status: '\u0000' })}`, {
        as: 'admin',
      });
      expect(res.status, path).not.toBe(500);
      if (res.status === 422) {
        expect(res.body.errors.filter, path).toMatch(/^含有不允许的字符/);
        filtered.push(path);
      }
    }
    expect(filtered.length).toBeGreaterThan(15);
    // and in the address itself, before anything reads it
    expect((await ctx.api.call('GET', '/api/tasks?q=%00', { as: 'admin' })).status).toBe(400);
  });

  it('refuses JSON nested 3,000 levels deep with 400 before walking it, without a login', async () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    const res = await ctx.api.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"username":${deep},"password":"x"}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: object }).errors).toHaveProperty('body');
  });

  it('refuses a body over 1 MB with 413 whatever its content type, and an upload from its Content-Length alone', async () => {
    const big = `{"username":"${'a'.repeat(2 * MB)}","password":"x"}`;
    for (const type of ['Application/JSON', 'application/merge-patch+json', 'application/x+json', 'text/plain', '']) {
      const res = await ctx.api.app.request('/api/auth/login', {
        method: 'POST',
        headers: type ? { 'Content-Type': type } : {},
        body: big,
      });
      expect(res.status, type).toBe(413);
    }
    // an evidence upload saying 50 MB is refused before a byte is read; one that does not say is asked to
    const token = (await ctx.api.call('POST', '/api/auth/login', { body: { username: 'x', password: 'y' } })).status;
    expect(token).toBe(401);
    const declared = await ctx.api.app.request('/api/attachments', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(50 * MB) },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    const unsaid = await ctx.api.app.request('/api/attachments', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: streamOf(50 * MB),
      duplex: 'half',
    } as RequestInit);
    expect(unsaid.status).toBe(411);
  });

  it("keeps the API's memory within 50 MB while three 50 MB bodies arrive at once, unannounced", async () => {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const watch = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const send = (path: string, type: string) =>
      ctx.api.app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: streamOf(50 * MB),
        duplex: 'half',
      } as RequestInit);
    const statuses = await Promise.all([
      send('/api/auth/login', 'application/x+json'), // Hono's JSON validator reads these whole
      send('/api/auth/login', 'application/merge-patch+json'),
      send('/api/auth/login', 'APPLICATION/JSON'),
    ]).then((all) => all.map((r) => r.status));
    clearInterval(watch);
    expect(statuses).toEqual([413, 413, 413]);
    expect((peak - before) / MB).toBeLessThan(50);
  });

  it('refuses a forbidden character in a key or a value, naming the field, and the draft keeps what it had', async () => {
    const data = buildApplication();
    const me = await ctx.api.applicantOf(data);
    const draft = (await me.post('/api/applications', data)).body;
    const edit = (patch: object) =>
      ctx.api.call('PUT', `/api/applications/${draft.id}`, { as: me.username, body: { ...data, ...patch } });
    const key = await edit({ thresholdFigures: { 'a\u0000b': 1 } });
    expect(key.status).toBe(422);
    expect(key.body.errors).toHaveProperty('thresholdFigures');
    for (const [text, what] of [
      ['\ud800', 'a lone surrogate'],
      ['正常\u0085文字', 'a C1 control'],
      ['\u202e反向文字', 'a bidi override'],
      ['a\u0007b', 'a bell'],
    ] as const) {
      const res = await edit({ plan: { ...data.plan, regionalFeatures: text } });
      expect(res.status, what).toBe(422);
      expect(res.body.errors, what).toHaveProperty(['plan.regionalFeatures']);
    }
    const after = await me.get(`/api/applications/${draft.id}`);
    expect(after.body.plan.regionalFeatures).toBe(data.plan.regionalFeatures);
    // tabs and line breaks are ordinary text
    expect((await edit({ plan: { ...data.plan, regionalFeatures: '第一行\n第二行\t（续）' } })).status).toBe(200);
  });

  it('refuses an invisible look-alike name, and stores full-width names as they read (NFKC)', async () => {
    const user = {
      username: `zw_${randomUUID().slice(0, 8)}`,
      displayName: '系统管理员\u200b',
      roles: ['expert'],
      password: 'Kejin-Test-2026!',
    };
    const twin = await as('admin').post('/api/users', user);
    expect(twin.status).toBe(422);
    expect(twin.body.errors.displayName).toMatch(/^名称中不允许不可见字符/);
    const id = `nfkc-${randomUUID().slice(0, 8)}`;
    const org = await as('admin').post('/api/organizations', { id, name: 'ＡＢＣ科技金融服务中心' });
    expect(org.status).toBe(201);
    expect(org.body.name).toBe('ABC科技金融服务中心');
  });
});

describe('security headers', () => {
  it('sends a policy without inline script, no framing, no sniffing and no referrer to other sites, on every answer', async () => {
    for (const res of [
      await ctx.api.app.request('/api/public/notices'),
      await ctx.api.app.request('/api/tasks'),
      await ctx.api.app.request('/api/no-such-route'),
    ]) {
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      const script = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(script.trim()).toBe("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    }
  });
});

describe('the objection limit (DOMAIN §9)', () => {
  it('accepts five of eight parallel letters from one address and refuses three, each letter refused for its content giving its turn back', async () => {
    const data = buildApplication({ applicantKind: 'provincial_unit' });
    const { id } = await ctx.api.submittedCase(data);
    const task = (await as('province_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
    await as('province_reviewer').post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意纳入' });
    const board = await ctx.api.call('GET', `/api/public/notices?filter=${q({ q: data.orgName })}`);
    const notice = board.body.find((n: { items: { id: string }[] }) => n.items.some((i) => i.id === id));
    const from = `10.88.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const letter = async (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      form.set('letter', new File([Buffer.from('%PDF-1.4\n% 异议书\n%%EOF\n')], '异议书.pdf'));
      const res = await ctx.api.app.request(
        `/api/public/notices/${notice.id}/objections`,
        { method: 'POST', ...(await formBody(form)) },
        { incoming: { socket: { remoteAddress: from } } },
      );
      return res.status;
    };
    const valid = { kind: 'person', itemId: id, content: '服务团队与申报不符', phone: '13912345678', realName: '赵六' };
    // a letter refused for what it says does not use up one of the five
    expect(await letter({ ...valid, realName: '' })).toBe(422);
    const statuses = await Promise.all(Array.from({ length: 8 }, () => letter(valid)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});
