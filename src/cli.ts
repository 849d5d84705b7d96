#!/usr/bin/env node
import { isBriefbotError } from './errors.js';
import { buildProgram } from './cli/program.js';
import { describeStorageError } from './cli/storage-error.js';

// `briefbot ingest --explain | head`: the reader went away, which is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// Expected failures (BriefbotError) print their one-line message and exit 1; anything else is a
// bug and keeps its stack trace.
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const storage = describeStorageError(err, process.env);
  if (storage !== undefined) {
    process.stderr.write(`briefbot: ${storage}\n`);
    process.exit(1);
  }
  if (!isBriefbotError(err)) throw err;
  process.stderr.write(`briefbot: ${err.message}\n`);
  process.exitCode = 1;
}
