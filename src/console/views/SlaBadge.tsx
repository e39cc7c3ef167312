import type { Texts } from '../i18n';
import type { SlaView } from '../../../workflows/slaView';

const TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;

const span = (ms: number) => {
  const m = Math.floor(Math.abs(ms) / 60_000);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
};

/**
 * A chat's SLA as a countdown badge (queue, my chats, the chat's header): the
 * nearest running deadline and the time left, or breached, paused, met.
 * `now` ticks in the caller (every 30 s is enough for minutes).
 */
export function SlaBadge({ sla, t, now }: { sla: SlaView | null | undefined; t: Texts; now: number }) {
  if (!sla) return null;
  const running = TARGETS.flatMap((target) => {
    const c = sla.clocks[target];
    return c?.status === 'running' && c.dueAt ? [{ target, due: Date.parse(c.dueAt) }] : [];
  }).sort((a, b) => a.due - b.due)[0];
  let state: 'running' | 'warning' | 'breached' | 'paused' | 'met';
  let text: string;
  if (running) {
    const left = running.due - now;
    const clock = sla.clocks[running.target]!;
    state = left <= 0 ? 'breached' : left <= clock.targetMs * 0.2 ? 'warning' : 'running';
    text =
      left > 0
        ? `${t.sla[running.target]} ${t.sla.dueIn} ${span(left)}`
        : `${t.sla[running.target]} ${t.sla.overdue} ${span(left)}`;
  } else if (sla.breaches.length > 0) {
    state = 'breached';
    text = t.sla.breached;
  } else if (sla.met) {
    state = 'met';
    text = t.sla.met;
  } else {
    state = 'paused';
    text = t.sla.paused;
  }
  if (sla.breaches.length > 0 && state !== 'breached') state = 'breached';
  return (
    <span class={`badge sla sla-${state}`} data-testid="sla-badge" title={`${t.sla.badge} · ${sla.policy}`}>
      {text}
    </span>
  );
}
