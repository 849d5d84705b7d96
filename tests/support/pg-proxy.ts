import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy between the bot and PostgreSQL, for fault tests. It forwards until told
 * otherwise:
 *
 *   stall()  connections (open and new) are accepted but nothing is forwarded either way; the
 *            bytes wait, as on a network that stopped moving packets
 *   heal()   forwarding resumes (what waited is delivered); new connections work again
 *   reset()  every open connection is reset (RST), as a server restart or failover does
 *   refuse() new connections are reset as they arrive, until heal()
 */
export interface PgProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  stall(): void;
  heal(): void;
  reset(): void;
  refuse(): void;
  /** Connections open through the proxy now. */
  readonly open: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes held while stalled, each way. */
  toUpstream: Buffer[];
  toClient: Buffer[];
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  let mode: 'forward' | 'stall' | 'refuse' = 'forward';
  const pairs = new Set<Pair>();

  const flush = (p: Pair) => {
    for (const b of p.toUpstream.splice(0)) p.upstream.write(b);
    for (const b of p.toClient.splice(0)) p.client.write(b);
  };

  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (mode === 'refuse') return void client.resetAndDestroy();
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => undefined);
    const pair: Pair = { client, upstream, toUpstream: [], toClient: [] };
    pairs.add(pair);
    client.on('data', (d: Buffer) => (mode === 'forward' ? upstream.write(d) : pair.toUpstream.push(d)));
    upstream.on('data', (d: Buffer) => (mode === 'forward' ? client.write(d) : pair.toClient.push(d)));
    const end = () => {
      pairs.delete(pair);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    urlFor(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    stall: () => void (mode = 'stall'),
    heal() {
      mode = 'forward';
      for (const p of pairs) flush(p);
    },
    reset() {
      for (const p of [...pairs]) {
        p.client.resetAndDestroy();
        p.upstream.resetAndDestroy();
      }
    },
    refuse: () => void (mode = 'refuse'),
    get open() {
      return pairs.size;
    },
    async close() {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
