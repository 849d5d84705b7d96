// Node module hooks for tests only: let a worker thread started from source (src/corpus's
// fact base loader) run the .ts files it imports, as Vitest does for the test files themselves.
// `./x.js` imported from a .ts file resolves to `./x.ts` when only that exists; .ts files are
// stripped of types with the oxc transformer that ships with Vitest (via rolldown).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/experimental';

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (!existsSync(fileURLToPath(new URL(specifier, context.parentURL))) && existsSync(fileURLToPath(ts))) {
      return { url: ts.href, shortCircuit: true, format: 'module' };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) return next(url, context);
  const path = fileURLToPath(url);
  const { readFileSync } = await import('node:fs');
  const out = transformSync(path, readFileSync(path, 'utf8'), { lang: 'ts', sourcemap: false });
  if (out.errors?.length) throw new Error(`${path}: ${out.errors.map((e) => e.message).join('; ')}`);
  return { format: 'module', source: out.code, shortCircuit: true };
}
