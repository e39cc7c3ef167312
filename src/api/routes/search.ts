import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import type { AuthState } from '../auth';
import { parse } from '../../http/validate';
import { search } from '../../search/search';
import { SearchQuery } from './searchSchema';

/** `GET /api/v1/search` (every role, within what the caller may read): docs/api.md "Search". */
export function searchRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/search' });
  router.get('/', async (ctx) => {
    ctx.body = await search(db, ctx.state.attendant, parse(SearchQuery, ctx.query, 'query'));
  });
  return router;
}
