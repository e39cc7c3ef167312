import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { Metrics } from '../types';
import { SeriesChart } from './SeriesChart';

/** Horizontal bars, drawn with CSS widths: no chart library for a handful of figures. */
function Bars({ title, rows }: { title: string; rows: Array<[string, number]> }) {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return (
    <figure class="bars">
      <figcaption>{title}</figcaption>
      <dl>
        {rows.map(([label, n]) => (
          <div key={label} class="bar-row">
            <dt>{label}</dt>
            <dd>
              <span class="bar" style={{ width: `${(n / max) * 100}%` }} />
              <span class="bar-value">{n}</span>
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}

const seconds = (v: number | null, t: Texts) => (v === null ? '–' : `${v} ${t.seconds}`);

/** One figure with its name; `metric` marks it for tests and styles. */
function Card({ label, value, metric }: { label: string; value: string | number; metric?: string }) {
  return (
    <div class="card">
      <span class="muted">{label}</span>
      <strong data-metric={metric}>{value}</strong>
    </div>
  );
}

/** The supervisors' figures (GET /api/v1/metrics), refreshed as live events arrive. */
export function MetricsView({ api, t, tick }: { api: Api; t: Texts; tick: number }) {
  const [m, setMetrics] = useState<Metrics | null>(null);
  useEffect(() => {
    void api.request<Metrics>('GET', '/api/v1/metrics').then(setMetrics);
  }, [tick]);
  if (!m) return <p class="muted">…</p>;
  const rate = m.botContainment.rate === null ? '–' : `${Math.round(m.botContainment.rate * 100)}%`;
  return (
    <section class="metrics" aria-label={t.metrics}>
      <div class="cards">
        <Card label={t.total} metric="total" value={m.totals.chats} />
        <Card label={t.messages} value={m.totals.messages} />
        <Card label={t.containment} value={rate} />
        <Card label={t.queueLength} metric="queue" value={m.queue.length} />
        <Card
          label={`${t.firstResponse} p50 / p90`}
          value={`${seconds(m.firstResponseSeconds.p50, t)} / ${seconds(m.firstResponseSeconds.p90, t)}`}
        />
        <Card
          label={`${t.resolution} p50 / p90`}
          value={`${seconds(m.resolutionSeconds.p50, t)} / ${seconds(m.resolutionSeconds.p90, t)}`}
        />
        <Card label={t.slaBreaches} value={m.sla.breaches} />
      </div>
      <SeriesChart api={api} t={t} tick={tick} />
      <Bars title={t.byStatus} rows={Object.entries(m.byStatus).map(([s, n]) => [t.status_(s), n])} />
      <Bars title={t.byChannel} rows={m.byChannel.map((c) => [c.name ?? c.channelId, c.chats])} />
      <Bars title={t.tagging.byTag} rows={m.byTag.map((tag) => [tag.name, tag.chats])} />
      <Bars title={t.load} rows={m.attendants.map((a) => [a.name, a.activeChats])} />
    </section>
  );
}
