import { parseScopes, type Conversation, type Site, type Staff } from './store.js';

/** The rows of {@link PostgresStore}'s tables, and their mappers. */

export interface SiteRow {
  id: string;
  name: string;
  site_key: string;
  allowed_origins: string[];
  identity_secret: string;
  require_identity: boolean;
}

export interface StaffRow {
  id: string;
  site_id: string;
  name: string;
  role: Staff['role'];
  token_hash: string | null;
  created_at: string;
  revoked_at: string | null;
  account_id: string | null;
  scopes: string | null;
  expires_at: string | null;
  deactivated_at: string | null;
}

export interface ConversationRow {
  id: string;
  site_id: string;
  visitor_id: string;
  status: Conversation['status'];
  last_seq: number;
  visitor_read_seq: number;
  staff_read_seq: number;
  created_at: string;
  updated_at: string;
}

/** The columns of a {@link ConversationRow}. */
export const CONVERSATION_COLUMNS =
  'id, site_id, visitor_id, status, last_seq, visitor_read_seq, staff_read_seq, created_at, updated_at';

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    siteKey: row.site_key,
    allowedOrigins: row.allowed_origins,
    identitySecret: row.identity_secret,
    requireIdentity: row.require_identity,
  };
}

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    role: row.role,
    tokenHash: row.token_hash,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    accountId: row.account_id,
    scopes: parseScopes(row.scopes),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    deactivatedAt: row.deactivated_at === null ? null : Number(row.deactivated_at),
  };
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    siteId: row.site_id,
    visitorId: row.visitor_id,
    status: row.status,
    lastSeq: row.last_seq,
    visitorReadSeq: row.visitor_read_seq,
    staffReadSeq: row.staff_read_seq,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
