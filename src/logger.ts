import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One logger for the process, passed down to whatever needs it. Secrets are redacted by path
 * as a second line of defence: code must not log them in the first place.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const opts = {
    level: options.level ?? 'info',
    base: { app: 'briefbot' },
    redact: {
      paths: [
        'token',
        '*.token',
        'headers.authorization',
        '*.headers.authorization',
        'headers["x-slack-signature"]',
        'signingSecret',
        '*.signingSecret',
        'password',
        '*.password',
        'MicrosoftAppPassword',
        '*.MicrosoftAppPassword',
        'DATABASE_URL',
        '*.DATABASE_URL',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A logger that drops everything: for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
