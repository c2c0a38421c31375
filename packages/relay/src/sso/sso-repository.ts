import type { SsoDefaultRole, SsoKind } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** How long the operator's break-glass lets an owner's password in by default (`parley-relay account break-glass`). */
export const BREAK_GLASS_TTL_MS = 60 * 60_000;

/** What a SAML 2.0 provider has besides a provider's common fields (its IdP entity id is the record's `issuer`). */
export interface SamlSettings {
  /** The IdP's single sign-on service (HTTP-Redirect binding). */
  readonly ssoUrl: string;
  /** The IdP's signing certificate, PEM. */
  readonly certificate: string;
  /** The attribute of the email; `null`: the usual ones, then an `emailAddress` NameID. */
  readonly emailAttribute: string | null;
}

/**
 * A site's identity provider, as stored. OpenID Connect: its issuer, client (the secret sealed) and scopes. SAML:
 * its IdP entity id in `issuer`, no client (empty), and {@link SamlSettings}.
 */
export interface SsoProviderRecord {
  readonly id: string;
  readonly siteId: string;
  readonly kind: SsoKind;
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretSealed: string;
  readonly scopes: readonly string[];
  readonly allowedDomains: readonly string[];
  readonly defaultRole: SsoDefaultRole;
  readonly enabled: boolean;
  readonly saml: SamlSettings | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A sign-in under way (`sso_flows`). */
export interface SsoFlow {
  readonly stateHash: string;
  readonly providerId: string;
  readonly bindingHash: string;
  readonly verifierSealed: string;
  readonly nonce: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** An identity waiting for the password of the account of its email (`sso_pending_links`). */
export interface SsoPendingLink {
  readonly tokenHash: string;
  readonly providerId: string;
  readonly subject: string;
  readonly accountId: string;
  readonly email: string;
  readonly sid: string | null;
  /** The hash of the link cookie of the browser the sign-in came back to (`null`: a link made before it was kept). */
  readonly bindingHash: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
}

interface ProviderRow {
  id: string;
  site_id: string;
  kind: string;
  saml_sso_url: string | null;
  saml_certificate: string | null;
  saml_email_attribute: string | null;
  name: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  scopes: string;
  allowed_domains: string;
  default_role: string;
  enabled: number | string | boolean;
  created_at: number | string;
  updated_at: number | string;
}

const provider = (row: ProviderRow): SsoProviderRecord => ({
  id: row.id,
  siteId: row.site_id,
  kind: row.kind === 'saml' ? 'saml' : 'oidc',
  name: row.name,
  issuer: row.issuer,
  clientId: row.client_id,
  clientSecretSealed: row.client_secret_sealed,
  scopes: JSON.parse(row.scopes) as string[],
  allowedDomains: JSON.parse(row.allowed_domains) as string[],
  defaultRole: row.default_role === 'admin' ? 'admin' : 'agent',
  enabled: Number(row.enabled) === 1,
  saml:
    row.kind === 'saml'
      ? {
          ssoUrl: row.saml_sso_url ?? '',
          certificate: row.saml_certificate ?? '',
          emailAttribute: row.saml_email_attribute,
        }
      : null,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** The outcome of using a one-time row: used now, or why not. */
export type UseOnce<T> = { readonly ok: true; readonly row: T } | { readonly ok: false };

/**
 * Single sign-on's tables: providers, the sites' requirement, sign-ins under way, identities waiting for a password,
 * linked identities, the sessions providers opened, the operator's break-glass, and logout tokens seen.
 */
export class SsoRepository {
  constructor(readonly db: SqlDb) {}

  // ---- providers ---------------------------------------------------------------------------------------------

  async providers(siteId?: string): Promise<SsoProviderRecord[]> {
    const rows =
      siteId === undefined
        ? await this.db.all<ProviderRow>('SELECT * FROM sso_providers ORDER BY created_at, id')
        : await this.db.all<ProviderRow>('SELECT * FROM sso_providers WHERE site_id = ? ORDER BY created_at, id', [
            siteId,
          ]);
    return rows.map(provider);
  }

  async provider(id: string): Promise<SsoProviderRecord | undefined> {
    const [row] = await this.db.all<ProviderRow>('SELECT * FROM sso_providers WHERE id = ?', [id]);
    return row ? provider(row) : undefined;
  }

  async putProvider(p: SsoProviderRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_providers (id, site_id, kind, name, issuer, client_id, client_secret_sealed, scopes,
         allowed_domains, default_role, enabled, saml_sso_url, saml_certificate, saml_email_attribute, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, issuer = excluded.issuer, client_id = excluded.client_id,
         client_secret_sealed = excluded.client_secret_sealed, scopes = excluded.scopes,
         allowed_domains = excluded.allowed_domains, default_role = excluded.default_role, enabled = excluded.enabled,
         saml_sso_url = excluded.saml_sso_url, saml_certificate = excluded.saml_certificate,
         saml_email_attribute = excluded.saml_email_attribute, updated_at = excluded.updated_at`,
      [
        p.id,
        p.siteId,
        p.kind,
        p.name,
        p.issuer,
        p.clientId,
        p.clientSecretSealed,
        JSON.stringify(p.scopes),
        JSON.stringify(p.allowedDomains),
        p.defaultRole,
        p.enabled ? 1 : 0,
        p.saml?.ssoUrl ?? null,
        p.saml?.certificate ?? null,
        p.saml?.emailAttribute ?? null,
        p.createdAt,
        p.updatedAt,
      ],
    );
  }

  /** Deletes a provider of the site with what hangs on it (identities, sign-ins under way); false when none. */
  async deleteProvider(siteId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const deleted = await db.run('DELETE FROM sso_providers WHERE site_id = ? AND id = ?', [siteId, id]);
      if (deleted === 0) return false;
      for (const table of ['sso_identities', 'sso_flows', 'sso_pending_links'])
        await db.run(`DELETE FROM ${table} WHERE provider_id = ?`, [id]);
      return true;
    });
  }

  // ---- the site's requirement --------------------------------------------------------------------------------

  async requireSso(siteId: string): Promise<boolean> {
    const [row] = await this.db.all<{ require_sso: number | string }>(
      'SELECT require_sso FROM sso_site_settings WHERE site_id = ?',
      [siteId],
    );
    return row !== undefined && Number(row.require_sso) === 1;
  }

  /** The sites among `siteIds` that require single sign-on. */
  async sitesRequiringSso(siteIds: readonly string[]): Promise<string[]> {
    if (siteIds.length === 0) return [];
    const rows = await this.db.all<{ site_id: string }>(
      `SELECT site_id FROM sso_site_settings WHERE require_sso = 1 AND site_id IN (${siteIds.map(() => '?').join(', ')})`,
      siteIds,
    );
    return rows.map((row) => row.site_id);
  }

  async setRequireSso(siteId: string, requireSso: boolean, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_site_settings (site_id, require_sso, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET require_sso = excluded.require_sso, updated_at = excluded.updated_at`,
      [siteId, requireSso ? 1 : 0, now],
    );
  }

  // ---- sign-ins under way ------------------------------------------------------------------------------------

  async putFlow(flow: SsoFlow): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_flows (state_hash, provider_id, binding_hash, verifier_sealed, nonce, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        flow.stateHash,
        flow.providerId,
        flow.bindingHash,
        flow.verifierSealed,
        flow.nonce,
        flow.createdAt,
        flow.expiresAt,
      ],
    );
  }

  /**
   * Uses a sign-in at most once, before it expires: one statement, so two callbacks with one state (a replay,
   * another relay) cannot both go on.
   */
  async useFlow(stateHash: string, now: number): Promise<UseOnce<SsoFlow>> {
    const changed = await this.db.run(
      'UPDATE sso_flows SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ?',
      [now, stateHash, now],
    );
    if (changed === 0) return { ok: false };
    const [row] = await this.db.all<{
      state_hash: string;
      provider_id: string;
      binding_hash: string;
      verifier_sealed: string;
      nonce: string;
      created_at: number | string;
      expires_at: number | string;
    }>('SELECT * FROM sso_flows WHERE state_hash = ?', [stateHash]);
    if (!row) return { ok: false };
    return {
      ok: true,
      row: {
        stateHash: row.state_hash,
        providerId: row.provider_id,
        bindingHash: row.binding_hash,
        verifierSealed: row.verifier_sealed,
        nonce: row.nonce,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      },
    };
  }

  // ---- identities waiting for a password ---------------------------------------------------------------------

  async putPendingLink(link: SsoPendingLink): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_pending_links
         (token_hash, provider_id, subject, account_id, email, sid, binding_hash, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        link.tokenHash,
        link.providerId,
        link.subject,
        link.accountId,
        link.email,
        link.sid,
        link.bindingHash,
        link.createdAt,
        link.expiresAt,
      ],
    );
  }

  /** A pending link still usable (unused, unexpired). */
  async pendingLink(tokenHash: string, now: number): Promise<SsoPendingLink | undefined> {
    const [row] = await this.db.all<{
      token_hash: string;
      provider_id: string;
      subject: string;
      account_id: string;
      email: string;
      sid: string | null;
      binding_hash: string | null;
      created_at: number | string;
      expires_at: number | string;
    }>('SELECT * FROM sso_pending_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?', [tokenHash, now]);
    return row
      ? {
          tokenHash: row.token_hash,
          providerId: row.provider_id,
          subject: row.subject,
          accountId: row.account_id,
          email: row.email,
          sid: row.sid,
          bindingHash: row.binding_hash,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
        }
      : undefined;
  }

  /** Uses a pending link at most once. */
  async usePendingLink(tokenHash: string, now: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE sso_pending_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
      [now, tokenHash, now],
    );
    return changed > 0;
  }

  // ---- identities ----------------------------------------------------------------------------------------------

  /** The account a provider's subject is linked to. */
  async identity(providerId: string, subject: string): Promise<string | undefined> {
    const [row] = await this.db.all<{ account_id: string }>(
      'SELECT account_id FROM sso_identities WHERE provider_id = ? AND subject = ?',
      [providerId, subject],
    );
    return row?.account_id;
  }

  /** Links a subject to an account (a subject is linked once: a second link of it changes nothing). */
  async link(providerId: string, subject: string, accountId: string, email: string, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_identities (provider_id, subject, account_id, email, created_at, last_login_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider_id, subject) DO NOTHING`,
      [providerId, subject, accountId, email, now, now],
    );
  }

  async touchIdentity(providerId: string, subject: string, email: string, now: number): Promise<void> {
    await this.db.run('UPDATE sso_identities SET last_login_at = ?, email = ? WHERE provider_id = ? AND subject = ?', [
      now,
      email,
      providerId,
      subject,
    ]);
  }

  // ---- sessions a provider opened ------------------------------------------------------------------------------

  async recordSession(
    sessionId: string,
    providerId: string,
    subject: string,
    sid: string | null,
    accountId: string,
    now: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_sessions (session_id, provider_id, subject, sid, account_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [sessionId, providerId, subject, sid, accountId, now],
    );
  }

  /** The site whose provider opened this session; `undefined`: no provider did (a password, a link). */
  async sessionProviderSite(sessionId: string): Promise<string | undefined> {
    const [row] = await this.db.all<{ site_id: string }>(
      `SELECT p.site_id FROM sso_sessions s JOIN sso_providers p ON p.id = s.provider_id WHERE s.session_id = ?`,
      [sessionId],
    );
    return row?.site_id;
  }

  /**
   * Unlinks the account's identities of providers of sites other than `keepSiteId` (all of them when `null`).
   * Resolves what was unlinked, for the audit log.
   */
  async dropIdentities(
    accountId: string,
    keepSiteId: string | null,
  ): Promise<{ providerId: string; siteId: string; subject: string }[]> {
    return this.db.transaction(async (db) => {
      const rows = await db.all<{ provider_id: string; site_id: string; subject: string }>(
        `SELECT i.provider_id, p.site_id, i.subject FROM sso_identities i JOIN sso_providers p ON p.id = i.provider_id
         WHERE i.account_id = ?`,
        [accountId],
      );
      const dropped = rows.filter((r) => r.site_id !== keepSiteId);
      for (const r of dropped)
        await db.run('DELETE FROM sso_identities WHERE provider_id = ? AND subject = ?', [r.provider_id, r.subject]);
      return dropped.map((r) => ({ providerId: r.provider_id, siteId: r.site_id, subject: r.subject }));
    });
  }

  /** The sites whose providers linked an identity to the account. */
  async identitySites(accountId: string): Promise<string[]> {
    const rows = await this.db.all<{ site_id: string }>(
      `SELECT DISTINCT p.site_id FROM sso_identities i JOIN sso_providers p ON p.id = i.provider_id
       WHERE i.account_id = ?`,
      [accountId],
    );
    return rows.map((row) => row.site_id);
  }

  /** Whether a provider of `siteId` opened this session (another site's provider vouches for nothing here). */
  async isSsoSessionOf(sessionId: string, siteId: string): Promise<boolean> {
    const rows = await this.db.all(
      `SELECT 1 FROM sso_sessions s JOIN sso_providers p ON p.id = s.provider_id
       WHERE s.session_id = ? AND p.site_id = ?`,
      [sessionId, siteId],
    );
    return rows.length > 0;
  }

  /**
   * The live sessions on `siteId` that no provider of the site opened (passwords', before the site required single
   * sign-on), with their accounts.
   */
  async passwordSessions(siteId: string, now: number): Promise<{ sessionId: string; accountId: string }[]> {
    const rows = await this.db.all<{ id: string; account_id: string }>(
      `SELECT a.id, a.account_id FROM auth_sessions a
       WHERE a.site_id = ? AND a.revoked_at IS NULL AND a.expires_at > ?
         AND NOT EXISTS (SELECT 1 FROM sso_sessions s JOIN sso_providers p ON p.id = s.provider_id
                         WHERE s.session_id = a.id AND p.site_id = a.site_id)`,
      [siteId, now],
    );
    return rows.map((row) => ({ sessionId: row.id, accountId: row.account_id }));
  }

  /** The sessions of a provider's subject, or of one of its sessions (`sid`), with their accounts. */
  async sessionsOf(
    providerId: string,
    which: { readonly subject?: string | undefined; readonly sid?: string | undefined },
  ): Promise<{ sessionId: string; accountId: string }[]> {
    const conditions: string[] = [];
    const params: string[] = [providerId];
    if (which.subject !== undefined) {
      conditions.push('subject = ?');
      params.push(which.subject);
    }
    if (which.sid !== undefined) {
      conditions.push('sid = ?');
      params.push(which.sid);
    }
    if (conditions.length === 0) return [];
    const rows = await this.db.all<{ session_id: string; account_id: string }>(
      `SELECT session_id, account_id FROM sso_sessions WHERE provider_id = ? AND ${conditions.join(' AND ')}`,
      params,
    );
    return rows.map((row) => ({ sessionId: row.session_id, accountId: row.account_id }));
  }

  // ---- break-glass and logout tokens ---------------------------------------------------------------------------

  async breakGlassUntil(accountId: string): Promise<number | undefined> {
    const [row] = await this.db.all<{ until: number | string }>(
      'SELECT until FROM sso_break_glass WHERE account_id = ?',
      [accountId],
    );
    return row === undefined ? undefined : Number(row.until);
  }

  async setBreakGlass(accountId: string, until: number, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO sso_break_glass (account_id, until, created_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET until = excluded.until, created_at = excluded.created_at`,
      [accountId, until, now],
    );
  }

  /** Records a logout token's id; false when it was seen already (a replay). */
  async useLogoutToken(jti: string, expiresAt: number, now: number): Promise<boolean> {
    await this.db.run('DELETE FROM sso_logout_tokens WHERE expires_at <= ?', [now]);
    const changed = await this.db.run(
      'INSERT INTO sso_logout_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING',
      [jti, expiresAt],
    );
    return changed > 0;
  }

  /**
   * Records the id of a SAML assertion or response accepted (`<provider id> <id>`) until it expires; false when it
   * was accepted already (a replay).
   */
  async useSamlId(id: string, expiresAt: number, now: number): Promise<boolean> {
    await this.db.run('DELETE FROM sso_saml_seen WHERE expires_at <= ?', [now]);
    const changed = await this.db.run(
      'INSERT INTO sso_saml_seen (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
      [id, expiresAt],
    );
    return changed > 0;
  }

  /** Sign-ins and pending links that ended before `before` go, and records of sessions long ended. */
  async prune(before: number): Promise<void> {
    await this.db.run('DELETE FROM sso_flows WHERE expires_at < ?', [before]);
    await this.db.run('DELETE FROM sso_pending_links WHERE expires_at < ?', [before]);
    // A session lives 30 days at most: its row here is of no use after.
    await this.db.run('DELETE FROM sso_sessions WHERE created_at < ?', [before - 31 * 24 * 3600_000]);
  }
}
