import pino from 'pino';

/**
 * One structured logger. Secrets are redacted by key wherever they appear, so
 * a careless `log.info({ channel })` cannot leak a token. Its level comes from
 * the configuration (LOG_LEVEL), set once it is loaded (runtime.ts).
 */
export const logger = pino({
  level: 'info',
  redact: {
    paths: [
      'password',
      '*.password',
      'passwordHash',
      '*.passwordHash',
      'secret',
      '*.secret',
      'credentials',
      '*.credentials',
      'botToken',
      '*.botToken',
      'accessToken',
      '*.accessToken',
      'refreshToken',
      '*.refreshToken',
      'appSecret',
      '*.appSecret',
      'verifyToken',
      '*.verifyToken',
      'apiKey',
      '*.apiKey',
      'BOT_LLM_API_KEY',
      '*.BOT_LLM_API_KEY',
      'JWT_SECRET',
      '*.JWT_SECRET',
      'TEMPORAL_API_KEY',
      '*.TEMPORAL_API_KEY',
      'authorization',
      '*.authorization',
      'req.headers.authorization',
      'headers["x-atende-signature"]',
      'headers["x-telegram-bot-api-secret-token"]',
    ],
    censor: '[redacted]',
  },
});

export type Logger = typeof logger;
