import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { BriefbotError } from '../../errors.js';
import { pngInfo } from './icons.js';

/**
 * Builds the Teams app package (manifest.json + the two icons, zipped) from
 * manifests/teams/manifest.json, filling its `${{NAME}}` placeholders, and validates the result
 * offline against the manifest schema bundled with @microsoft/app-manifest.
 */

/** Documented stand-ins for a package that is only validated locally, never uploaded. */
export const DUMMY_VALUES = {
  MicrosoftAppId: '00000000-0000-0000-0000-000000000000',
  BOT_DOMAIN: 'briefbot.example.com',
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export interface PackageOptions {
  /** Where manifest.json, color.png and outline.png are. */
  manifestDir: string;
  outFile: string;
  /** MicrosoftAppId and BOT_DOMAIN (the public host of the messaging endpoint). */
  env: Record<string, string | undefined>;
  /** Semantic version of the app (package.json's). */
  version: string;
  /** Fill the documented dummy values instead of failing when env values are missing. */
  dummy?: boolean;
}

export interface PackageResult {
  file: string;
  manifest: Record<string, unknown>;
  bytes: number;
}

export async function buildTeamsPackage(options: PackageOptions): Promise<PackageResult> {
  const values = placeholderValues(options);
  const template = await readFile(join(options.manifestDir, 'manifest.json'), 'utf8');
  const filled = fillPlaceholders(template, values);
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const problems = await validateManifest(manifest);

  const icons = manifest['icons'] as { color: string; outline: string };
  const color = await readFile(join(options.manifestDir, icons.color));
  const outline = await readFile(join(options.manifestDir, icons.outline));
  problems.push(...iconProblems(color, 192, 'color'), ...iconProblems(outline, 32, 'outline'));
  if (problems.length > 0) {
    throw new BriefbotError('TEAMS_MANIFEST_INVALID', { problems });
  }

  const zip = new JSZip();
  zip.file('manifest.json', filled);
  zip.file(icons.color, color);
  zip.file(icons.outline, outline);
  const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  await mkdir(dirname(options.outFile), { recursive: true });
  await writeFile(options.outFile, data);
  return { file: options.outFile, manifest, bytes: data.length };
}

export function placeholderValues(options: Pick<PackageOptions, 'env' | 'dummy' | 'version'>): Record<string, string> {
  const appId = options.env['MicrosoftAppId']?.trim() || (options.dummy ? DUMMY_VALUES.MicrosoftAppId : undefined);
  if (appId === undefined) throw new BriefbotError('TEAMS_APP_ID_MISSING');
  const domain = options.env['BOT_DOMAIN']?.trim() || (options.dummy ? DUMMY_VALUES.BOT_DOMAIN : undefined);
  const problems: string[] = [];
  if (!GUID.test(appId)) problems.push(`MicrosoftAppId must be the Azure Bot's app id (a GUID), got "${appId}"`);
  if (domain === undefined) problems.push('BOT_DOMAIN is not set: give the host name of your messaging endpoint (e.g. briefbot.contoso.com)');
  else if (!HOSTNAME.test(domain)) problems.push(`BOT_DOMAIN must be a bare host name such as briefbot.contoso.com, got "${domain}"`);
  if (problems.length > 0) throw new BriefbotError('TEAMS_MANIFEST_INVALID', { problems });
  return { MicrosoftAppId: appId.toLowerCase(), BOT_DOMAIN: domain!.toLowerCase(), APP_VERSION: options.version };
}

/** Replaces every `${{NAME}}`; a placeholder without a value is an error, never left in. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  const missing = new Set<string>();
  const out = template.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) {
      missing.add(name);
      return '';
    }
    // Values land inside JSON strings.
    return JSON.stringify(v).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new BriefbotError('TEAMS_MANIFEST_INVALID', { problems: [...missing].map((n) => `no value for the placeholder \${{${n}}}`) });
  }
  return out;
}

/** Offline: the schema named by `$schema` is read from @microsoft/app-manifest's bundled copies. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schemaUrl = manifest['$schema'];
  if (typeof schemaUrl !== 'string' || !/\/json-schemas\/teams\/v1\.(1[7-9]|[2-9]\d)\//.test(schemaUrl)) {
    return [`$schema must name a Teams manifest schema 1.17 or later, got ${JSON.stringify(schemaUrl)}`];
  }
  const failures = await AppManifestUtils.validateAgainstSchema(manifest as never);
  return failures.map((f) => `manifest.json${f}`);
}

function iconProblems(png: Buffer, size: number, name: string): string[] {
  const info = pngInfo(png);
  if (!info) return [`${name} icon is not a PNG`];
  const problems: string[] = [];
  if (info.width !== size || info.height !== size) problems.push(`${name} icon must be ${size}×${size}, is ${info.width}×${info.height}`);
  if (name === 'outline' && info.colorType !== 6) problems.push('outline icon must have an alpha channel (white on transparent)');
  return problems;
}
