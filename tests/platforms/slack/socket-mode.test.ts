import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const hooks = fileURLToPath(new URL('../../support/register-ts.mjs', import.meta.url));

/** Frames Slack never sends, or sends only well-formed: none may crash or wedge the bot. */
const MALFORMED: { what: string; frame: string }[] = [
  { what: 'JSON null', frame: 'null' },
  { what: 'a JSON array', frame: '[]' },
  { what: 'a JSON string', frame: '"hello"' },
  { what: 'not JSON', frame: '{"type": "slash_commands", ' },
  { what: 'an empty object', frame: '{}' },
  { what: 'a null type', frame: '{"type":null,"envelope_id":"m0"}' },
  { what: 'events_api without a payload', frame: '{"type":"events_api","envelope_id":"m1"}' },
  { what: 'events_api with a null payload', frame: '{"type":"events_api","envelope_id":"m2","payload":null}' },
  { what: 'events_api without its event', frame: '{"type":"events_api","envelope_id":"m3","payload":{"type":"event_callback"}}' },
  { what: 'events_api with a null event', frame: '{"type":"events_api","envelope_id":"m4","payload":{"type":"event_callback","event":null}}' },
  { what: 'app_home_opened without a user', frame: '{"type":"events_api","envelope_id":"m5","payload":{"type":"event_callback","event":{"type":"app_home_opened"}}}' },
  { what: 'slash_commands with a null payload', frame: '{"type":"slash_commands","envelope_id":"m6","payload":null}' },
  { what: 'slash_commands without a payload', frame: '{"type":"slash_commands","envelope_id":"m7"}' },
  { what: 'slash_commands missing its fields', frame: '{"type":"slash_commands","envelope_id":"m8","payload":{"command":"/brief"}}' },
  { what: 'slash_commands with a number for text', frame: '{"type":"slash_commands","envelope_id":"m9","payload":{"command":"/brief","text":5,"team_id":"T","channel_id":"C","user_id":"U","response_url":"http://127.0.0.1:1/x"}}' },
  { what: 'interactive with a null payload', frame: '{"type":"interactive","envelope_id":"m10","payload":null}' },
  { what: 'block_actions without a user', frame: '{"type":"interactive","envelope_id":"m11","payload":{"type":"block_actions","actions":[{"type":"button","action_id":"x"}]}}' },
  { what: 'an unknown type', frame: '{"type":"surprise","envelope_id":"m12","payload":{}}' },
  { what: 'no envelope id', frame: '{"type":"slash_commands","payload":{}}' },
  { what: 'a second hello', frame: '{"type":"hello"}' },
];

/**
 * Socket Mode end to end: `briefbot serve` as its own process with an app token, connected to the
 * Slack stand-in's Socket Mode (a real websocket on loopback). Commands arrive as envelopes and are
 * answered; every malformed frame above is dropped with a log line, and the same process answers
 * the next command. The bot's log must show no unhandled rejection: the frames are handled, not
 * merely survived by the process-level guard.
 */
describe('Socket Mode: malformed frames over a real websocket', () => {
  let slack: SlackStandIn;
  let child: ChildProcess;
  let log = '';
  let varDir: string;

  beforeAll(async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    varDir = mkdtempSync(join(tmpdir(), 'briefbot-socket-'));
    child = spawn(process.execPath, ['--import', hooks, 'src/cli.ts', 'serve'], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_LEVEL: 'info',
        PORT: '0',
        VAR_DIR: varDir,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_APP_TOKEN: slack.socketMode.appToken,
        SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await slack.socketMode.waitFor(() => slack.socketMode.open > 0, 30_000);
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
    await slack.stop();
    rmSync(varDir, { recursive: true, force: true });
  });

  async function askOverSocket(text: string): Promise<string> {
    const { responseUrl } = await slack.sendCommandOverSocket({ text });
    const answer = await slack.waitFor(() => slack.messages.find((m) => m.responseUrl === responseUrl && m.via === 'response_url'), 15_000);
    return answer.text;
  }

  it('answers a command that arrives as a slash_commands envelope', async () => {
    expect(await askOverSocket('kenya')).toMatch(/kenya/i);
  });

  it('drops every malformed frame, stays connected, and answers the next command', async () => {
    const accepted = slack.socketMode.accepted;
    for (const m of MALFORMED) slack.socketMode.sendRaw(m.frame);
    slack.socketMode.sendBinary(Buffer.from([0, 1, 2, 255]));
    expect(await askOverSocket('malaysia')).toMatch(/malaysia/i);
    expect(child.exitCode).toBeNull();
    // Same connection: nothing made the client drop and reconnect.
    expect(slack.socketMode.accepted).toBe(accepted);
    // Each dropped envelope is logged with why (no payload in the log).
    // Each dropped frame is logged with why (never its payload); the log comes over a pipe, so wait for it.
    const dropped = () => log.match(/slack: socket frame dropped/g)?.length ?? 0;
    for (let i = 0; i < 50 && dropped() < MALFORMED.length; i++) await new Promise((r) => setTimeout(r, 100));
    // All but the second hello, plus the binary frame.
    expect(dropped()).toBe(MALFORMED.length - 1 + 1);
    expect(log).not.toMatch(/unhandled promise rejection|uncaught exception|handling a socket frame failed/);
  });
});
