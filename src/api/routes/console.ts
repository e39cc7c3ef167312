import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import send from 'koa-send';
import { projectRoot } from '../../config/paths';
import { HttpError } from '../../http/httpError';

/** Where `npm run build:console` (run by `npm run setup`) writes the console. */
export const CONSOLE_DIR = path.join(projectRoot, 'dist', 'console');

/**
 * `/console`: the attendants' web app, its built files served by koa-send.
 * Hashed assets are cached for a year; the page itself never is, so a new
 * build is picked up at the next load. Any other path under /console is the
 * app's own (it has no server-side routes), so it gets the page.
 */
export function consoleRoutes(dir = CONSOLE_DIR): Router {
  const router = new Router();
  const page = async (ctx: Context) => {
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new HttpError(503, 'console_not_built', 'the console is not built: run npm run build:console');
    }
    ctx.set('cache-control', 'no-cache');
    await send(ctx, 'index.html', { root: dir });
  };
  router.get('/console', page);
  router.get('/console/assets/:file', async (ctx) => {
    const file = ctx.params.file!;
    if (!/^[\w.-]+$/.test(file) || !fs.existsSync(path.join(dir, 'assets', file)))
      throw new HttpError(404, 'not_found', 'no such file');
    await send(ctx, `assets/${file}`, { root: dir, immutable: true, maxage: 365 * 24 * 3600 * 1000 });
  });
  router.get('/console/{*rest}', page);
  return router;
}
