import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { insertCanned, pickCanned, previewCanned, slashAt } from '../canned';
import type { Texts } from '../i18n';
import type { CannedResponse } from '../types';
import type { CannedContext } from '../../cannedResponses/variables';

/**
 * The reply box with its canned-response picker: `/` at the start of a word
 * opens it, the letters after the slash narrow it (fuzzy, by shortcut and
 * title), arrows move, Enter or Tab inserts, Esc closes. The text goes in at
 * the caret with its variables previewed for this chat; `onInsert` tells the
 * composer which canned responses the message uses, so the reply names them
 * (the server renders again and counts each use). Several fit in one message.
 */
export function CannedTextarea({
  api,
  t,
  id,
  value,
  onValue,
  onInsert,
  onSend,
  context,
  disabled = false,
  describedBy,
}: {
  api: Api;
  t: Texts;
  id: string;
  value: string;
  onValue: (text: string) => void;
  onInsert: (canned: CannedResponse) => void;
  onSend: (e: Event) => void;
  context: CannedContext;
  /** Off while WhatsApp's 24-hour window is closed (a template only), explained by `describedBy`. */
  disabled?: boolean;
  describedBy?: string | undefined;
}) {
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  // The `/word` the attendant closed with Esc: the picker stays closed until another starts.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void api
      .request<{ items: CannedResponse[] }>('GET', '/api/v1/canned-responses')
      .then((r) => setCanned(r.items))
      .catch(() => undefined);
  }, []);

  const slash = slashAt(value, caret);
  const open = slash !== null && slash.start !== dismissed && canned.length > 0;
  const options = open ? pickCanned(canned, slash.query) : [];
  const shown = open && options.length > 0;
  const current = Math.min(active, Math.max(options.length - 1, 0));

  const follow = (el: HTMLTextAreaElement) => setCaret(el.selectionStart ?? el.value.length);
  const choose = (item: CannedResponse) => {
    if (!slash) return;
    const { text, caret: at } = insertCanned(value, slash, previewCanned(item.content, context));
    onValue(text);
    onInsert(item);
    setCaret(at);
    setActive(0);
    // After Preact writes the new value: the caret goes after the inserted text.
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (shown) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + options.length) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(options[current]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(slash!.start);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSend(e);
  };

  const optionId = (n: number) => `${id}-canned-${n}`;
  return (
    <div class="canned-box">
      <textarea
        id={id}
        ref={box}
        rows={3}
        placeholder={t.replyPlaceholder}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={`${id}-canned`}
        aria-activedescendant={shown ? optionId(current) : undefined}
        onInput={(e) => {
          onValue(e.currentTarget.value);
          follow(e.currentTarget);
          setActive(0);
          if (dismissed !== null && !slashAt(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)) {
            setDismissed(null);
          }
        }}
        onKeyUp={(e) => {
          if (!['ArrowDown', 'ArrowUp'].includes(e.key) || !shown) follow(e.currentTarget);
        }}
        onClick={(e) => follow(e.currentTarget)}
        onKeyDown={onKeyDown}
      />
      {shown && (
        <ul id={`${id}-canned`} role="listbox" aria-label={t.cannedResponses} class="canned-picker">
          {options.map((item, n) => (
            <li
              key={item.id}
              id={optionId(n)}
              role="option"
              aria-selected={n === current}
              onMouseDown={(e) => {
                // Keeps the focus (and the caret) in the textarea.
                e.preventDefault();
                choose(item);
              }}
            >
              <code>/{item.shortcut}</code> <strong>{item.title}</strong>
              {item.attachment && <span class="muted"> · 📎 {item.attachment.filename}</span>}
              <span class="muted small canned-preview">{previewCanned(item.content, context)}</span>
            </li>
          ))}
        </ul>
      )}
      {!shown && slash === null && value === '' && <p class="muted small">{t.cannedHint}</p>}
    </div>
  );
}
