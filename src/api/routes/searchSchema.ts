import { z } from 'zod';
import { PageQuery } from '../pagination';
import { SEARCH_TYPES } from '../../search/search';

/** `GET /api/v1/search`: the search box's text, what kind of result, and a page. */
export const SearchQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200),
  type: z.enum(SEARCH_TYPES).optional(),
}).strict();
