import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import helmet from 'koa-helmet';
import { requireAuth, type AuthState } from './auth';
import type { ApiDeps } from './deps';
import { errorMiddleware } from './errors';
import { clientAddressMiddleware } from '../http/clientAddress';
import { channelWebhooks } from '../channels/webhooks';
import { DEFAULT_WEBHOOK_RATE_LIMIT, webhookRateLimit } from '../channels/webhookRateLimit';
import { authRoutes } from './routes/auth';
import { channelRoutes } from './routes/channels';
import { attendantRoutes } from './routes/attendants';
import { chatRoutes } from './routes/chats';
import { chatReadRoutes } from './routes/chatReads';
import { healthRoutes } from './routes/health';
import { messageRoutes } from './routes/messages';
import { queueRoutes } from './routes/queue';
import { routingRoutes } from './routes/routing';
import { trainingRoutes } from './routes/trainings';
import { eventRoutes } from './routes/events';
import { reportRoutes } from './routes/reports';
import { metricsRoutes } from './routes/metrics';
import { searchRoutes } from './routes/search';
import { httpMetrics, prometheusRoutes } from './routes/prometheus';
import { docsRoutes } from './routes/docs';
import { consoleRoutes } from './routes/console';
import { contactRoutes } from './routes/contacts';
import { privacyRoutes } from './routes/privacy';
import { cannedResponseRoutes } from './routes/cannedResponses';
import { noteRoutes } from './routes/notes';
import { tagRoutes } from './routes/tags';
import { businessHoursRoutes } from './routes/businessHours';
import { automaticMessagesRoutes } from './routes/automaticMessages';
import { channelTemplateRoutes } from './routes/channelTemplates';
import { auditRoutes } from './routes/audit';
import { retentionRoutes } from './routes/retention';
import { sessionRoutes } from './routes/sessions';
import { twoFactorRoutes } from './routes/twoFactor';
import { passwordResetRoutes } from './routes/passwordResets';
import { apiTokenRoutes } from './routes/apiTokens';
import { ApiTokenGuard } from '../auth/apiTokens';
import { webhookRoutes } from './routes/webhooks';
import { slaPolicyRoutes } from './routes/slaPolicies';

const REPLY_PATH = /^\/api\/v1\/chats\/[^/]+\/messages$/;
/** Canned responses may carry a file too (POST, PATCH). */
const CANNED_PATH = /^\/api\/v1\/canned-responses(\/[^/]+)?$/;

/**
 * Every router of the app, in three groups: those that read their own raw
 * bodies (webhooks) or none, the unauthenticated API, and the rest of
 * /api/v1. Listed once, so tests/api/openapi.test.ts checks each route is documented.
 */
export function appRouters(deps: ApiDeps) {
  return {
    beforeBodyParser: [
      healthRoutes(deps),
      prometheusRoutes(deps),
      docsRoutes(),
      consoleRoutes(),
      ...channelWebhooks({
        db: deps.db,
        gateway: deps.gateway,
        secrets: deps.channels.secrets,
        ...(deps.inbox ? { inbox: deps.inbox } : {}),
      }),
    ] as Router[],
    public: [authRoutes(deps), sessionRoutes(deps)] as Router[],
    authenticated: [
      chatRoutes(deps),
      chatReadRoutes(deps),
      messageRoutes(deps),
      // Before contactRoutes: /:id/export and /:id/erase are its own.
      privacyRoutes(deps),
      contactRoutes(deps),
      noteRoutes(deps),
      // Before channelRoutes, whose routes are the admin's: the templates are for anyone who may send on the channel.
      channelTemplateRoutes(deps),
      channelRoutes(deps),
      attendantRoutes(deps),
      trainingRoutes(deps),
      queueRoutes(deps),
      routingRoutes(deps),
      eventRoutes(deps),
      metricsRoutes(deps),
      reportRoutes(deps),
      searchRoutes(deps),
      cannedResponseRoutes(deps),
      tagRoutes(deps),
      businessHoursRoutes(deps),
      automaticMessagesRoutes(deps),
      auditRoutes(deps),
      retentionRoutes(deps),
      twoFactorRoutes(deps),
      passwordResetRoutes(deps),
      apiTokenRoutes(deps),
      webhookRoutes(deps),
      slaPolicyRoutes(deps),
    ] as Router<AuthState>[],
  };
}

/** The Koa app: webhooks, health, and the attendant REST API under /api/v1. */
export function createApp(deps: ApiDeps): Koa {
  const app = new Koa();
  // Koa never reads X-Forwarded-*: ctx.ip comes from X-Forwarded-For only through the trusted proxies (TRUST_PROXY).
  app.proxy = false;
  app.use(errorMiddleware(deps.logger));
  app.use(clientAddressMiddleware(deps.trustProxy));
  app.use(httpMetrics());
  // Security headers on every answer, errors included (helmet's defaults: CSP 'self', nosniff, HSTS, frame deny…).
  // The console shows a chat's images and plays its audio from blob: URLs its own script makes (the
  // media route needs the bearer token, which an <img src> cannot send); nothing else is widened.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'media-src': ["'self'", 'blob:'] },
      },
    }),
  );

  // A flooding channel is turned away before its body is read.
  app.use(webhookRateLimit(deps.webhookRateLimit ?? DEFAULT_WEBHOOK_RATE_LIMIT));
  // Webhooks read their raw bodies themselves (signatures cover the exact bytes).
  const routers = appRouters(deps);
  for (const router of routers.beforeBodyParser) {
    app.use(router.routes()).use(router.allowedMethods());
  }

  // A reply may carry a 16 MB file as base64; every other body stays small.
  const replyBodies = bodyParser({ enableTypes: ['json'], jsonLimit: '23mb', encoding: 'utf-8' });
  app.use((ctx, next) =>
    (ctx.method === 'POST' && REPLY_PATH.test(ctx.path)) ||
    ((ctx.method === 'POST' || ctx.method === 'PATCH') && CANNED_PATH.test(ctx.path))
      ? replyBodies(ctx, next)
      : next(),
  );
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  for (const router of routers.public) app.use(router.routes()).use(router.allowedMethods());

  const api = new Router<AuthState>();
  api.use(
    '/api/v1',
    requireAuth(deps.tokens, deps.db, {
      apiTokens: new ApiTokenGuard(deps.db, deps.apiTokenRateLimit),
      requireAdmin2fa: deps.requireAdmin2fa ?? false,
    }),
  );
  for (const router of routers.authenticated) api.use(router.routes(), router.allowedMethods());
  app.use(api.routes()).use(api.allowedMethods());
  return app;
}
