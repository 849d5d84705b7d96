import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/render/slack-actions.js';

// biome-ignore lint/suspicious/noExplicitAny: a manifest read back as untyped JSON, inspected field by field.
const manifest = parse(readFileSync('manifests/slack/manifest.yml', 'utf8')) as Record<string, any>;

describe('manifests/slack/manifest.yml', () => {
  it('declares /brief with a description and usage hint, pointing at /slack/events', () => {
    const [brief] = manifest['features'].slash_commands;
    expect(brief).toMatchObject({ command: '/brief', should_escape: false });
    expect(brief.description.length).toBeGreaterThan(0);
    expect(brief.description.length).toBeLessThanOrEqual(100);
    expect(brief.usage_hint.length).toBeLessThanOrEqual(100);
    expect(brief.url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });

  it('asks for least-privilege bot scopes only', () => {
    expect(manifest['oauth_config'].scopes.bot).toEqual(['commands', 'chat:write', 'users:read', 'channels:read', 'groups:read', 'channels:history', 'groups:history']);
    expect(manifest['oauth_config'].scopes.user).toBeUndefined();
  });

  it('enables interactivity (for the buttons), the Home tab and Socket Mode for development', () => {
    expect(manifest['settings'].interactivity).toMatchObject({ is_enabled: true, request_url: expect.stringMatching(/\/slack\/events$/) });
    expect(manifest['settings'].event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest['features'].app_home.home_tab_enabled).toBe(true);
    expect(manifest['settings'].socket_mode_enabled).toBe(true);
    expect(manifest['display_information'].name).toBe('briefbot');
    expect(Object.values(ACTION_IDS)).toHaveLength(3);
  });
});
