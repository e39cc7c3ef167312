import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import { notFound } from '../../http/httpError';
import { openApiDocument } from '../openapi/document';

/** swagger-ui's browser files, served from its npm package (no CDN: the API may run offline). */
const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
// A file, not an inline script, so a strict Content-Security-Policy still allows it.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true });\n`;
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Atende API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>
`;

/** `GET /openapi.json` (OpenAPI 3.1 from the request schemas) and `GET /docs` (swagger-ui over it). */
export function docsRoutes(): Router {
  const router = new Router();
  router.get('/openapi.json', (ctx) => {
    ctx.body = openApiDocument();
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('/docs/assets/:file', (ctx) => {
    const file = ctx.params.file!;
    ctx.set('cache-control', 'public, max-age=86400');
    if (file === 'init.js') {
      ctx.type = ASSETS['swagger-ui-bundle.js']!;
      ctx.body = INIT;
      return;
    }
    const type = ASSETS[file];
    if (!type) throw notFound('file');
    ctx.type = type;
    ctx.body = fs.createReadStream(path.join(SWAGGER_DIR, file));
  });
  return router;
}
