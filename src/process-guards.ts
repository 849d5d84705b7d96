import type { Logger } from './logger.js';

type GuardedProcess = Pick<NodeJS.Process, 'on' | 'off' | 'exit' | 'pid' | 'uptime'>;

/**
 * Process-level last resorts, installed once by the serve command. Node's defaults end the
 * process on an unhandled rejection with a bare stack on stderr and nothing in the log.
 *
 * - An unhandled rejection is a promise nobody awaited: logged with its context and the process
 *   carries on (no synchronous state was left half-changed by it).
 * - An uncaught exception may have left state half-changed, so, as Node advises, the process
 *   does not carry on: it is logged as fatal with its context, then the process exits 1 for the
 *   supervisor to restart (every Slack request and digest slot is safe to retry).
 *
 * Returns a function that removes the handlers (tests).
 */
export function installProcessGuards(logger: Logger, proc: GuardedProcess = process): () => void {
  const log = logger.child({ component: 'process', pid: proc.pid });
  let unhandled = 0;
  const onRejection = (reason: unknown) => {
    unhandled += 1;
    log.error({ err: asError(reason), unhandledSoFar: unhandled, uptimeS: Math.round(proc.uptime()) }, 'unhandled promise rejection (the process carries on)');
  };
  const onException = (err: Error, origin: string) => {
    log.fatal({ err, origin, uptimeS: Math.round(proc.uptime()) }, 'uncaught exception; exiting for a clean restart');
    // pino writes synchronously to stdout/a file by default, so the line is out before exit.
    proc.exit(1);
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}

function asError(reason: unknown): Error | { value: string } {
  return reason instanceof Error ? reason : { value: String(reason).slice(0, 500) };
}
