import { createHmac, randomBytes } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Random credentials in the shapes Slack issues, for a sandbox that must not reuse real ones. */
export function randomSlackCredentials(): { signingSecret: string; botToken: string } {
  return {
    signingSecret: randomBytes(16).toString('hex'),
    botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
  };
}
