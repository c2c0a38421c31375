/**
 * Which conversation a visitor's hello resumes (`ChatHooks.resumeConversation`, core/resume-choice.ts): features
 * answer, the core checks. A stored conversation must be this visitor's on this site; one not stored yet is taken only
 * as the id a fresh token names; anything else is refused and the hello resumes its own. Without a feature that asks,
 * nothing is read; a feature that throws, rejects or is slow does not hold the hello. Past conversations' rule
 * (`visitor-history/chosen-conversation.ts`) is one such feature; through a relay, a feature naming another site's
 * conversation is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { identityHash, type VisitorClaims } from '../src/auth/tokens.js';
import type { ChatHooks, VisitorResume } from '../src/core/hooks.js';
import { chooseResume } from '../src/core/resume-choice.js';
import { createLogger } from '../src/log.js';
import type { Conversation, Site } from '../src/store/store.js';
import { chosenConversation } from '../src/visitor-history/chosen-conversation.js';
import { TestClient } from './support/client.js';
import { identitySecret, siteKey, startDesk, type Desk } from './support/desk.js';
import { addOtherSite } from './support/other-site.js';

const site: Site = {
  id: 'site1',
  name: 'Site',
  siteKey: 'pk_site1',
  allowedOrigins: ['*'],
  identitySecret: 'secret',
  requireIdentity: false,
};

function conversation(id: string, siteId: string, visitorId: string): Conversation {
  return {
    id,
    siteId,
    visitorId,
    status: 'open',
    lastSeq: 3,
    visitorReadSeq: 3,
    staffReadSeq: 2,
    createdAt: 1,
    updatedAt: 2,
  };
}

/** A store of three conversations: the visitor's two on site1, another visitor's there, another site's. */
function fakeStore() {
  const stored = new Map(
    [
      conversation('c_newest', 'site1', 'u_ann'),
      conversation('c_older', 'site1', 'u_ann'),
      conversation('c_bob', 'site1', 'u_bob'),
      conversation('c_other_site', 'site2', 'u_ann'),
    ].map((c) => [c.id, c]),
  );
  const reads: string[] = [];
  return {
    reads,
    getConversation: async (id: string) => {
      reads.push(id);
      return stored.get(id);
    },
  };
}

function logged() {
  const lines: { level: string; message: string }[] = [];
  const log = createLogger('debug', (line) => void lines.push(JSON.parse(line) as { level: string; message: string }));
  return { lines, log };
}

function claims(conversationId: string, fresh?: true): VisitorClaims {
  return { siteId: 'site1', visitorId: 'u_ann', conversationId, iat: 0, ...(fresh && { fresh }) };
}

/** An identified visitor's hello (newest `c_newest`) with a token naming `tokenNames`, if any. */
function identified(tokenNames?: string, fresh?: true): VisitorResume {
  return {
    site,
    visitorId: 'u_ann',
    verified: true,
    newest: 'c_newest',
    token: tokenNames === undefined ? undefined : claims(tokenNames, fresh),
    conversationId: 'c_newest',
  };
}

const answering = (answer: string | undefined): ChatHooks => ({ resumeConversation: () => answer });

describe('the conversation a hello resumes', () => {
  it('takes a feature’s answer that is the visitor’s own on the site, with the conversation it read', async () => {
    const store = fakeStore();
    const choice = await chooseResume(
      { hooks: [answering('c_older')], store, log: logged().log },
      identified('c_older'),
    );
    assert.equal(choice?.conversationId, 'c_older');
    assert.equal(choice?.conversation?.lastSeq, 3);
    assert.deepEqual(store.reads, ['c_older']);
  });

  it('refuses another site’s or another visitor’s conversation, logged: the hello keeps its own', async () => {
    for (const named of ['c_other_site', 'c_bob']) {
      const { lines, log } = logged();
      const choice = await chooseResume({ hooks: [answering(named)], store: fakeStore(), log }, identified('c_older'));
      assert.equal(choice, undefined, named);
      assert.ok(
        lines.some((line) => line.level === 'warn' && line.message.includes('another site or visitor')),
        JSON.stringify(lines),
      );
    }
  });

  it('starts a conversation not stored yet only under the id a fresh token names', async () => {
    const ask = { hooks: [answering('c_new')], store: fakeStore(), log: logged().log };
    assert.deepEqual(await chooseResume(ask, identified('c_new', true)), {
      conversationId: 'c_new',
      conversation: undefined,
    });
    // A token that is not fresh (its conversation erased since), or that names another: an id nobody signed as new.
    assert.equal(await chooseResume(ask, identified('c_new')), undefined);
    assert.equal(await chooseResume(ask, identified('c_gone', true)), undefined);
    assert.equal(await chooseResume(ask, identified()), undefined);
  });

  it('reads nothing when no feature chooses, the choice is the hello’s own, or there is nothing to resume', async () => {
    const store = fakeStore();
    let asked = 0;
    const counting: ChatHooks = {
      resumeConversation: () => {
        asked += 1;
        return 'c_older';
      },
    };
    assert.equal(
      await chooseResume({ hooks: [answering(undefined)], store, log: logged().log }, identified()),
      undefined,
    );
    assert.equal(
      await chooseResume({ hooks: [answering('c_newest')], store, log: logged().log }, identified()),
      undefined,
    );
    const stranger: VisitorResume = {
      site,
      visitorId: 'v_new',
      verified: false,
      newest: undefined,
      token: undefined,
      conversationId: undefined,
    };
    assert.equal(await chooseResume({ hooks: [counting], store, log: logged().log }, stranger), undefined);
    assert.equal(asked, 0);
    assert.deepEqual(store.reads, []);
  });

  it('takes the first answer in the list; a feature that throws, rejects or is slow counts as none', async () => {
    const { lines, log } = logged();
    const store = fakeStore();
    let later = 0;
    const hooks: ChatHooks[] = [
      {
        resumeConversation: () => {
          throw new Error('a bug');
        },
      },
      { resumeConversation: () => Promise.reject(new Error('a failed read')) },
      // Never answers: the hello does not wait for it past the bound.
      { resumeConversation: () => new Promise<string | undefined>(() => undefined) },
      { resumeConversation: async () => 'c_older' },
      {
        resumeConversation: () => {
          later += 1;
          return 'c_bob';
        },
      },
    ];
    const started = Date.now();
    const choice = await chooseResume({ hooks, store, log, waitMs: 50 }, identified('c_older'));
    assert.ok(Date.now() - started < 1_000);
    assert.equal(choice?.conversationId, 'c_older');
    assert.equal(later, 0);
    assert.equal(lines.filter((line) => line.level === 'error').length, 2, JSON.stringify(lines));
    assert.ok(lines.some((line) => line.level === 'warn' && line.message.includes('too long')));
  });

  it('past conversations choose an identified visitor’s token’s conversation over their newest, and nothing else', () => {
    assert.equal(chosenConversation(identified('c_older')), 'c_older');
    assert.equal(chosenConversation(identified('c_new', true)), 'c_new');
    assert.equal(chosenConversation(identified('c_newest')), undefined);
    assert.equal(chosenConversation(identified()), undefined);
    // An anonymous visitor resumes their token's conversation anyway; an identified one without a conversation, too.
    assert.equal(chosenConversation({ ...identified('c_older'), verified: false, newest: undefined }), undefined);
    assert.equal(chosenConversation({ ...identified('c_older'), newest: undefined }), undefined);
  });
});

describe('a feature’s choice through a relay', () => {
  let relay: Desk;
  const open: TestClient[] = [];
  let choose: string | undefined;

  async function visitor(hello: Record<string, unknown>, key = siteKey) {
    const opened = await TestClient.hello(relay.wsUrl, { siteKey: key, ...hello });
    open.push(opened.client);
    return opened;
  }

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, identitySecret, newConversationsPerAddressPerHour: 0 });
    await addOtherSite(relay, 'pk_other_resume', 'st_other_resume_0123456789abcdef');
    // After the relay's own features (past conversations answer only identified visitors with a token).
    relay.admin.core.use({ resumeConversation: () => choose });
  });

  after(async () => {
    for (const client of open) client.close();
    await relay.close();
  });

  it('refuses a feature naming another site’s conversation: the visitor stays in their own', async () => {
    const elsewhere = await visitor({}, 'pk_other_resume');
    await elsewhere.client.say('o-1', 'On the other site');
    choose = elsewhere.welcome.conversationId!;

    // An anonymous visitor with their token: their own conversation, not the other site's.
    const anonymous = await visitor({});
    await anonymous.client.say('a-1', 'Hello');
    const again = await visitor({ visitorToken: anonymous.welcome.visitorToken });
    assert.equal(again.welcome.conversationId, anonymous.welcome.conversationId);
    assert.equal(again.welcome.lastSeq, 1);

    // An identified visitor: their newest.
    const user = { id: 'user-resume', hash: identityHash(identitySecret, 'user-resume') };
    const first = await visitor({ user });
    await first.client.say('u-1', 'Mine');
    const back = await visitor({ user });
    assert.equal(back.welcome.conversationId, first.welcome.conversationId);
    assert.equal(back.welcome.lastSeq, 1);
  });

  it('takes a feature’s choice of another of the visitor’s own conversations', async () => {
    const user = { id: 'user-two', hash: identityHash(identitySecret, 'user-two') };
    const first = await visitor({ user });
    await first.client.say('t-1', 'The first');
    // A second conversation of theirs, through past conversations' `continue`: now their newest.
    first.client.send({ type: 'continue', ref: 'c-1' });
    const fresh = await first.client.next('continue');
    const second = await visitor({ user, visitorToken: fresh.visitorToken });
    await second.client.say('t-2', 'The second');
    assert.equal((await visitor({ user })).welcome.conversationId, fresh.conversationId);

    choose = first.welcome.conversationId!;
    const chosen = await visitor({ user });
    assert.equal(chosen.welcome.conversationId, first.welcome.conversationId);
    assert.equal(chosen.welcome.lastSeq, 1);
    choose = undefined;
  });
});
