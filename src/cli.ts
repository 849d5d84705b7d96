#!/usr/bin/env node
import { isBriefbotError } from './errors.js';
import { buildProgram } from './cli/program.js';

// Expected failures (BriefbotError) print their one-line message and exit 1; anything else is a
// bug and keeps its stack trace.
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (!isBriefbotError(err)) throw err;
  process.stderr.write(`briefbot: ${err.message}\n`);
  process.exitCode = 1;
}
