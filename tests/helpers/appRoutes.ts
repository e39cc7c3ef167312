import { appRouters } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/deps';

/**
 * Every route the app serves, as `<method> <path>` with parameters as
 * `{name}` (OpenAPI's form), HEAD left out: the docs and the OpenAPI
 * document must each describe all of them. Static files of the docs page
 * and the console are those pages, not API.
 */
export function servedRoutes(deps: ApiDeps): string[] {
  const routers = appRouters(deps);
  return [...routers.beforeBodyParser, ...routers.public, ...routers.authenticated]
    .flatMap((router) =>
      router.stack.flatMap((layer) =>
        layer.methods
          .filter((m) => m !== 'HEAD')
          .map(
            (m) =>
              `${m.toLowerCase()} ${String(layer.path)
                .replace(/\/$/, '')
                .replace(/:(\w+)/g, '{$1}')}`,
          ),
      ),
    )
    .filter((r) => !r.startsWith('get /docs/assets') && !r.startsWith('get /console/'));
}
