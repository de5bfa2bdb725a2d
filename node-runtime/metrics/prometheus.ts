/**
 * A small metrics registry that renders the Prometheus text exposition format (version 0.0.4)
 * for `GET /metrics`: counters, gauges (set, or read when scraped) and histograms, with labels.
 * Label values come from code (model ids, paths, reasons), never from request bodies.
 */

type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}="${escapeLabelValue(labels[name] ?? '')}"`)
    .join(',');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function sample(name: string, key: string, value: number): string {
  return `${name}${key ? `{${key}}` : ''} ${formatValue(value)}`;
}

interface Metric {
  readonly name: string;
  render(): string[];
}

abstract class LabelledMetric implements Metric {
  protected readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'gauge',
  ) {}

  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`, ...[...this.values].map(([key, value]) => sample(this.name, key, value))];
  }
}

export class Counter extends LabelledMetric {
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }

  increment(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
}

export class Gauge extends LabelledMetric {
  #collect: (() => Array<{ labels: Labels; value: number }>) | undefined;

  constructor(name: string, help: string) {
    super(name, help, 'gauge');
  }

  set(labels: Labels, value: number): void {
    this.values.set(labelKey(labels), value);
  }

  /** Reads current values at scrape time (queue depths), replacing anything set. */
  collectWith(collect: () => Array<{ labels: Labels; value: number }>): void {
    this.#collect = collect;
  }

  override render(): string[] {
    if (this.#collect) {
      this.values.clear();
      for (const { labels, value } of this.#collect()) this.values.set(labelKey(labels), value);
    }
    return super.render();
  }
}

export class Histogram implements Metric {
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {
    if (buckets.some((bound, index) => index > 0 && bound <= (buckets[index - 1] ?? -Infinity))) {
      throw new Error(`histogram ${name}: buckets must increase`);
    }
  }

  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    this.buckets.forEach((bound, index) => {
      if (value <= bound && series) series.counts[index] = (series.counts[index] ?? 0) + 1;
    });
    series.sum += value;
    series.count++;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, series] of this.#series) {
      const withLe = (bound: string) => (key ? `${key},le="${bound}"` : `le="${bound}"`);
      this.buckets.forEach((bound, index) => lines.push(sample(`${this.name}_bucket`, withLe(formatValue(bound)), series.counts[index] ?? 0)));
      lines.push(sample(`${this.name}_bucket`, withLe('+Inf'), series.count));
      lines.push(sample(`${this.name}_sum`, key, series.sum));
      lines.push(sample(`${this.name}_count`, key, series.count));
    }
    return lines;
  }
}

export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>();

  #register<T extends Metric>(metric: T): T {
    if (!NAME.test(metric.name)) throw new Error(`invalid metric name "${metric.name}"`);
    if (this.#metrics.has(metric.name)) throw new Error(`metric "${metric.name}" is registered twice`);
    this.#metrics.set(metric.name, metric);
    return metric;
  }

  counter(name: string, help: string): Counter {
    return this.#register(new Counter(name, help));
  }

  gauge(name: string, help: string): Gauge {
    return this.#register(new Gauge(name, help));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.#register(new Histogram(name, help, buckets));
  }

  /** The exposition text, served as `text/plain; version=0.0.4`. */
  render(): string {
    return `${[...this.#metrics.values()].flatMap((metric) => metric.render()).join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
