import pino, { type Logger } from 'pino';

export type { Logger };

/** Pretty in a terminal, JSON otherwise; secrets are redacted wherever they appear in a log object. */
export function createLogger(level: string, opts: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY);
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: ['token', '*.token', 'discordToken', '*.discordToken', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  };
  if (pretty && !opts.destination) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  return pino(options, (opts.destination ?? pino.destination(2)) as pino.DestinationStream);
}
