import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';
import type { Tag } from '../types';

/** The tag catalogue (GET /api/v1/tags), loaded once per view. */
export function useTagCatalogue(api: Api): Tag[] {
  const [tags, setTags] = useState<Tag[]>([]);
  useEffect(() => {
    void api
      .request<{ items: Tag[] }>('GET', '/api/v1/tags')
      .then((r) => setTags(r.items))
      .catch(() => undefined);
  }, []);
  return tags;
}

/** A tag as a colored chip; its text stays readable on light and dark colors. */
export function TagChip({
  name,
  color,
  onRemove,
  removeLabel,
}: {
  name: string;
  color: string | undefined;
  onRemove?: () => void;
  removeLabel?: string;
}) {
  return (
    <span class="tag-chip" style={color ? { borderColor: color, background: `${color}22` } : undefined}>
      <span class="tag-dot" style={color ? { background: color } : undefined} />
      {name}
      {onRemove && (
        <button type="button" class="link" aria-label={`${removeLabel ?? '×'}: ${name}`} onClick={onRemove}>
          ×
        </button>
      )}
    </span>
  );
}

/**
 * A chat's tags on its header: chips in the catalogue's colors and, for
 * who may tag it (its holder, supervisors, admins), a remove button on each
 * and a picker of the catalogue's other tags. Every change is one PUT of
 * the whole list (docs/api.md "Tags").
 */
export function ChatTags({
  api,
  t,
  chatId,
  tags,
  catalogue,
  canEdit,
  onChange,
}: {
  api: Api;
  t: Texts;
  chatId: string;
  tags: string[];
  catalogue: Tag[];
  canEdit: boolean;
  onChange: () => unknown;
}) {
  const [error, setError] = useState<string | null>(null);
  const colors = new Map(catalogue.map((tag) => [tag.name.toLowerCase(), tag.color]));
  const put = async (next: string[]) => {
    setError(null);
    try {
      await api.request('PUT', `/api/v1/chats/${chatId}/tags`, { tags: next });
      await onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const have = new Set(tags.map((n) => n.toLowerCase()));
  const addable = catalogue.filter((tag) => !have.has(tag.name.toLowerCase()));
  return (
    <div class="chat-tags" aria-label={t.tagging.tags}>
      {tags.length === 0 && !canEdit && <span class="muted small">{t.tagging.noTags}</span>}
      {tags.map((name) => (
        <TagChip
          key={name}
          name={name}
          color={colors.get(name.toLowerCase())}
          removeLabel={t.tagging.removeTag}
          {...(canEdit ? { onRemove: () => void put(tags.filter((n) => n !== name)) } : {})}
        />
      ))}
      {canEdit && addable.length > 0 && (
        <select
          aria-label={t.tagging.addTag}
          value=""
          onChange={(e) => {
            const name = e.currentTarget.value;
            if (name) void put([...tags, name]);
          }}
        >
          <option value="">+ {t.tagging.addTag}</option>
          {addable.map((tag) => (
            <option key={tag.id} value={tag.name}>
              {tag.name}
              {tag.kind === 'reason' ? ` (${t.tagging.reasonKind})` : ''}
            </option>
          ))}
        </select>
      )}
      {error && (
        <span role="alert" class="error small">
          {error}
        </span>
      )}
    </div>
  );
}
