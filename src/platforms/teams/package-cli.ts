import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBriefbotError } from '../../errors.js';
import { colorIcon, outlineIcon } from './icons.js';
import { buildTeamsPackage } from './package.js';

/**
 * `npm run package:teams [-- --dummy]`: dist/teams/briefbot.zip from manifests/teams, with
 * MicrosoftAppId and BOT_DOMAIN from the environment.
 * `npm run icons:teams`: redraws manifests/teams/color.png and outline.png.
 * Run from the project root (npm scripts are).
 */
async function main(argv: string[]): Promise<number> {
  const root = process.cwd();
  const manifestDir = join(root, 'manifests', 'teams');
  if (argv[0] === 'icons') {
    writeFileSync(join(manifestDir, 'color.png'), colorIcon());
    writeFileSync(join(manifestDir, 'outline.png'), outlineIcon());
    process.stdout.write(`wrote ${join('manifests', 'teams', 'color.png')} and outline.png\n`);
    return 0;
  }
  const dummy = argv.includes('--dummy');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  try {
    const result = await buildTeamsPackage({
      manifestDir,
      outFile: join(root, 'dist', 'teams', 'briefbot.zip'),
      env: process.env,
      version,
      dummy,
    });
    process.stdout.write(
      `${result.file}: ${result.bytes} bytes, manifest valid against ${String(result.manifest['$schema'])}` +
        (dummy ? '\n(dummy app id and domain: for local validation only, do not upload)\n' : '\n'),
    );
    return 0;
  } catch (err) {
    if (isBriefbotError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
