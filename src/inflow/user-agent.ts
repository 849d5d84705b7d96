import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a site operator who sees us in their logs can read what the bot is and how to stop it. */
export const BOT_INFO_URL = 'https://github.com/briefbot/briefbot#briefbot-add';

/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'briefbot';

let cached: string | undefined;

/** `briefbot/<version> (+<info url>)`; the version read from the package that is running. */
export function defaultUserAgent(): string {
  cached ??= `${ROBOTS_AGENT}/${packageVersion()} (+${BOT_INFO_URL})`;
  return cached;
}

function packageVersion(): string {
  // Walk up from this file: it runs from src/ under vitest and from dist/src/ when built.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'briefbot' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return '0';
}
