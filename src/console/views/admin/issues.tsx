import { ApiError } from '../../api';

/**
 * A 400's issues by where they point, `body.` dropped and cut to `depth`
 * segments (the first issue of each): `body.rules.2.tags.0` at depth 3 is
 * `rules.2.tags`, the field of the form that shows it. Without details, the
 * message's own `body.<path>:` prefix names it.
 */
export function issuesAt(err: unknown, depth: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError) || err.status !== 400) return out;
  const key = (path: string) =>
    path
      .replace(/^body\./, '')
      .split('.')
      .slice(0, depth)
      .join('.');
  if (Array.isArray(err.details)) {
    for (const issue of err.details as { path?: unknown; message?: unknown }[]) {
      if (typeof issue?.path !== 'string') continue;
      out[key(issue.path)] ??= String(issue.message);
    }
  }
  const named = /^(body\.[\w.]+):\s*(.*)$/.exec(err.message);
  if (Object.keys(out).length === 0 && named) out[key(named[1]!)] = named[2]!;
  return out;
}

/** Props tying an input to its problem (aria-invalid, aria-describedby). */
export const invalid = (id: string, problem: string | undefined) => ({
  'aria-invalid': problem ? ('true' as const) : undefined,
  'aria-describedby': problem ? `${id}-error` : undefined,
});

/** A field's problem, under it, as `invalid` names it. */
export function FieldError({ id, problem }: { id: string; problem: string | undefined }) {
  return problem ? (
    <span id={`${id}-error`} class="error small">
      {problem}
    </span>
  ) : null;
}
