/** Webhooks (issue #16): a site's endpoints, and the log of their delivery attempts. */

import type { OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { OutboxClaim, OutboxSettlement } from '../store/admin-store.js';
import type {
  WebhookDeliveryInput,
  WebhookDeliveryRecord,
  WebhookEndpointPatch,
  WebhookEndpointRecord,
} from './webhook-store.js';
import { INSERT_CHUNK, bool, chunks, pageOf, parseJson, placeholders } from '../store/sql/admin-rows.js';
import { settleAndClaimOn } from '../store/sql/outbox-queries.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';

interface EndpointRow {
  id: string;
  site_id: string;
  url: string;
  events: string;
  secret: string;
  enabled: number | boolean;
  batch: number | boolean;
  disabled_reason: string | null;
  disabled_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

interface DeliveryRow {
  id: number | string;
  site_id: string;
  endpoint_id: string;
  job_id: string;
  event_id: string;
  event_type: string;
  conversation_id: string | null;
  attempt: number;
  at: number | string;
  outcome: WebhookDeliveryRecord['outcome'];
  status_code: number | null;
  error: string | null;
  latency_ms: number;
  excerpt: string | null;
  event_count: number;
  resendable: number | boolean;
}

const ENDPOINT_COLUMNS =
  'id, site_id, url, events, secret, enabled, batch, disabled_reason, disabled_at, created_at, updated_at';

function toEndpoint(row: EndpointRow): WebhookEndpointRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    url: row.url,
    events: parseJson<string[]>(row.events) ?? [],
    secretSealed: row.secret,
    enabled: bool(row.enabled),
    batch: bool(row.batch),
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toDelivery(row: DeliveryRow): WebhookDeliveryRecord {
  return {
    id: String(row.id),
    siteId: row.site_id,
    endpointId: row.endpoint_id,
    jobId: row.job_id,
    eventId: row.event_id,
    eventType: row.event_type,
    conversationId: row.conversation_id,
    attempt: Number(row.attempt),
    at: Number(row.at),
    outcome: row.outcome,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: row.error,
    latencyMs: Number(row.latency_ms),
    excerpt: row.excerpt,
    eventCount: Number(row.event_count),
    resendable: bool(row.resendable),
  };
}

export async function listWebhooks(db: SqlDb, siteId: string): Promise<WebhookEndpointRecord[]> {
  const rows = await db.all<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE site_id = ? ORDER BY created_at, id`,
    [siteId],
  );
  return rows.map(toEndpoint);
}

export async function getWebhook(db: SqlDb, siteId: string, id: string): Promise<WebhookEndpointRecord | undefined> {
  const [row] = await db.all<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE site_id = ? AND id = ?`,
    [siteId, id],
  );
  return row && toEndpoint(row);
}

export async function enabledWebhooks(db: SqlDb): Promise<WebhookEndpointRecord[]> {
  const rows = await db.all<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE ${db.isTrue('enabled')} ORDER BY site_id, created_at, id`,
  );
  return rows.map(toEndpoint);
}

export async function createWebhook(db: SqlDb, endpoint: WebhookEndpointRecord): Promise<WebhookEndpointRecord> {
  await db.run(`INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    endpoint.id,
    endpoint.siteId,
    endpoint.url,
    JSON.stringify(endpoint.events),
    endpoint.secretSealed,
    endpoint.enabled,
    endpoint.batch,
    endpoint.disabledReason,
    endpoint.disabledAt,
    endpoint.createdAt,
    endpoint.updatedAt,
  ]);
  return endpoint;
}

export async function updateWebhook(
  db: SqlDb,
  siteId: string,
  id: string,
  patch: WebhookEndpointPatch,
  now: number,
): Promise<WebhookEndpointRecord | undefined> {
  const sets = ['updated_at = ?'];
  const params: SqlValue[] = [now];
  if (patch.url !== undefined) {
    sets.push('url = ?');
    params.push(patch.url);
  }
  if (patch.events !== undefined) {
    sets.push('events = ?');
    params.push(JSON.stringify(patch.events));
  }
  if (patch.batch !== undefined) {
    sets.push('batch = ?');
    params.push(patch.batch);
  }
  if (patch.enabled !== undefined) {
    // Disabled by staff: no reason of the relay's. Enabled: whatever the relay said no longer holds.
    sets.push('enabled = ?', 'disabled_reason = NULL', 'disabled_at = ?');
    params.push(patch.enabled, patch.enabled ? null : now);
  }
  const changed = await db.run(`UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE site_id = ? AND id = ?`, [
    ...params,
    siteId,
    id,
  ]);
  return changed === 0 ? undefined : getWebhook(db, siteId, id);
}

export async function deleteWebhook(db: SqlDb, siteId: string, id: string): Promise<boolean> {
  return db.transaction(async (db) => {
    const deleted = await db.run('DELETE FROM webhook_endpoints WHERE site_id = ? AND id = ?', [siteId, id]);
    if (deleted > 0) await db.run('DELETE FROM webhook_deliveries WHERE endpoint_id = ?', [id]);
    return deleted > 0;
  });
}

export async function disableWebhook(
  db: SqlDb,
  siteId: string,
  id: string,
  reason: string,
  now: number,
  effects: readonly OutboxInsert[],
): Promise<boolean> {
  return db.transaction(async (db) => {
    const changed = await db.run(
      `UPDATE webhook_endpoints SET enabled = ?, disabled_reason = ?, disabled_at = ?, updated_at = ?
       WHERE site_id = ? AND id = ? AND ${db.isTrue('enabled')}`,
      [false, reason, now, now, siteId, id],
    );
    if (changed === 0) return false;
    await enqueue(db, effects, now);
    return true;
  });
}

const DELIVERY_COLUMNS = `site_id, endpoint_id, job_id, event_id, event_type, conversation_id, attempt, at, outcome,
  status_code, error, latency_ms, excerpt, event_count`;
/** The values of one delivery log row, in {@link DELIVERY_COLUMNS}' order. */
const DELIVERY_WIDTH = 14;
const DELIVERY_MARKS = `(${placeholders(DELIVERY_WIDTH)})`;

function deliveryValues(delivery: WebhookDeliveryInput): SqlValue[] {
  return [
    delivery.siteId,
    delivery.endpointId,
    delivery.jobId,
    delivery.eventId,
    delivery.eventType,
    delivery.conversationId,
    delivery.attempt,
    delivery.at,
    delivery.outcome,
    delivery.statusCode,
    delivery.error,
    delivery.latencyMs,
    delivery.excerpt,
    delivery.eventCount ?? 1,
  ];
}

export async function recordWebhookDelivery(db: SqlDb, delivery: WebhookDeliveryInput): Promise<void> {
  await db.run(
    `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES ${DELIVERY_MARKS}`,
    deliveryValues(delivery),
  );
}

/**
 * Writes delivery log rows on `db` (inside a transaction), many to a statement: one statement per row was most of
 * what the log cost under load.
 */
export async function insertWebhookDeliveries(db: SqlDb, deliveries: readonly WebhookDeliveryInput[]): Promise<void> {
  for (const part of chunks(deliveries, Math.floor(INSERT_CHUNK / DELIVERY_WIDTH))) {
    await db.run(
      `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES ${part.map(() => DELIVERY_MARKS).join(', ')}`,
      part.flatMap(deliveryValues),
    );
  }
}

/**
 * Records the outcomes of webhook jobs and their delivery log rows in one transaction (the worker's batch): one
 * commit for both, which do not wait for the disk (a crash losing them repeats deliveries, as at least once allows).
 * With `claim`, the transaction then claims due jobs and returns them, as `settleOutbox` does.
 */
export function settleWebhookJobs(
  db: SqlDb,
  settlements: readonly OutboxSettlement[],
  deliveries: readonly WebhookDeliveryInput[],
  claim?: OutboxClaim,
): Promise<OutboxJob[]> {
  if (settlements.length === 0 && deliveries.length === 0 && !claim) return Promise.resolve([]);
  return db.transaction(
    async (db) => {
      await insertWebhookDeliveries(db, deliveries);
      return settleAndClaimOn(db, settlements, claim);
    },
    { durable: false },
  );
}

/** Records many deliveries in one transaction. */
export function recordWebhookDeliveries(db: SqlDb, deliveries: readonly WebhookDeliveryInput[]): Promise<void> {
  if (deliveries.length === 0) return Promise.resolve();
  // The log is for people: a crash losing its last rows loses no delivery, so the commit does not wait for the disk.
  return db.transaction((db) => insertWebhookDeliveries(db, deliveries), { durable: false });
}

export async function listWebhookDeliveries(
  db: SqlDb,
  siteId: string,
  endpointId: string,
  before: number | undefined,
  limit: number,
): Promise<{ items: WebhookDeliveryRecord[]; next: number | undefined }> {
  const where = ['d.site_id = ?', 'd.endpoint_id = ?'];
  const params: SqlValue[] = [siteId, endpointId];
  if (before !== undefined) {
    where.push('d.id < ?');
    params.push(before);
  }
  const rows = await db.all<DeliveryRow>(
    `SELECT d.*, (substr(d.job_id, 1, 3) = 'ml_' OR EXISTS (SELECT 1 FROM outbox o WHERE o.id = d.job_id)) AS resendable
     FROM webhook_deliveries d WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  return pageOf(rows, limit, toDelivery, (row) => Number(row.id));
}

export async function resendWebhookDelivery(
  db: SqlDb,
  siteId: string,
  endpointId: string,
  deliveryId: string,
  now: number,
): Promise<{ jobId: string } | 'not_found' | 'gone'> {
  if (!/^\d{1,18}$/.test(deliveryId)) return 'not_found';
  const [delivery] = await db.all<{ job_id: string }>(
    'SELECT job_id FROM webhook_deliveries WHERE site_id = ? AND endpoint_id = ? AND id = ?',
    [siteId, endpointId, Number(deliveryId)],
  );
  if (!delivery) return 'not_found';
  const [job] = await db.all<{ key: string | null; conversation_id: string | null; payload: string }>(
    `SELECT o.key, o.conversation_id, p.payload FROM outbox o JOIN outbox_payload p ON p.seq = o.seq
     WHERE o.id = ? AND o.site_id = ? AND o.kind = 'webhook'`,
    [delivery.job_id, siteId],
  );
  if (!job) return 'gone';
  const [jobId] = await db.transaction((db) =>
    enqueue(
      db,
      [
        {
          kind: 'webhook',
          siteId,
          key: job.key,
          conversationId: job.conversation_id,
          payload: JSON.parse(job.payload) as unknown,
        },
      ],
      now,
    ),
  );
  return { jobId: jobId! };
}

export async function pruneWebhookDeliveries(db: SqlDb, before: number, limit: number): Promise<number> {
  return db.run('DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE at < ? LIMIT ?)', [
    before,
    limit,
  ]);
}
