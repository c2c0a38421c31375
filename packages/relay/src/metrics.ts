/** Prometheus text-format metrics for the relay, kept as plain counters on the hot path. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const latencyBucketsMs = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

/** A cumulative histogram with fixed buckets. */
export class Histogram {
  readonly counts = new Array<number>(latencyBucketsMs.length).fill(0);
  sum = 0;
  count = 0;

  observe(valueMs: number): void {
    this.sum += valueMs;
    this.count += 1;
    for (let i = 0; i < latencyBucketsMs.length; i++) {
      if (valueMs <= latencyBucketsMs[i]!) {
        this.counts[i]! += 1;
        return;
      }
    }
  }
}

/** The relay's counters. Gauges are read at scrape time through `gauges`. */
export class Metrics {
  connectionsOpened = 0;
  framesIn = 0;
  framesOut = 0;
  messagesStored = 0;
  duplicatesAcked = 0;
  /** FAQ matches made on visitors' messages, and the time they took (ns): a match's cost per message. */
  faqMatches = 0;
  faqMatchNs = 0;
  slowConsumersClosed = 0;
  retentionErasedConversations = 0;
  retentionErasedContacts = 0;
  /** When the retention job last finished a run, in ms since the epoch (0: never). */
  retentionLastRunMs = 0;
  readonly errors = new Map<string, number>();
  readonly closes = new Map<number, number>();
  readonly ackLatency = new Histogram();

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  closed(code: number): void {
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
  }

  /** Renders every metric; `gauges` supplies values read at scrape time (open connections, the store's commits). */
  render(gauges: Record<string, { help: string; value: number }>): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
    };
    for (const [name, gauge] of Object.entries(gauges)) {
      // Read at scrape time, but a `_total` only ever grows: Prometheus must see it as a counter (rate() needs one).
      lines.push(
        `# HELP ${name} ${gauge.help}`,
        `# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}`,
        `${name} ${gauge.value}`,
      );
    }
    counter('parley_connections_opened_total', 'WebSocket connections accepted.', this.connectionsOpened);
    counter('parley_frames_in_total', 'Frames received from clients.', this.framesIn);
    counter('parley_frames_out_total', 'Frames sent to single clients (topic fan-out not included).', this.framesOut);
    counter('parley_messages_stored_total', 'Messages durably stored.', this.messagesStored);
    counter(
      'parley_retention_erased_conversations_total',
      'Conversations erased because they were older than their site keeps them.',
      this.retentionErasedConversations,
    );
    counter(
      'parley_retention_erased_contacts_total',
      'Contacts erased by retention (nothing left, last seen before the cut-off).',
      this.retentionErasedContacts,
    );
    lines.push(
      '# HELP parley_retention_last_run_timestamp_seconds When the retention job last completed a run (0: never).',
      '# TYPE parley_retention_last_run_timestamp_seconds gauge',
      `parley_retention_last_run_timestamp_seconds ${Math.floor(this.retentionLastRunMs / 1000)}`,
    );
    counter('parley_faq_matches_total', 'Visitor messages matched against FAQ entries.', this.faqMatches);
    counter(
      'parley_faq_match_seconds_total',
      'Time spent matching visitor messages against FAQ entries.',
      this.faqMatchNs / 1e9,
    );
    counter('parley_duplicate_sends_total', 'Resends answered with the original ack.', this.duplicatesAcked);
    counter(
      'parley_slow_consumers_closed_total',
      'Connections closed for exceeding the backpressure limit.',
      this.slowConsumersClosed,
    );
    lines.push('# HELP parley_errors_total Error frames sent, by code.', '# TYPE parley_errors_total counter');
    for (const [code, value] of this.errors) lines.push(`parley_errors_total{code="${code}"} ${value}`);
    lines.push(
      '# HELP parley_closes_total Connections closed, by WebSocket close code.',
      '# TYPE parley_closes_total counter',
    );
    for (const [code, value] of this.closes) lines.push(`parley_closes_total{code="${code}"} ${value}`);
    const h = this.ackLatency;
    lines.push(
      '# HELP parley_ack_latency_ms Time from receiving a send to acknowledging it (stored), in milliseconds.',
      '# TYPE parley_ack_latency_ms histogram',
    );
    latencyBucketsMs.forEach((bound, i) => {
      const cumulative = h.counts.slice(0, i + 1).reduce((a, b) => a + b, 0);
      lines.push(`parley_ack_latency_ms_bucket{le="${bound}"} ${cumulative}`);
    });
    lines.push(
      `parley_ack_latency_ms_bucket{le="+Inf"} ${h.count}`,
      `parley_ack_latency_ms_sum ${h.sum}`,
      `parley_ack_latency_ms_count ${h.count}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

/** A gauge read at scrape time, as `Metrics.render` takes it. */
export interface Gauge {
  readonly help: string;
  readonly value: number;
}

/** How often the event loop's delay is sampled, in milliseconds (Node's default). */
const LOOP_SAMPLE_MS = 10;

/**
 * The process's own health, read at scrape time: resident memory, the V8 heap (in use, and committed: what V8
 * holds from the system, which is what grows while it sizes its generations to the load), memory outside the
 * heap (buffers, native objects V8 knows of), and the event loop's delay.
 * The delay is sampled by Node's `monitorEventLoopDelay` (a native timer every 10 ms, off the hot path) and its
 * percentiles cover the time since the previous scrape: each scrape resets the histogram, as prom-client's
 * `nodejs_eventloop_lag_p99_seconds` does, so a long-running process still shows a stall that happened just now.
 * The histogram records the whole time between two samples; the gauges report how late a sample came (that time
 * less the 10 ms interval), which is the delay a message arriving then would have waited.
 */
export class ProcessGauges {
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });

  constructor() {
    this.delay.enable();
  }

  /** The gauges, in seconds and bytes; resets the event-loop delay window. */
  read(): Record<string, Gauge> {
    const memory = process.memoryUsage();
    // The histogram records nanoseconds; with no sample yet (a scrape right after the last), report 0, not NaN.
    const late = (ns: number): number =>
      Number.isFinite(ns) && this.delay.count > 0 ? Math.max(0, ns - LOOP_SAMPLE_MS * 1e6) / 1e9 : 0;
    const gauges: Record<string, Gauge> = {
      parley_process_resident_memory_bytes: { help: 'Resident set size of the relay process.', value: memory.rss },
      parley_heap_used_bytes: { help: 'V8 heap in use.', value: memory.heapUsed },
      parley_heap_committed_bytes: {
        help: 'V8 heap committed: in use, plus room V8 keeps for the next allocations.',
        value: memory.heapTotal,
      },
      parley_external_memory_bytes: {
        help: 'Memory outside the V8 heap that V8 accounts for (buffers, native objects).',
        value: memory.external,
      },
      parley_event_loop_delay_p99_seconds: {
        help: 'p99 event-loop delay since the previous scrape (sampled every 10 ms).',
        value: late(this.delay.percentile(99)),
      },
      parley_event_loop_delay_max_seconds: {
        help: 'Longest event-loop delay since the previous scrape.',
        value: late(this.delay.max),
      },
    };
    this.delay.reset();
    return gauges;
  }

  /** Stops sampling. */
  stop(): void {
    this.delay.disable();
  }
}
