import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { MetricSeries, SeriesInterval, SeriesMetric } from '../types';

const METRICS: SeriesMetric[] = ['chats', 'firstResponse', 'resolution', 'csat', 'slaMet'];
const INTERVALS: SeriesInterval[] = ['day', 'hour'];

/** The chart's numbers: the SLA share as a percentage, the rest as the API gives them. */
const shown = (metric: SeriesMetric, v: number | null) =>
  v === null ? null : metric === 'slaMet' ? Math.round(v * 1000) / 10 : v;

/**
 * One figure over time (GET /api/v1/metrics/series), drawn with uPlot on a
 * canvas: chats started, mean first response and resolution, mean rating,
 * SLA met, per day (last 30 days) or per hour (last 24 hours) of the
 * company's time zone.
 */
export function SeriesChart({ api, t, tick }: { api: Api; t: Texts; tick: number }) {
  const [metric, setMetric] = useState<SeriesMetric>('chats');
  const [interval, setInterval] = useState<SeriesInterval>('day');
  const [series, setSeries] = useState<MetricSeries | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void api
      .request<MetricSeries>('GET', `/api/v1/metrics/series?metric=${metric}&interval=${interval}`)
      .then((s) => live && setSeries(s));
    return () => {
      live = false;
    };
  }, [metric, interval, tick]);

  useEffect(() => {
    const el = box.current;
    if (!el || !series || series.metric !== metric) return;
    const lang = document.documentElement.lang || 'pt-BR';
    const tickLabel = new Intl.DateTimeFormat(
      lang,
      series.interval === 'day' ? { day: '2-digit', month: '2-digit' } : { hour: '2-digit', minute: '2-digit' },
    );
    const data: uPlot.AlignedData = [
      series.points.map((p) => new Date(p.t).getTime() / 1000),
      series.points.map((p) => shown(metric, p.value)),
    ];
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 220,
        legend: { show: false },
        scales: { x: { time: true } },
        series: [
          {},
          {
            label: t.series[metric],
            stroke: '#0f766e',
            fill: 'rgba(15, 118, 110, 0.12)',
            width: 2,
            spanGaps: false,
            points: { show: true, size: 5 },
          },
        ],
        // Dates as the console's language writes them (pt-BR: 01/12), not uPlot's month-first default.
        axes: [{ values: (_u, splits) => splits.map((s) => tickLabel.format(new Date(s * 1000))) }, { size: 56 }],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, t]);

  const total = series?.points.reduce((n, p) => n + p.count, 0) ?? 0;
  return (
    <figure class="series" data-series-chart={metric} data-points={series?.metric === metric ? total : undefined}>
      <figcaption>
        <span>{t.series.title}</span>
        <label>
          {t.series.metric}
          <select value={metric} onChange={(e) => setMetric(e.currentTarget.value as SeriesMetric)}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t.series[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.series.interval}
          <select value={interval} onChange={(e) => setInterval(e.currentTarget.value as SeriesInterval)}>
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {t.series[i]}
              </option>
            ))}
          </select>
        </label>
        <DownloadCsv api={api} t={t} />
      </figcaption>
      <div ref={box} class="series-plot" aria-label={t.series[metric]} role="img" />
      {series && total === 0 && <p class="muted">{t.series.empty}</p>}
    </figure>
  );
}

/** "Baixar CSV": the chats report of the last 30 days (GET /api/v1/reports/chats.csv), saved as a file. */
function DownloadCsv({ api, t }: { api: Api; t: Texts }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const download = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const { blob, filename } = await api.download('/api/v1/reports/chats.csv');
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename ?? 'atendimentos.csv';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void download()}>
        {busy ? t.series.downloading : t.series.downloadCsv}
      </button>
      {failed && (
        <span role="alert" class="error">
          {t.series.downloadFailed}
        </span>
      )}
    </>
  );
}
