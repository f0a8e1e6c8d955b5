/**
 * Everything Kejin hands to Temporal — workflow inputs, Update and signal arguments, results,
 * queries, memos, activity inputs and outputs — is sealed with AES-256-GCM before it leaves the
 * process, so the Temporal server's store (and its UI) holds ciphertext: no objector's name or
 * phone, no opinion, no score. Each sealed payload names its key (`encryption-key-id`), so keys
 * rotate: the first of PAYLOAD_KEYS seals, every one listed opens. A payload without the marker
 * (a case started before the codec) is read as it is.
 *
 * PAYLOAD_KEYS: `id:base64-of-32-bytes[,id:…]` (openssl rand -base64 32). Without it, the demo's
 * key, known to everyone, which scripts/prod/config.ts refuses outside demo mode.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const ProtoPayload = proto.temporal.api.common.v1.Payload;
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
/** The demo's key: refused outside demo mode (scripts/prod/config.ts). */
export const DEV_PAYLOAD_KEYS = `dev:${createHash('sha256').update('kejin-dev-payload-key').digest('base64')}`;

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** Parses PAYLOAD_KEYS; throws in words on a malformed list. */
export function parsePayloadKeys(spec: string): { id: string; key: Buffer }[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (at < 1 || key.length !== 32) throw new Error(`PAYLOAD_KEYS: "${id || entry}" needs id:base64 of 32 bytes`);
      return { id, key };
    });
  if (!keys.length) throw new Error('PAYLOAD_KEYS: no key');
  return keys;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly current: { id: string; key: Buffer };
  private readonly byId: Map<string, Buffer>;
  constructor(keys: { id: string; key: Buffer }[]) {
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const sealed = Buffer.concat([cipher.update(ProtoPayload.encode(payload).finish()), cipher.final()]);
      return {
        metadata: { encoding: bytes(ENCRYPTED_ENCODING), [KEY_ID]: bytes(this.current.id) },
        data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID]) ?? '';
      const key = this.byId.get(id);
      if (!key) throw new Error(`payload sealed with an unknown key "${id}" (PAYLOAD_KEYS)`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const opened = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return ProtoPayload.decode(opened) as Payload;
    });
  }
}

/** The codec of this process's keys (PAYLOAD_KEYS, or the demo's). */
export const payloadCodec = (spec = process.env.PAYLOAD_KEYS ?? DEV_PAYLOAD_KEYS) =>
  new EncryptionCodec(parsePayloadKeys(spec));

/** The data converter of every Kejin client and worker. */
export const dataConverter = (spec?: string): DataConverter => ({ payloadCodecs: [payloadCodec(spec)] });
