import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const SOCKET_MODE_PATH = '/socket-mode/link';

export interface SocketAck {
  envelopeId: string;
  payload: unknown;
}

/**
 * Slack's Socket Mode, standing in on the Slack stand-in's port: `apps.connections.open` (called
 * with the app-level token) answers a ws:// URL here; a client that connects gets Slack's `hello`,
 * then whatever frames the test sends (well-formed envelopes or anything at all), and its acks
 * (`{ envelope_id, payload }`) are recorded. Loopback only: nothing here is authenticated beyond
 * the app token in `apps.connections.open`, as the URL it hands out is single-use at Slack too.
 */
export class SocketModeStandIn {
  readonly appToken = `xapp-1-sandbox-${randomBytes(12).toString('hex')}`;
  readonly acks: SocketAck[] = [];
  /** Frames from the client that were not acks (kept for tests to inspect). */
  readonly received: string[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly links = new Set<string>();
  private readonly events = new EventEmitter();
  private connections = 0;

  constructor(private readonly baseUrl: () => string) {
    this.events.setMaxListeners(0);
  }

  /** apps.connections.open: a fresh single-use link. */
  openLink(): string {
    const ticket = randomBytes(8).toString('hex');
    this.links.add(ticket);
    return `${this.baseUrl().replace(/^http/, 'ws').replace(/\/$/, '')}${SOCKET_MODE_PATH}?ticket=${ticket}`;
  }

  /** The HTTP server's 'upgrade' handler. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== SOCKET_MODE_PATH || !this.links.delete(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      this.connections += 1;
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('error', () => undefined);
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        let frame: { envelope_id?: unknown; payload?: unknown } | undefined;
        try {
          frame = JSON.parse(text) as typeof frame;
        } catch {
          frame = undefined;
        }
        if (frame && typeof frame.envelope_id === 'string') this.acks.push({ envelopeId: frame.envelope_id, payload: frame.payload });
        else this.received.push(text);
        this.events.emit('change');
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'stand-in' }, connection_info: { app_id: 'A0BRIEFBOT' } }));
      this.events.emit('change');
    });
  }

  /** Sockets open now. */
  get open(): number {
    return this.sockets.size;
  }

  /** Connections accepted so far (a reconnect counts again). */
  get accepted(): number {
    return this.connections;
  }

  /** Any text at all, to every connected client (malformed frames included, on purpose). */
  sendRaw(text: string): void {
    for (const ws of this.sockets) ws.send(text);
  }

  /** A binary frame, which Slack never sends. */
  sendBinary(bytes: Buffer): void {
    for (const ws of this.sockets) ws.send(bytes, { binary: true });
  }

  /** A well-formed envelope; resolves with its ack's payload, or rejects after `timeoutMs` without one. */
  async sendEnvelope(type: string, payload: unknown, timeoutMs = 5_000): Promise<SocketAck> {
    const envelopeId = randomBytes(8).toString('hex');
    this.sendRaw(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    return this.waitFor(() => this.acks.find((a) => a.envelopeId === envelopeId), timeoutMs);
  }

  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const now = predicate();
    if (now) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('change', check);
        reject(new Error(`socket-mode stand-in: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const v = predicate();
        if (!v) return;
        clearTimeout(timer);
        this.events.off('change', check);
        resolve(v);
      };
      this.events.on('change', check);
    });
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
