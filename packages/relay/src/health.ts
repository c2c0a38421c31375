import type { Client } from 'pg';

/** What `/healthz` and `/metrics` report about a dependency. */
export interface HealthSnapshot {
  readonly healthy: boolean;
  /** Probes that failed since start. */
  readonly failures: number;
  /** Times the dependency came back after being down. */
  readonly recoveries: number;
  /** The last failure's error code (never a URL or a credential). */
  readonly lastError: string | undefined;
}

/** A dependency's health as the relay sees it. */
export interface HealthProbe {
  healthy(): boolean;
  snapshot(): HealthSnapshot;
  close(): Promise<void>;
}

/** Options for {@link PostgresProbe}. */
export interface PostgresProbeOptions {
  readonly connectionString: string;
  /** Between probes while healthy. Default 2 s; while unhealthy, half of it. */
  readonly intervalMs?: number;
  /** Connect and query timeout of one probe. Default 2 s. */
  readonly timeoutMs?: number;
  /** Called when health changes. */
  readonly onChange?: (healthy: boolean, error: string | undefined) => void;
}

/**
 * Probes PostgreSQL with `SELECT 1` on a connection of its own, every few seconds, with connect and query
 * timeouts, so that `/healthz` knows the store is down even when no client writes, and the relay can refuse
 * store work at once instead of letting it queue behind a dead pool (see {@link guardStore}).
 */
export class PostgresProbe implements HealthProbe {
  private client: Client | undefined;
  private ok = true;
  private failures = 0;
  private recoveries = 0;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PostgresProbeOptions) {}

  /** Probes once (resolves when done) and then keeps probing in the background. */
  async start(): Promise<void> {
    await this.probe();
  }

  healthy(): boolean {
    return this.ok;
  }

  snapshot(): HealthSnapshot {
    return { healthy: this.ok, failures: this.failures, recoveries: this.recoveries, lastError: this.lastError };
  }

  /** Probes now (used after a store call failed, so health follows reality without waiting for the timer). */
  probe(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const interval = this.options.intervalMs ?? 2000;
    this.timer = setTimeout(() => void this.probe(), this.ok ? interval : Math.max(100, interval / 2));
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const timeout = this.options.timeoutMs ?? 2000;
    const connect = async (): Promise<Client> => {
      // Loaded on the first check: a relay on SQLite never loads the PostgreSQL driver.
      const { Client } = await import('pg');
      const client = new Client({
        connectionString: this.options.connectionString,
        connectionTimeoutMillis: timeout,
        query_timeout: timeout,
      });
      client.on('error', () => undefined);
      this.client = client;
      await client.connect();
      return client;
    };
    try {
      const existing = this.client;
      try {
        await (existing ?? (await connect())).query('SELECT 1');
      } catch (error) {
        if (!existing) throw error;
        // The probe's own connection may have died in an earlier outage: judge by a fresh one.
        void existing.end().catch(() => undefined);
        await (await connect()).query('SELECT 1');
      }
      this.set(true, undefined);
    } catch (error) {
      const dead = this.client;
      this.client = undefined;
      void dead?.end().catch(() => undefined);
      this.failures += 1;
      this.set(false, (error as { code?: string }).code ?? (error as Error).message.slice(0, 80));
    }
  }

  private set(healthy: boolean, error: string | undefined): void {
    if (error !== undefined) this.lastError = error;
    if (healthy === this.ok || this.closed) return;
    this.ok = healthy;
    if (healthy) this.recoveries += 1;
    this.options.onChange?.(healthy, error);
  }
}
