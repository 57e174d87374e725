// Prometheus metrics in TF Serving's naming (--monitoring_config_file, prometheus_exporter.cc): TensorFlow
// monitoring names with every character outside [A-Za-z0-9_] replaced by ':'.

const LATENCY_BUCKETS_US = [10, 18, 32.4, 58.3, 105, 189, 340, 612, 1100, 1980, 3570, 6430, 11600, 20800,
  37500, 67500, 122000, 219000, 394000, 710000, 1280000, 2300000, 4140000, 7450000, 13400000, 24100000];

const escapeLabel = (value) => String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels) => Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');

class Histogram {
  constructor() {
    this.series = new Map(); // label text -> { counts, sum, count }
  }

  observe(labels, value) {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = { counts: new Array(LATENCY_BUCKETS_US.length).fill(0), sum: 0, count: 0 }));
    const index = LATENCY_BUCKETS_US.findIndex((b) => value <= b);
    if (index >= 0) s.counts[index]++;
    s.sum += value;
    s.count++;
  }

  render(name, lines) {
    lines.push(`# TYPE ${name} histogram`);
    for (const [key, s] of this.series) {
      let cumulative = 0;
      LATENCY_BUCKETS_US.forEach((bound, i) => {
        cumulative += s.counts[i];
        lines.push(`${name}_bucket{${key}${key ? ',' : ''}le="${bound}"} ${cumulative}`);
      });
      lines.push(`${name}_bucket{${key}${key ? ',' : ''}le="+Inf"} ${s.count}`);
      lines.push(`${name}_sum{${key}} ${s.sum}`);
      lines.push(`${name}_count{${key}} ${s.count}`);
    }
  }
}

export class Metrics {
  constructor() {
    this.requestCount = new Map(); // label text -> count
    this.requestLatency = new Histogram();
  }

  /** Records one REST call to a model API (status calls are not counted, as in TF Serving). */
  record({ model, api, code, micros }) {
    if (!model || !api) return;
    const count = labelText({ model_name: model, status: code });
    this.requestCount.set(count, (this.requestCount.get(count) ?? 0) + 1);
    this.requestLatency.observe({ model_name: model, API: api, entrypoint: 'REST' }, micros);
  }

  render() {
    const lines = ['# TYPE :tensorflow:serving:request_count counter'];
    for (const [key, value] of this.requestCount) lines.push(`:tensorflow:serving:request_count{${key}} ${value}`);
    this.requestLatency.render(':tensorflow:serving:request_latency', lines);
    return `${lines.join('\n')}\n`;
  }
}
