import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../../src/errors.js';
import { colorIcon, outlineIcon, pngInfo } from '../../../src/platforms/teams/icons.js';
import { DUMMY_VALUES, buildTeamsPackage, fillPlaceholders, validateManifest } from '../../../src/platforms/teams/package.js';

const MANIFESTS = join(process.cwd(), 'manifests', 'teams');
const APP_ID = '8f7a2c1e-3b4d-4e5f-9a0b-1c2d3e4f5a6b';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefbot-teams-'));
  cpSync(MANIFESTS, join(dir, 'm'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const build = (env: Record<string, string | undefined>, dummy = false) =>
  buildTeamsPackage({ manifestDir: join(dir, 'm'), outFile: join(dir, 'out', 'briefbot.zip'), env, version: '1.2.3', dummy });

describe('Teams app package', () => {
  it('fills the placeholders, validates offline against the bundled schema and zips manifest + icons', async () => {
    const result = await build({ MicrosoftAppId: APP_ID, BOT_DOMAIN: 'briefbot.contoso.com' });
    const zip = await JSZip.loadAsync(readFileSync(result.file));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    // biome-ignore lint/suspicious/noExplicitAny: a manifest read back as untyped JSON, inspected field by field.
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, any>;
    expect(manifest['id']).toBe(APP_ID);
    expect(manifest['version']).toBe('1.2.3');
    expect(manifest['bots'][0].botId).toBe(APP_ID);
    expect(manifest['bots'][0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest['bots'][0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['brief', 'sources', 'add', 'alert', 'digest', 'help']);
    expect(manifest['validDomains']).toEqual(['briefbot.contoso.com']);
    expect(Number(manifest['manifestVersion'])).toBeGreaterThanOrEqual(1.17);
    expect(await validateManifest(manifest)).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('fails clearly without MicrosoftAppId, and builds with the documented dummy values when asked', async () => {
    await expect(build({})).rejects.toSatisfy((e: unknown) => isBriefbotError(e, 'TEAMS_APP_ID_MISSING'));
    const result = await build({}, true);
    expect(result.manifest['id']).toBe(DUMMY_VALUES.MicrosoftAppId);
    expect(result.manifest['validDomains']).toEqual([DUMMY_VALUES.BOT_DOMAIN]);
  });

  it('rejects an app id that is not a GUID and a domain that is a URL', async () => {
    await expect(build({ MicrosoftAppId: 'briefbot', BOT_DOMAIN: 'https://x.example' })).rejects.toThrow(/GUID[\s\S]*bare host name/);
  });

  it('the validation can fail: four command lists and a missing description break the schema', async () => {
    const file = join(dir, 'm', 'manifest.json');
    // biome-ignore lint/suspicious/noExplicitAny: a manifest read back as untyped JSON, inspected field by field.
    const m = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    m['bots'][0].commandLists = Array.from({ length: 4 }, () => m['bots'][0].commandLists[0]);
    delete m['description'];
    writeFileSync(file, JSON.stringify(m));
    await expect(build({ MicrosoftAppId: APP_ID, BOT_DOMAIN: 'briefbot.contoso.com' })).rejects.toThrow(/commandLists[\s\S]*description|description[\s\S]*commandLists/);
  });

  it('refuses a template with a placeholder it has no value for', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${{NAME}} is the manifest placeholder syntax under test.
    expect(() => fillPlaceholders('{"a":"${{NOPE}}"}', {})).toThrow(/NOPE/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${{NAME}} is the manifest placeholder syntax under test.
    expect(fillPlaceholders('{"a":"${{X}}"}', { X: 'q"b' })).toBe('{"a":"q\\"b"}');
  });
});

describe('Teams icons', () => {
  it('are drawn by the project: colour 192×192, outline 32×32 white on transparent, and the committed files match', () => {
    expect(pngInfo(colorIcon())).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngInfo(outlineIcon())).toEqual({ width: 32, height: 32, colorType: 6 });
    expect(readFileSync(join(MANIFESTS, 'color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(MANIFESTS, 'outline.png')).equals(outlineIcon())).toBe(true);
  });

  it('the outline icon has only white or fully transparent pixels, and some of each', async () => {
    const { inflateSync } = await import('node:zlib');
    const png = outlineIcon();
    // One IDAT right after IHDR (as encodePng writes it): 8 sig + 25 IHDR chunk.
    const len = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + len));
    let white = 0;
    let clear = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const o = y * (32 * 4 + 1) + 1 + x * 4;
        const [r, g, b, a] = [raw[o], raw[o + 1], raw[o + 2], raw[o + 3]];
        if (a === 0) clear++;
        else {
          expect([r, g, b]).toEqual([255, 255, 255]);
          white++;
        }
      }
    }
    expect(white).toBeGreaterThan(50);
    expect(clear).toBeGreaterThan(500);
  });
});
