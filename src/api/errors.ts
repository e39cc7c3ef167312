import type { Context, Next } from 'koa';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Logger } from '../logger';
import { COMMAND_ERRORS } from '../../workflows/types';
import { conflict, HttpError, notFound } from '../http/httpError';
import { isDatabaseUnavailable } from '../db/unavailable';

/** How long a channel should wait before retrying while Temporal or the database is unreachable. */
const RETRY_AFTER_SECONDS = '5';

/**
 * Temporal did not answer (not reachable, or not within the call's deadline):
 * a gRPC UNAVAILABLE or DEADLINE_EXCEEDED, possibly wrapped by the SDK.
 */
function temporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === grpcStatus.UNAVAILABLE || code === grpcStatus.DEADLINE_EXCEEDED) return true;
  }
  return false;
}

/**
 * The chat's workflow refused a command for sure (an Update rejected or failed,
 * or no workflow to take it): nothing of the command was kept. A lost answer
 * (Temporal unreachable, a deadline) is not a refusal: the command may have
 * been taken.
 */
export function commandRefused(err: unknown): boolean {
  return err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError;
}

/** Maps domain and library errors to HTTP once, so routes can just throw. */
function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    const type = cause instanceof ApplicationFailure && cause.type ? cause.type : 'CommandRejected';
    const message = cause instanceof Error ? cause.message : 'command rejected';
    return new HttpError(type === COMMAND_ERRORS.chatBusy ? 503 : 409, snake(type), message);
  }
  if (err instanceof WorkflowNotFoundError) return conflict('chat_closed', 'chat is closed');
  if (isDatabaseUnavailable(err)) {
    // Locked past the busy timeout, unreachable, full or read-only: nothing was accepted, retry.
    return new HttpError(503, 'database_unavailable', 'the database is unavailable; retry shortly', undefined, {
      'retry-after': RETRY_AFTER_SECONDS,
    });
  }
  if (temporalUnavailable(err)) {
    // Nothing was accepted: the channel retries later, and a retried event is deduplicated.
    return new HttpError(503, 'temporal_unavailable', 'the chat engine is unavailable; retry shortly', undefined, {
      'retry-after': RETRY_AFTER_SECONDS,
    });
  }
  // By name: the SQLite and PostgreSQL clients are two generated modules.
  if (err instanceof Error && err.name === 'PrismaClientKnownRequestError') {
    const code = (err as { code?: string }).code;
    if (code === 'P2025') return notFound('record');
    if (code === 'P2002') return conflict('already_exists', 'a record with these values already exists');
  }
  const status = (err as { status?: unknown; expose?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Errors from Koa and body parsers (413 too large, 415, 400 bad JSON); their messages are safe to show.
    // A body left unread cannot share the connection with the next request: ask the client to close it.
    const close: Record<string, string> = status === 413 ? { connection: 'close' } : {};
    return new HttpError(
      status,
      status === 413 ? 'payload_too_large' : 'bad_request',
      (err as Error).message,
      undefined,
      close,
    );
  }
  return null;
}

function snake(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw notFound('route');
      // The router's own 405 (with Allow) gets the JSON error shape too.
      if (ctx.status === 405 && !ctx.body) {
        throw new HttpError(405, 'method_not_allowed', `${ctx.method} is not allowed here`, undefined, {
          allow: ctx.response.get('allow'),
        });
      }
    } catch (err) {
      const http = toHttpError(err);
      // An operator must hear of a database that stopped answering or writing (the client only sees a 503).
      if (http?.code === 'database_unavailable') {
        const { code, message } = err as { code?: unknown; message?: string };
        const reason = String(message ?? '')
          .trim()
          .split('\n')
          .pop();
        logger.warn({ code, reason, method: ctx.method, path: ctx.path }, 'database unavailable');
      }
      if (http) {
        ctx.status = http.status;
        ctx.set(http.headers);
        ctx.body = {
          error: {
            code: http.code,
            message: http.message,
            ...(http.details !== undefined ? { details: http.details } : {}),
          },
        };
        return;
      }
      logger.error({ err, method: ctx.method, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: 'internal error' } };
    }
  };
}
