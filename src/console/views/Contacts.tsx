import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import { formatCpf, formatPhone } from '../records';
import type { Contact } from '../types';
import { ContactPrivacy } from './ContactPrivacy';
import { ContactPanel } from './ContactPanel';
import { LoadMore, usePaged } from './paging';

/** GET /api/v1/contacts: the contacts the caller may read, filtered as they type, each opening its page. */
export function Contacts({ api, t, tick }: { api: Api; t: Texts; tick: number }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  // The filter follows the typing, a moment after it stops.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const list = usePaged<Contact>(
    api,
    `/api/v1/contacts${q ? `?${new URLSearchParams({ q })}` : ''}`,
    tick,
    (c) => c.id,
  );

  return (
    <section class="contacts" aria-labelledby="contacts-title">
      <h1 id="contacts-title">{t.contacts}</h1>
      <div class="field">
        <label for="contacts-q">{t.contactsFilter}</label>
        <input id="contacts-q" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      {list.error && (
        <p role="alert" class="error">
          {list.error}
        </p>
      )}
      {list.loaded && list.items.length === 0 && <p class="muted">{t.empty}</p>}
      {list.items.length > 0 && (
        <table>
          <caption class="sr-only">{t.contacts}</caption>
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.phone}</th>
              <th>{t.email}</th>
              <th>{t.cpf}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`#/contacts/${encodeURIComponent(c.id)}`}>
                    {c.name || formatPhone(c.phone) || c.id.slice(0, 8)}
                  </a>
                </td>
                <td>{formatPhone(c.phone)}</td>
                <td>{c.email ?? ''}</td>
                <td>{formatCpf(c.cpf)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore t={t} list={t.contacts} more={list.more} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}

/** A contact's own page (#/contacts/:id); supervisors and admins also see the person's data rights. */
export function ContactPage({ api, t, id, tick }: { api: Api; t: Texts; id: string; tick: number }) {
  const role = api.me?.role;
  return (
    <div class="contact-page-wrap">
      <p>
        <a href="#/contacts">← {t.contacts}</a>
      </p>
      <ContactPanel api={api} t={t} contactId={id} version={tick} page />
      {(role === 'admin' || role === 'supervisor') && (
        <ContactPrivacy api={api} t={t} id={id} isAdmin={role === 'admin'} />
      )}
    </div>
  );
}
