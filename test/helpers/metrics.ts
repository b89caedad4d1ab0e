// A scrape of GET /metrics, parsed as Prometheus would read it.
import parsePrometheusTextFormat, { type Family, type Sample } from 'parse-prometheus-text-format';

export interface Scrape {
  readonly text: string;
  readonly families: Family[];
  /** The samples of a metric whose labels include `labels` (a histogram's: of `<name>_bucket`, `_sum` and `_count`). */
  samples(name: string, labels?: Record<string, string>): Sample[];
  /** The value of the one sample of `name` with these labels; 0 when there is none (a counter not yet counted). */
  value(name: string, labels?: Record<string, string>): number;
  /** A histogram's observation count (its `_count`), over every series whose labels include `labels`. */
  count(name: string, labels?: Record<string, string>): number;
}

export function parseScrape(text: string): Scrape {
  const families = parsePrometheusTextFormat(text);
  // The parser folds every labelled series of a histogram into one unlabelled
  // sample; read as untyped, a histogram's _bucket, _sum and _count lines come
  // out as families of their own (one per run of lines), each series with its labels.
  const series = parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));
  const samples = (name: string, labels: Record<string, string> = {}) =>
    series.filter((f) => f.name === name).flatMap((f) => f.metrics).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return {
    text,
    families,
    samples,
    value(name, labels) {
      const found = samples(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return Number(found[0]?.value ?? 0);
    },
    count: (name, labels) => samples(`${name}_count`, labels).reduce((n, m) => n + Number(m.value ?? 0), 0),
  };
}
