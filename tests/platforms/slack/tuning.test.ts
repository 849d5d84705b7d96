import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { isBriefbotError } from '../../../src/errors.js';
import { slackTuning } from '../../../src/platforms/slack/app.js';

describe('Slack tuning from the environment', () => {
  it('reads SLACK_ANSWER_QUEUE_MAX and SLACK_RESPONSE_URL_TIMEOUT_MS; empty means the default', () => {
    expect(slackTuning(loadConfig({ SLACK_ANSWER_QUEUE_MAX: '50', SLACK_RESPONSE_URL_TIMEOUT_MS: '2500' }))).toEqual({ answerQueueMax: 50, responseUrlTimeoutMs: 2500 });
    expect(slackTuning(loadConfig({ SLACK_ANSWER_QUEUE_MAX: '', SLACK_RESPONSE_URL_TIMEOUT_MS: ' ' }))).toEqual({});
  });

  it('refuses values that are not whole numbers in range, naming each variable', () => {
    try {
      loadConfig({ SLACK_ANSWER_QUEUE_MAX: '0', SLACK_RESPONSE_URL_TIMEOUT_MS: 'soon' });
      expect.unreachable();
    } catch (err) {
      expect(isBriefbotError(err, 'CONFIG_INVALID')).toBe(true);
      expect((err as Error).message).toContain('SLACK_ANSWER_QUEUE_MAX');
      expect((err as Error).message).toContain('SLACK_RESPONSE_URL_TIMEOUT_MS');
    }
  });
});
