import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import { groupHits, hitHref, routeHash, SEARCH_TYPES } from '../records';
import type { SearchHit, SearchType } from '../types';
import { LoadMore, usePaged } from './paging';

/**
 * The search box of every screen (in the top bar): Enter opens the results
 * page for what was typed. "/" anywhere outside a field puts the cursor in it.
 */
export function SearchBox({ t, q }: { t: Texts; q: string }) {
  const [text, setText] = useState(q);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    if (text.trim()) location.hash = routeHash({ view: 'search', q: text.trim(), type: null });
  };
  return (
    <form role="search" class="search-box" onSubmit={submit}>
      <label class="sr-only" for="search-q">
        {t.searchLabel}
      </label>
      <input
        id="search-q"
        ref={input}
        type="search"
        placeholder={t.searchPlaceholder}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="secondary">
        {t.search}
      </button>
    </form>
  );
}

/** GET /api/v1/search: the hits grouped by type (contacts, chats, messages), each opening its contact or chat. */
export function SearchResults({ api, t, q, type }: { api: Api; t: Texts; q: string; type: SearchType | null }) {
  const path = q.trim() ? `/api/v1/search?${new URLSearchParams({ q: q.trim(), ...(type ? { type } : {}) })}` : null;
  const list = usePaged<SearchHit>(api, path, null, (h) => `${h.type}:${h.id}`, 20);
  const heading = useRef<HTMLHeadingElement>(null);
  // A new search: the results' heading takes the focus, so a screen reader reads them next.
  useEffect(() => heading.current?.focus(), [q]);

  return (
    <section class="search-results" aria-labelledby="search-title">
      <h1 id="search-title" tabIndex={-1} ref={heading}>
        {t.searchResults}
        {q ? `: “${q}”` : ''}
      </h1>
      <nav class="tabs" aria-label={t.searchResults}>
        {[null, ...SEARCH_TYPES].map((ty) => (
          <button
            key={ty ?? 'all'}
            type="button"
            aria-pressed={type === ty}
            onClick={() => (location.hash = routeHash({ view: 'search', q, type: ty }))}
          >
            {ty ? t.searchType(ty) : t.searchAll}
          </button>
        ))}
      </nav>
      {!path && <p class="muted">{t.searchHint}</p>}
      {list.error && (
        <p role="alert" class="error">
          {list.error}
        </p>
      )}
      {path && list.loaded && list.items.length === 0 && <p class="muted">{t.noResults}</p>}
      {!list.loaded && path && !list.error && <p class="muted">…</p>}
      {groupHits(list.items).map((group) => (
        <section key={group.type} class="hit-group" aria-label={t.searchType(group.type)}>
          <h2>
            {t.searchType(group.type)} <span class="count">{group.hits.length}</span>
          </h2>
          <ul>
            {group.hits.map((hit) => (
              <li key={`${hit.type}:${hit.id}`}>
                <a href={hitHref(hit)}>
                  {hit.protocol && !hit.snippet.includes(hit.protocol) && (
                    <strong>
                      {t.protocol} {hit.protocol}
                    </strong>
                  )}
                  <span class="snippet">{hit.snippet}</span>
                  <span class="muted small">{t.time(hit.at)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <LoadMore t={t} list={t.searchResults} more={list.more} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
