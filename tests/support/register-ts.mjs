// `--import ./tests/support/register-ts.mjs` (vitest.config.ts execArgv): see ts-hooks.mjs.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
