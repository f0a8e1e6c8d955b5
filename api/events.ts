/**
 * Live updates (`GET /api/events`, server-sent events): whatever a person may see changes, their
 * open console hears of it within a second. Every audit entry and notification announces itself
 * with PostgreSQL NOTIFY from the transaction that writes it (migration 0008); one LISTEN
 * connection per API process fans the announcements out to the signed-in streams, each filtered
 * by the same visibility rules as the case's own GET — one query per event for all who listen. An
 * event names the case and what happened to it, never its content: the console re-reads it.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { type Db, listen } from '../db/index.js';
import { type Visibility, whoSees } from '../db/queries/visibility.js';
import type { Database } from '../db/schema.js';
import type { Actor } from '../domain/roles.js';
import type { AppEnv } from './context.js';

export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('case'), caseType: z.string(), caseId: z.string(), action: z.string() }),
  z.object({ type: z.literal('notification') }),
  z.object({ type: z.literal('resync').describe('the feed was interrupted: re-read everything shown') }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;

type Announcement =
  | { type: 'case'; caseType: string; caseId: string; action: string }
  | { type: 'notification'; user: string | null; role: string | null; city: string | null };

interface Subscriber {
  actor: Actor;
  send(event: LiveEvent): void;
}

const CHANNEL = 'kejin_events';
/** PostgreSQL takes at most 1,664 columns in a select list. */
const COLUMNS_PER_QUERY = 500;
const RETRY_MS = 2_000;

export class LiveEvents {
  private readonly seers = new Map<string, { table: keyof Database; visible: Visibility }>();
  private readonly subscribers = new Set<Subscriber>();
  private connection: Promise<{ close(): Promise<void> } | null> | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db) {}

  /** A resource tells where its cases are and who sees one of them. */
  register(caseType: string, table: keyof Database, visible: Visibility) {
    if (this.seers.has(caseType)) throw new Error(`live events: ${caseType} registered twice`);
    this.seers.set(caseType, { table, visible });
  }

  /**
   * Whether any of these people sees the case, by the rules of its resource (a case type no
   * resource registered counts as seen: whoever asks then leaves the decision to the workflow).
   */
  async sees(caseType: string, caseId: string, people: Actor[]): Promise<boolean> {
    const seer = this.seers.get(caseType);
    if (!seer) return true;
    return (await whoSees(this.db, seer, caseId, people)).some(Boolean);
  }

  /** Starts listening with the first subscriber and stops with the last. */
  subscribe(actor: Actor, send: (event: LiveEvent) => void): () => void {
    const subscriber = { actor, send };
    this.subscribers.add(subscriber);
    this.connection ??= this.connect();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) void this.disconnect();
    };
  }

  /** Ends every stream (the API is shutting down). */
  async close() {
    for (const s of this.subscribers) s.send({ type: 'resync' });
    this.subscribers.clear();
    await this.disconnect();
  }

  private connect(): Promise<{ close(): Promise<void> } | null> {
    return listen(
      this.db,
      CHANNEL,
      (payload) => void this.dispatch(JSON.parse(payload) as Announcement),
      () => this.reconnect(),
    ).catch(() => {
      this.reconnect();
      return null;
    });
  }

  /** The database went away: listen again shortly, and tell the consoles to re-read what they show. */
  private reconnect() {
    if (this.retry || this.subscribers.size === 0) return;
    const broken = this.connection;
    this.connection = null;
    void broken?.then((c) => c?.close());
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.subscribers.size === 0) return;
      this.connection = this.connect();
      void this.connection.then((c) => c && this.broadcast({ type: 'resync' }));
    }, RETRY_MS);
  }

  private async disconnect() {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const connection = this.connection;
    this.connection = null;
    await (await connection)?.close();
  }

  private broadcast(event: LiveEvent) {
    for (const s of this.subscribers) s.send(event);
  }

  private async dispatch(a: Announcement) {
    if (a.type === 'notification') {
      for (const s of this.subscribers)
        if (
          a.user === s.actor.id ||
          (a.role !== null && s.actor.roles.includes(a.role as never) && (a.city === null || a.city === s.actor.city))
        )
          s.send({ type: 'notification' });
      return;
    }
    const seer = this.seers.get(a.caseType);
    if (!seer) return;
    // one query per event, whoever listens: a column per distinct actor (tabs of one person share it)
    const listeners = new Map<string, { actor: Actor; subscribers: Subscriber[] }>();
    for (const s of this.subscribers) {
      const key = JSON.stringify([s.actor.id, s.actor.roles, s.actor.city, s.actor.organizationId]);
      const entry = listeners.get(key) ?? { actor: s.actor, subscribers: [] };
      entry.subscribers.push(s);
      listeners.set(key, entry);
    }
    const groups = [...listeners.values()];
    for (let from = 0; from < groups.length; from += COLUMNS_PER_QUERY) {
      const chunk = groups.slice(from, from + COLUMNS_PER_QUERY);
      const seen = await whoSees(
        this.db,
        seer,
        a.caseId,
        chunk.map((g) => g.actor),
      ).catch(() => []);
      chunk.forEach((g, i) => {
        if (seen[i])
          for (const s of g.subscribers)
            s.send({ type: 'case', caseType: a.caseType, caseId: a.caseId, action: a.action });
      });
    }
  }
}

const KEEP_ALIVE_MS = 25_000;

/** The live feed; it ends when the caller's session does (checked at each keep-alive). */
export function eventRoutes(live: LiveEvents, alive: (sessionId: string) => Promise<boolean>): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['events'],
      summary:
        'Server-sent events: `case` (a case the caller may see changed: re-read it), `notification` (the bell), `resync` (re-read everything)',
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'an endless text/event-stream; each `data:` is one LiveEvent as JSON (`{}` for `ready`)',
          content: {
            'text/event-stream': {
              schema: z.object({
                event: z.enum(['ready', 'case', 'notification', 'resync']),
                data: z.string().describe('the LiveEvent as JSON'),
              }),
            },
          },
        },
        401: { description: 'not signed in' },
      },
    }),
    (c) =>
      streamSSE(c, async (stream) => {
        const unsubscribe = live.subscribe(c.get('actor'), (event) => {
          void stream.writeSSE({ event: event.type, data: JSON.stringify(event) }).catch(() => {});
          if (event.type === 'resync' && !stream.closed) void stream.close();
        });
        stream.onAbort(unsubscribe);
        await stream.writeSSE({ event: 'ready', data: '{}' });
        while (!stream.aborted && !stream.closed) {
          await stream.sleep(KEEP_ALIVE_MS);
          if (!(await alive(c.get('sessionId')).catch(() => true))) break; // logged out or timed out
          await stream.write(': keep-alive\n\n').catch(() => {});
        }
        unsubscribe();
      }) as never,
  );
}
