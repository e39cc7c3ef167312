import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { useLatest } from '../latest';
import type { Texts } from '../i18n';
import { appendPage, pagePath, refreshFirstPage } from '../records';
import type { Page } from '../types';

/** How many rows a list asks for at a time (the API allows up to 100). */
export const PAGE_SIZE = 50;

interface Shown<T> {
  items: T[];
  nextCursor: string | null;
  pages: number;
}

/**
 * A paged list of `path` (the API's list shape: `items`, `nextCursor`): the
 * first page, then more on request. A new `path` starts over; a new
 * `refresh` (a live event) reloads the first page and keeps the pages loaded
 * after it. Lists the API does not page yet (no `nextCursor`) simply have no more.
 */
export function usePaged<T>(
  api: Api,
  path: string | null,
  refresh: unknown,
  idOf: (item: T) => string,
  limit = PAGE_SIZE,
) {
  const [shown, setShown] = useState<Shown<T>>({ items: [], nextCursor: null, pages: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = useRef({ path, shown });
  current.current.shown = shown;
  // Answers to an earlier path are dropped when they come late; so are first pages a later refresh overtook.
  const generation = useRef(0);
  const beginFirstPage = useLatest();

  useEffect(() => {
    const samePath = current.current.path === path && current.current.shown.pages > 0;
    current.current.path = path;
    const mine = samePath ? generation.current : ++generation.current;
    if (!samePath) setShown({ items: [], nextCursor: null, pages: 0 });
    if (!path) return;
    setLoading(true);
    const latest = beginFirstPage();
    api
      .request<Page<T>>('GET', pagePath(path, limit, null))
      .then((first) => {
        if (mine !== generation.current || !latest()) return;
        setError(null);
        setShown((prev) => refreshFirstPage(samePath ? prev : { items: [], nextCursor: null, pages: 0 }, first, idOf));
      })
      .catch((err: unknown) => mine === generation.current && setError(String(err)))
      .finally(() => mine === generation.current && setLoading(false));
  }, [path, refresh]);

  const loadMore = async () => {
    const cursor = shown.nextCursor;
    if (!path || !cursor || loading) return;
    const mine = generation.current;
    setLoading(true);
    try {
      const next = await api.request<Page<T>>('GET', pagePath(path, limit, cursor));
      if (mine === generation.current) setShown((prev) => appendPage(prev, next, idOf));
    } catch (err) {
      if (mine === generation.current) setError(String(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  return { items: shown.items, more: shown.nextCursor !== null, loaded: shown.pages > 0, loading, error, loadMore };
}

/** "Load more" under a list, while the API says there is more; names the list for screen readers. */
export function LoadMore({
  t,
  list,
  more,
  loading,
  onMore,
}: {
  t: Texts;
  list: string;
  more: boolean;
  loading: boolean;
  onMore: () => unknown;
}) {
  if (!more) return null;
  return (
    <button
      type="button"
      class="secondary load-more"
      aria-label={`${t.loadMore}: ${list}`}
      disabled={loading}
      onClick={() => void onMore()}
    >
      {loading ? '…' : t.loadMore}
    </button>
  );
}
