import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { helpContent } from '../../brief/help.js';
import { renderHelpSlack } from '../../render/slack.js';
import type { SlackDeps } from './deps.js';

/** Events API subscriptions (see manifests/slack/manifest.yml). */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', (args) => handleAppHomeOpened(args, deps));
}

/** The Home tab shows how to use the bot. */
export async function handleAppHomeOpened(
  { event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & Pick<AllMiddlewareArgs, 'client'>,
  deps: SlackDeps,
): Promise<void> {
  if (event.tab !== 'home') return;
  const { blocks } = renderHelpSlack(helpContent('/brief'));
  try {
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: blocks as never } });
  } catch (err) {
    deps.logger.warn({ reason: (err as Error).message, user: event.user }, 'slack: views.publish failed');
  }
}
