/**
 * The codec server for Temporal's own tools (the UI's "codec server" setting, the CLI's
 * `--codec-endpoint … --codec-auth "Bearer <token>"`): what Temporal stores is sealed
 * (activities/payloadCodec.ts); administrators and auditors, signed in, read it here in clear. The
 * format is Temporal's remote codec protocol: payloads as JSON, metadata values and data in base64.
 * Everyone else gets 403 (api/policy.ts), and each read is in the operation log.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';
import type { ApiDeps, AppEnv } from '../context.js';
import { json } from '../openapi.js';
import { validationHook } from '../validation.js';

const WirePayload = z.object({
  metadata: z.record(z.string(), z.string().max(1_000)).default({}).describe('values in base64'),
  data: z.string().max(8_000_000).default('').describe('base64'),
});
const Payloads = z.object({ payloads: z.array(WirePayload).max(1_000) });

const fromWire = (p: z.infer<typeof WirePayload>): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
const toWire = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function temporalCodecRoutes({ temporal }: ApiDeps): OpenAPIHono<AppEnv> {
  // the API's own client's codecs: what it seals, this opens
  const codecs = temporal.options.loadedDataConverter.payloadCodecs;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const direction of ['decode', 'encode'] as const)
    app.openapi(
      createRoute({
        method: 'post',
        path: `/${direction}`,
        tags: ['temporal-codec'],
        security: [{ bearer: [] }],
        summary:
          direction === 'decode'
            ? "Opens sealed Temporal payloads (the Temporal UI's and CLI's codec server; administrators and auditors)"
            : 'Seals payloads as Kejin does (the codec server protocol asks for both)',
        request: { body: { ...json(Payloads), required: true } },
        responses: {
          200: { description: 'the payloads', ...json(Payloads) },
          403: { description: 'administrators and auditors only' },
        },
      }),
      async (c) => {
        let payloads = c.req.valid('json').payloads.map(fromWire);
        const ordered = direction === 'decode' ? [...codecs].reverse() : codecs;
        for (const codec of ordered) payloads = await codec[direction](payloads);
        c.set('operation', { action: `temporal-codec.${direction}`, detail: { payloads: payloads.length } });
        return c.json({ payloads: payloads.map(toWire) }, 200);
      },
    );
  return app;
}
