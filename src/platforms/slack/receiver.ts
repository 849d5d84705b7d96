import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthorizationError, HTTPResponseAck, type App, type BufferedIncomingMessage, type Receiver } from '@slack/bolt';
import { readBody } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { boltLogger } from './bolt-logger.js';
import { isRejection, isSslCheck, MAX_BODY_BYTES, mediaTypeOf, parseSlackRequest, requestKey, verifySignature, type Rejection } from './request.js';

/** Bolt's context key our listeners read the request key from (see requestKey in request.ts). */
export const REQUEST_KEY = 'requestKey';

/**
 * Slack's HTTP transport, mounted on our one server at POST /slack/events. It replaces Bolt's
 * HTTPReceiver, whose handler parses inside a detached async function with no catch around
 * `body.ssl_check`: one signed `null` killed the process. Here every request is read with a cap,
 * verified, parsed and validated (request.ts) before Bolt sees it; whatever is wrong gets a 4xx
 * with the reason logged, and the process carries on. Acks are Bolt's own HTTPResponseAck.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private readonly log: Logger;

  constructor(
    private readonly options: { signingSecret: string; logger: Logger; now?: () => number },
  ) {
    this.log = options.logger.child({ component: 'slack-receiver' });
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The route handler. Never throws for anything a client sends. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return this.tooLarge(req, res);
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if ((err as { status?: number }).status === 413) return this.tooLarge(req, res);
      return this.reject(res, { status: 400, reason: 'body could not be read' });
    }
    const media = mediaTypeOf(req.headers['content-type']);
    if (isRejection(media)) return this.reject(res, media);
    if (isSslCheck(media, raw)) return void res.writeHead(200).end();
    const unverified = verifySignature(req.headers, raw, this.options.signingSecret, (this.options.now ?? Date.now)());
    if (unverified) return this.reject(res, unverified);
    const request = parseSlackRequest(media, raw);
    if (isRejection(request)) return this.reject(res, request);

    switch (request.kind) {
      case 'url_verification':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: request.challenge }));
      case 'ignored':
        this.log.debug({ what: request.what }, 'slack: acknowledged a request nothing here listens for');
        return void res.writeHead(200).end();
      default:
        return this.dispatch(req, res, request.body, requestKey(request, raw), raw);
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: object, key: string, raw: Buffer): Promise<void> {
    if (!this.app) return this.reject(res, { status: 400, reason: 'not ready' });
    const buffered = Object.assign(req, { rawBody: raw }) as BufferedIncomingMessage;
    const ack = new HTTPResponseAck({
      logger: boltLogger(this.log),
      processBeforeResponse: false,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
      unhandledRequestHandler: ({ response }) => {
        this.log.warn({ key }, 'slack: a request was not acknowledged within 3 s');
        if (!response.headersSent) response.writeHead(404).end();
      },
    });
    const retry = req.headers['x-slack-retry-num'];
    const retryNum = typeof retry === 'string' && /^\d{1,3}$/.test(retry) ? Number(retry) : undefined;
    const reason = req.headers['x-slack-retry-reason'];
    try {
      await this.app.processEvent({
        body: body as Record<string, unknown>,
        ack: ack.bind(),
        ...(retryNum !== undefined ? { retryNum } : {}),
        ...(typeof reason === 'string' ? { retryReason: reason.slice(0, 64) } : {}),
        customProperties: { [REQUEST_KEY]: key },
      });
    } catch (err) {
      // The input was valid, so this is ours: logged with the request key, never the body.
      this.log.error({ err, key }, 'slack: processing a request failed');
      ack.ack();
      if (!res.headersSent) res.writeHead(err instanceof AuthorizationError ? 401 : 500).end();
    }
  }

  /** 413 without reading the rest; the connection is closed after, since its unread bytes make it useless. */
  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    this.log.warn({ status: 413, reason: 'body too large', limit: MAX_BODY_BYTES }, 'slack: request refused');
    if (res.headersSent) return void req.socket.destroy();
    res.on('finish', () => req.socket.destroy());
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('body too large');
  }

  private reject(res: ServerResponse, r: Rejection): void {
    this.log.warn({ status: r.status, reason: r.reason }, 'slack: request refused');
    if (!res.headersSent) res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' });
    if (!res.writableEnded) res.end(r.reason);
  }
}
