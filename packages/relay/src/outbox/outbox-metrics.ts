import type { OutboxWorker } from './outbox-worker.js';

/** A label value as Prometheus's text format takes it. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The outbox's lines of `/metrics`: jobs pending and dead per kind (read from the database every few seconds: the
 * whole cluster's), what this relay delivered, skipped, retried and dead-lettered per kind since it started, the
 * deliveries under way here, and the age of the oldest due job (0 when none: the outbox keeps up).
 */
export function outboxMetrics(worker: OutboxWorker, now: number): string {
  const lines: string[] = [];
  const { byKind, oldestDueAt } = worker.counts;
  lines.push(
    '# HELP parley_outbox_jobs Outbox jobs waiting (pending: queued or being retried) and given up (dead), by kind.',
    '# TYPE parley_outbox_jobs gauge',
  );
  for (const { kind, status, count } of byKind)
    lines.push(`parley_outbox_jobs{kind="${label(kind)}",status="${status}"} ${count}`);
  const counters = [
    ['delivered', 'Outbox jobs this relay delivered, by kind.'],
    ['skipped', 'Outbox jobs this relay found nothing to do for (a reply read in the meantime), by kind.'],
    ['retried', 'Failed outbox attempts this relay scheduled again, by kind.'],
    ['dead', 'Outbox jobs this relay gave up on (dead-lettered), by kind.'],
  ] as const;
  for (const [outcome, help] of counters) {
    const name = `parley_outbox_${outcome}_total`;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [kind, values] of worker.counters()) lines.push(`${name}{kind="${label(kind)}"} ${values[outcome]}`);
  }
  lines.push(
    '# HELP parley_outbox_in_flight Outbox jobs being delivered by this relay.',
    '# TYPE parley_outbox_in_flight gauge',
    `parley_outbox_in_flight ${worker.inFlight}`,
    '# HELP parley_outbox_oldest_pending_age_seconds How long the oldest due outbox job has been waiting (0: none).',
    '# TYPE parley_outbox_oldest_pending_age_seconds gauge',
    `parley_outbox_oldest_pending_age_seconds ${oldestDueAt === undefined ? 0 : Math.max(0, Math.round((now - oldestDueAt) / 1000))}`,
  );
  return `${lines.join('\n')}\n`;
}
