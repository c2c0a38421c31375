import type { Migration } from '../store/migration.js';

/**
 * The desk's migrations (the admin API) beyond the core: the settings pages and reports (docs/reports.md). Never
 * edit one that has shipped: add another.
 */
export const ADMIN_MIGRATIONS: readonly Migration[] = [
  // The inbox's settings pages (issue #19): the site's logo (an https URL, shown in its emails), and the audit log
  // filtered by actor or by action, newest first, without walking the whole site's log. Was SQLite 17, PostgreSQL 16.
  {
    name: 'desk.settings-pages',
    // Its column goes after theirs in site_settings, as in every database made before names.
    after: ['email.threads', 'auth.accounts'],
    ddl: ({ TEXT }) => `
  ALTER TABLE site_settings ADD COLUMN logo_url ${TEXT};
  CREATE INDEX audit_by_actor ON audit_log(site_id, actor_id, id);
  CREATE INDEX audit_by_action ON audit_log(site_id, action, id);
  `,
  },
  // Reports (issue #19, docs/reports.md). Conversations by creation and by resolution; ratings through the few messages
  // that have an `extra`. Messages by time have no index: ids grow with time, so a range of time is a range of ids
  // (report-queries.ts `idsAtTimes`), and an index on time would cost every stored message a second b-tree insert — a
  // quarter of the relay's CPU per delivery in the bench's fan-out (docs/performance.md). PostgreSQL does index
  // messages by time, for index-only scans of a range. Was SQLite 18, PostgreSQL 17.
  {
    name: 'desk.reports',
    after: ['automations.bot-messages', 'routing.teams-and-sla'],
    sqlite: `
  CREATE INDEX messages_rated ON messages(ts) WHERE extra IS NOT NULL;
  CREATE INDEX conversations_by_created ON conversations(site_id, created_at);
  CREATE INDEX conversations_by_resolution ON conversations(site_id, resolved_at) WHERE resolved_at IS NOT NULL;
  `,
    postgres: `
  CREATE INDEX messages_by_time ON messages(ts, author_role, kind, conversation_id, author_id);
  CREATE INDEX messages_rated ON messages(ts) WHERE extra IS NOT NULL;
  CREATE INDEX conversations_by_created ON conversations(site_id, created_at);
  CREATE INDEX conversations_by_resolution ON conversations(site_id, resolved_at) WHERE resolved_at IS NOT NULL;
  `,
  },
  // Contacts staff edit (issue #36): the team's notes, and when staff last set the name, the email — from then on
  // what staff set wins over what the visitor's page says, field by field (contact-queries.ts touchContacts).
  {
    name: 'desk.contact-edits',
    ddl: ({ TEXT, BIGINT }) => `
  ALTER TABLE contacts ADD COLUMN notes ${TEXT};
  ALTER TABLE contacts ADD COLUMN name_edited_at ${BIGINT};
  ALTER TABLE contacts ADD COLUMN email_edited_at ${BIGINT};
  `,
  },
  // Day summaries of reports (issue #37, docs/reports.md "Day summaries", report-days.ts): one row per site, time
  // zone and local day that is over, computed the first time a report needs it. The triggers forget the days a change
  // after the fact alters — a conversation deleted (erasure, retention: every day from its creation to its last
  // message), a change of its assignee, status, resolution — and move the site's epoch, so that a summary computed
  // while such a change was under way is never kept. The message path fires none of them: it sets only `last_seq`
  // and `updated_at`.
  {
    name: 'desk.report-days',
    after: ['desk.reports'],
    sqlite: `
  CREATE TABLE report_days (
    site_id TEXT NOT NULL,
    tz TEXT NOT NULL,
    day_start INTEGER NOT NULL,
    day_end INTEGER NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (site_id, tz, day_start)
  ) STRICT;
  CREATE TABLE report_epochs (site_id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
  CREATE TRIGGER report_days_forget_deleted AFTER DELETE ON conversations BEGIN
    DELETE FROM report_days WHERE site_id = old.site_id AND day_end > old.created_at - 3600000
      AND day_start <= max(old.created_at, coalesce(old.updated_at, 0), coalesce(old.resolved_at, 0));
    INSERT INTO report_epochs (site_id, n) VALUES (old.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  CREATE TRIGGER report_days_forget_changed AFTER UPDATE OF assignee_id, status, resolved_at, created_at ON conversations
    WHEN old.assignee_id IS NOT new.assignee_id OR old.status IS NOT new.status
      OR old.resolved_at IS NOT new.resolved_at OR old.created_at IS NOT new.created_at
  BEGIN
    DELETE FROM report_days WHERE site_id = old.site_id AND (
      (day_start <= old.created_at AND day_end > old.created_at)
      OR (day_start <= new.created_at AND day_end > new.created_at)
      OR (day_start <= old.resolved_at AND day_end > old.resolved_at)
      OR (day_start <= new.resolved_at AND day_end > new.resolved_at));
    INSERT INTO report_epochs (site_id, n) VALUES (old.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  `,
    postgres: `
  CREATE TABLE report_days (
    site_id text NOT NULL,
    tz text NOT NULL,
    day_start bigint NOT NULL,
    day_end bigint NOT NULL,
    summary text NOT NULL,
    PRIMARY KEY (site_id, tz, day_start)
  );
  CREATE TABLE report_epochs (site_id text PRIMARY KEY, n bigint NOT NULL);
  CREATE FUNCTION report_days_forget() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      DELETE FROM report_days WHERE site_id = OLD.site_id AND day_end > OLD.created_at - 3600000
        AND day_start <= greatest(OLD.created_at, OLD.updated_at, OLD.resolved_at);
    ELSE
      DELETE FROM report_days WHERE site_id = OLD.site_id AND (
        (day_start <= OLD.created_at AND day_end > OLD.created_at)
        OR (day_start <= NEW.created_at AND day_end > NEW.created_at)
        OR (day_start <= OLD.resolved_at AND day_end > OLD.resolved_at)
        OR (day_start <= NEW.resolved_at AND day_end > NEW.resolved_at));
    END IF;
    INSERT INTO report_epochs (site_id, n) VALUES (OLD.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER report_days_forget_deleted AFTER DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION report_days_forget();
  CREATE TRIGGER report_days_forget_changed AFTER UPDATE OF assignee_id, status, resolved_at, created_at ON conversations
    FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.status IS DISTINCT FROM NEW.status
      OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION report_days_forget();
  `,
  },
  // Channels (issue #38, docs/email.md): a conversation opened by email at a support address, or by an API channel,
  // names its channel, its subject and the address it came through (the support address; the API channel's id) here;
  // a conversation without a row is a chat. Written by the channel that opens it just before the conversation's
  // first message (the id is known before), never by the message path.
  {
    name: 'desk.conversation-channels',
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE conversation_channels (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    channel ${TEXT} NOT NULL CHECK (channel IN ('email', 'api')),
    subject ${TEXT},
    address ${TEXT},
    created_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX conversation_channels_by_site ON conversation_channels(site_id, channel);
  `,
  },
  // Bouncing addresses (issue #38, docs/email.md "Bounces"): when a delivery report said the contact's email fails
  // for good. Cleared when the contact's email changes; the outbox's email handlers skip such an address.
  {
    name: 'desk.email-bouncing',
    ddl: ({ BIGINT }) => `
  ALTER TABLE contacts ADD COLUMN email_bouncing_at ${BIGINT};
  `,
  },
  // Whose word a contact's email is (issue #81, docs/merge.md "Possible duplicates"): true when the site signed it
  // (`user.emailHash`) or staff set it, false when it is the page's or the visitor's claim. Merge suggests duplicates
  // by vouched addresses only, through the partial index, so that no claim pulls another person's record into a
  // suggestion, and a site's many unvouched contacts of one address cost the lookup nothing. An address staff set
  // before counts; one the page gave before is a claim until it is given signed.
  {
    name: 'desk.contact-email-vouched',
    after: ['desk.contact-edits'],
    sqlite: `
  ALTER TABLE contacts ADD COLUMN email_vouched INTEGER NOT NULL DEFAULT 0;
  UPDATE contacts SET email_vouched = 1 WHERE email_edited_at IS NOT NULL AND email_hash IS NOT NULL;
  CREATE INDEX contacts_by_vouched_email ON contacts(site_id, email_hash, contact_id) WHERE email_vouched = 1;
  `,
    postgres: `
  ALTER TABLE contacts ADD COLUMN email_vouched boolean NOT NULL DEFAULT false;
  UPDATE contacts SET email_vouched = true WHERE email_edited_at IS NOT NULL AND email_hash IS NOT NULL;
  CREATE INDEX contacts_by_vouched_email ON contacts(site_id, email_hash, contact_id) WHERE email_vouched;
  `,
  },
  // Providers (issue #84, ADR 2026-11-30-channel-providers): a conversation a messaging channel opened (its kind
  // `api`, as older inboxes know it) names the provider it came through (`whatsapp`), so the inbox's badge, views,
  // rules and exports tell a WhatsApp chat from an API channel's. Null for every other conversation; the messaging
  // feature fills the rows of its conversations from before (`messaging.conversation-providers`).
  {
    name: 'desk.conversation-channel-provider',
    after: ['desk.conversation-channels'],
    ddl: ({ TEXT }) => `
  ALTER TABLE conversation_channels ADD COLUMN provider ${TEXT};
  `,
  },
  // Reports narrowed by a filter set (issue #84, docs/reports.md "Filters", report-filters.ts): a day summary is kept
  // per site, time zone, filter set and local day. `filters` is the set's canonical key, `''` for the whole site's
  // figures: the rows from before are exactly those, so the backfill keeps each of them under `''` (a report of the
  // whole site reads them as before, nothing computed again). The primary key leads with the site, the zone and the
  // set, so a report's days are one range of it, as before; the triggers forget a day of every set at once (they
  // name the site and the day, not the set). SQLite cannot change a primary key in place: the table is made again,
  // its rows copied, the triggers (which name it) dropped and made again unchanged.
  {
    name: 'desk.report-days-filters',
    after: ['desk.report-days'],
    sqlite: `
  DROP TRIGGER report_days_forget_deleted;
  DROP TRIGGER report_days_forget_changed;
  CREATE TABLE report_days_by_filters (
    site_id TEXT NOT NULL,
    tz TEXT NOT NULL,
    filters TEXT NOT NULL,
    day_start INTEGER NOT NULL,
    day_end INTEGER NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (site_id, tz, filters, day_start)
  ) STRICT;
  INSERT INTO report_days_by_filters (site_id, tz, filters, day_start, day_end, summary)
    SELECT site_id, tz, '', day_start, day_end, summary FROM report_days;
  DROP TABLE report_days;
  ALTER TABLE report_days_by_filters RENAME TO report_days;
  CREATE TRIGGER report_days_forget_deleted AFTER DELETE ON conversations BEGIN
    DELETE FROM report_days WHERE site_id = old.site_id AND day_end > old.created_at - 3600000
      AND day_start <= max(old.created_at, coalesce(old.updated_at, 0), coalesce(old.resolved_at, 0));
    INSERT INTO report_epochs (site_id, n) VALUES (old.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  CREATE TRIGGER report_days_forget_changed AFTER UPDATE OF assignee_id, status, resolved_at, created_at ON conversations
    WHEN old.assignee_id IS NOT new.assignee_id OR old.status IS NOT new.status
      OR old.resolved_at IS NOT new.resolved_at OR old.created_at IS NOT new.created_at
  BEGIN
    DELETE FROM report_days WHERE site_id = old.site_id AND (
      (day_start <= old.created_at AND day_end > old.created_at)
      OR (day_start <= new.created_at AND day_end > new.created_at)
      OR (day_start <= old.resolved_at AND day_end > old.resolved_at)
      OR (day_start <= new.resolved_at AND day_end > new.resolved_at));
    INSERT INTO report_epochs (site_id, n) VALUES (old.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  `,
    postgres: `
  ALTER TABLE report_days ADD COLUMN filters text NOT NULL DEFAULT '';
  ALTER TABLE report_days ALTER COLUMN filters DROP DEFAULT;
  ALTER TABLE report_days DROP CONSTRAINT report_days_pkey;
  ALTER TABLE report_days ADD PRIMARY KEY (site_id, tz, filters, day_start);
  `,
  },
  // Reports filtered by team, agent or label (issue #86, docs/reports.md "Filters"): a filtered day's summary counts
  // the messages of the conversations that were of the team, assigned to the agent, or carrying the label when it was
  // computed. A conversation moved to another team or assignee, or labelled or unlabelled, forgets the filtered
  // summaries (`filters <> ''`) of every day from its creation to its last activity, and moves the site's epoch, as
  // `desk.report-days` does for a deleted conversation; the whole site's summaries (`''`) do not depend on those.
  {
    name: 'desk.report-days-moves',
    after: ['desk.report-days-filters', 'routing.teams-and-sla'],
    sqlite: `
  CREATE TRIGGER report_days_forget_moved AFTER UPDATE OF assignee_id, team_id ON conversations
    WHEN old.assignee_id IS NOT new.assignee_id OR old.team_id IS NOT new.team_id
  BEGIN
    DELETE FROM report_days WHERE site_id = old.site_id AND filters <> '' AND day_end > old.created_at - 3600000
      AND day_start <= max(old.created_at, coalesce(new.updated_at, 0), coalesce(new.resolved_at, 0));
    INSERT INTO report_epochs (site_id, n) VALUES (old.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  CREATE TRIGGER report_days_forget_labelled AFTER INSERT ON conversation_labels BEGIN
    DELETE FROM report_days WHERE site_id = (SELECT site_id FROM conversations WHERE id = new.conversation_id)
      AND filters <> ''
      AND day_end > (SELECT created_at - 3600000 FROM conversations WHERE id = new.conversation_id)
      AND day_start <= (SELECT max(created_at, coalesce(updated_at, 0), coalesce(resolved_at, 0))
                        FROM conversations WHERE id = new.conversation_id);
    INSERT INTO report_epochs (site_id, n) SELECT site_id, 1 FROM conversations WHERE id = new.conversation_id
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  CREATE TRIGGER report_days_forget_unlabelled AFTER DELETE ON conversation_labels BEGIN
    DELETE FROM report_days WHERE site_id = (SELECT site_id FROM conversations WHERE id = old.conversation_id)
      AND filters <> ''
      AND day_end > (SELECT created_at - 3600000 FROM conversations WHERE id = old.conversation_id)
      AND day_start <= (SELECT max(created_at, coalesce(updated_at, 0), coalesce(resolved_at, 0))
                        FROM conversations WHERE id = old.conversation_id);
    INSERT INTO report_epochs (site_id, n) SELECT site_id, 1 FROM conversations WHERE id = old.conversation_id
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
  END;
  `,
    postgres: `
  CREATE FUNCTION report_days_forget_filtered() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    conversation conversations%ROWTYPE;
  BEGIN
    IF TG_TABLE_NAME = 'conversations' THEN
      conversation := NEW;
    ELSIF TG_OP = 'INSERT' THEN
      SELECT * INTO conversation FROM conversations WHERE id = NEW.conversation_id;
    ELSE
      SELECT * INTO conversation FROM conversations WHERE id = OLD.conversation_id;
    END IF;
    IF conversation.id IS NULL THEN
      RETURN NULL;
    END IF;
    DELETE FROM report_days WHERE site_id = conversation.site_id AND filters <> ''
      AND day_end > conversation.created_at - 3600000
      AND day_start <= greatest(conversation.created_at, conversation.updated_at, conversation.resolved_at);
    INSERT INTO report_epochs (site_id, n) VALUES (conversation.site_id, 1)
      ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER report_days_forget_moved AFTER UPDATE OF assignee_id, team_id ON conversations
    FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.team_id IS DISTINCT FROM NEW.team_id)
    EXECUTE FUNCTION report_days_forget_filtered();
  CREATE TRIGGER report_days_forget_labelled AFTER INSERT OR DELETE ON conversation_labels
    FOR EACH ROW EXECUTE FUNCTION report_days_forget_filtered();
  `,
  },
];
