/**
 * Who is calling, by address: what every throttle (sign-in lock-outs, objections an hour) and the
 * operation log key on. Behind nginx or a WAF every request comes from the proxy, so the address
 * is taken from `X-Forwarded-For` — but only when the connection comes from a proxy named in
 * TRUSTED_PROXIES (addresses or CIDRs); anyone else could write any address there. The header is
 * read from the right: the first address that is not a trusted proxy is the client.
 */
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** ::ffff:10.0.0.1 is 10.0.0.1. */
const plain = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/** The proxies of TRUSTED_PROXIES (`10.0.0.5, 10.1.0.0/16, fd00::/8`); throws in words on a bad entry. */
export function trustedProxies(spec = ''): BlockList {
  const list = new BlockList();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

const trusts = (list: BlockList, address: string) => {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
};

/** The client's address: the socket's, or through trusted proxies the one they were asked by. */
export function clientAddress(c: Context, proxies: BlockList): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    socket = undefined;
  }
  if (!socket) return 'local';
  const remote = plain(socket);
  if (!trusts(proxies, remote)) return remote;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(plain).filter(Boolean);
  const client = [...hops].reverse().find((hop) => !trusts(proxies, hop));
  if (client) return isIP(client) ? client : remote;
  return hops[0] ?? remote; // proxies all the way: the first of them
}
