/**
 * AI (docs/ai.md, issue #83): the site's provider setting, both providers' streamed protocols against loopback fakes,
 * the agents' writing tools, every failure mapped, the breaker, the budget and usage, and the privacy proof.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { retryAfterMs } from '../src/ai/providers/model-call.js';
import { TestClient } from './support/client.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { addOtherSite } from './support/other-site.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';

const KEY = 'sk-test-secret-key-0123456789';
const otherToken = 'st_other_admin_ai_0123456789abcdef';

describe('ai', () => {
  let relay: Desk;
  let strict: Desk;
  let openai: ModelServer;
  let anthropic: ModelServer;
  const clients: TestClient[] = [];

  before(async () => {
    [openai, anthropic] = await Promise.all([startModelServer('openai'), startModelServer('anthropic')]);
    [relay, strict] = await Promise.all([
      startDesk({ ipRateLimitPerSecond: 0, aiAllowPrivate: true }),
      // The operator's default points at a loopback name without the opt-in: refused when a call connects.
      startDesk({
        ipRateLimitPerSecond: 0,
        aiProvider: 'openai',
        aiBaseUrl: openai.baseUrl.replace('127.0.0.1', 'localhost'),
        aiModel: 'default-model',
        aiApiKey: 'sk-operator-key',
      }),
    ]);
    const ai = relay.use('ai')!;
    ai.limits = { firstByteMs: 400, idleMs: 400, totalMs: 3000, maxRetries: 2, backoffMs: 20, maxRetryAfterMs: 2000 };
    ai.breaker = { threshold: 4, cooldownMs: 300 };
    await addOtherSite(relay, 'pk_other_ai', otherToken);
  });
  after(async () => {
    for (const client of clients) client.close();
    await Promise.all([relay.close(), strict.close(), openai.close(), anthropic.close()]);
  });

  const useOpenAi = (over: Record<string, unknown> = {}) =>
    relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
      apiKey: KEY,
      monthlyTokenBudget: null,
      ...over,
    });

  /** Asks for a draft of conversation `id` as Server-Sent Events, as the inbox does. */
  const streamDraft = (id: string, signal?: AbortSignal) =>
    fetch(`${relay.httpUrl}/v1/admin/conversations/${id}/ai/draft`, {
      method: 'POST',
      headers: {
        authorization: `Bearer st_admin_test_desk_0123456789abcdef`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: '{}',
      signal,
    });

  /** A visitor's conversation with `messages`, as `profile` (name, email, context). */
  async function conversation(messages: string[], profile: Record<string, unknown> = {}): Promise<string> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, ...profile });
    clients.push(client);
    for (const [index, text] of messages.entries()) await client.say(`m-${index}`, text);
    return welcome.conversationId!;
  }

  it('refuses settings it cannot use, naming the field, and never answers the key', async () => {
    const refusals: Array<[Desk, Record<string, unknown>, RegExp]> = [
      [
        relay,
        { enabled: true, provider: 'openai', baseUrl: openai.baseUrl, model: 'm', colour: 'red' },
        /unknown field colour/,
      ],
      [relay, { enabled: true, provider: 'openai', baseUrl: 'not a url', model: 'm' }, /body\.baseUrl/],
      [relay, { enabled: true, provider: 'mistral', baseUrl: openai.baseUrl, model: 'm' }, /body\.provider/],
      [
        relay,
        { enabled: true, provider: 'openai', baseUrl: 'http://8.8.8.8/v1', model: 'm' },
        /body\.baseUrl: https: is required/,
      ],
      [relay, { enabled: true, provider: 'openai', baseUrl: openai.baseUrl }, /body\.model: required/],
      [relay, { enabled: true, inherit: true }, /body\.inherit: this relay has no default/],
      [
        strict,
        { enabled: true, provider: 'openai', baseUrl: 'http://api.example.com/v1', model: 'm' },
        /body\.baseUrl: https: is required/,
      ],
      [
        strict,
        { enabled: true, provider: 'openai', baseUrl: openai.baseUrl, model: 'm' },
        /loopback or private.*PARLEY_AI_ALLOW_PRIVATE/,
      ],
      [
        strict,
        { enabled: true, provider: 'openai', baseUrl: 'https://localhost/v1', model: 'm' },
        /PARLEY_AI_ALLOW_PRIVATE/,
      ],
      [
        strict,
        { enabled: true, provider: 'openai', baseUrl: 'https://[::1]:8080/v1', model: 'm' },
        /PARLEY_AI_ALLOW_PRIVATE/,
      ],
    ];
    for (const [desk, body, message] of refusals) {
      const refused = await desk.call('PUT', '/v1/admin/ai', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.error.message, message);
    }
    const before = openai.requests.length;
    // Nothing stored, nothing connected to.
    assert.equal((await strict.call('GET', '/v1/admin/ai')).body.provider, null);
    assert.equal(openai.requests.length, before);

    const saved = await useOpenAi();
    assert.equal(saved.status, 200);
    const shown = await relay.call('GET', '/v1/admin/ai');
    assert.deepEqual(shown.body, {
      enabled: true,
      inherited: false,
      defaultAvailable: false,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
      keySet: true,
      monthlyTokenBudget: null,
      featureBudgets: { draft: null, rewrite: null, summary: null, translate: null, agent: null, classify: null },
    });
    assert.doesNotMatch(JSON.stringify([saved.body, shown.body]), /sk-test/);
    // Sealed at rest.
    const db = new Database(`${relay.dataDir}/parley.db`, { readonly: true });
    const row = db.prepare("SELECT api_key_sealed FROM ai_settings WHERE site_id = 'default'").get() as {
      api_key_sealed: string;
    };
    db.close();
    assert.match(row.api_key_sealed, /^sealed:v1:/);
    assert.doesNotMatch(row.api_key_sealed, /sk-test/);
    // The key is kept when absent from a later save.
    assert.equal((await relay.call('PUT', '/v1/admin/ai', { enabled: true, model: 'gpt-test' })).body.keySet, true);
    const agent = await relay.agent('Ana');
    assert.equal((await relay.call('GET', '/v1/admin/ai', undefined, agent.token)).status, 403);
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai/status', undefined, agent.token)).body, {
      enabled: true,
      budgetExhausted: false,
      featuresExhausted: [],
    });
  });

  it('inherits the relay’s default, its address and key unseen, and refuses at connection an address not allowed', async () => {
    const saved = await strict.call('PUT', '/v1/admin/ai', { enabled: true, inherit: true });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body, {
      enabled: true,
      inherited: true,
      defaultAvailable: true,
      provider: 'openai',
      baseUrl: null,
      model: 'default-model',
      keySet: true,
      monthlyTokenBudget: null,
      featureBudgets: { draft: null, rewrite: null, summary: null, translate: null, agent: null, classify: null },
    });
    assert.doesNotMatch(JSON.stringify(saved.body), /sk-operator|localhost/);
    // Turning it off and on again keeps it inherited.
    assert.equal((await strict.call('PUT', '/v1/admin/ai', { enabled: true })).body.inherited, true);
    const inheritWithUrl = await strict.call('PUT', '/v1/admin/ai', { enabled: true, inherit: true, model: 'x' });
    assert.match(inheritWithUrl.body.error.message, /body\.model: not with inherit/);
    const seen = openai.requests.length;
    const refused = await strict.call('POST', '/v1/admin/ai/rewrite', { text: 'hi', style: 'fix' });
    assert.equal(refused.status, 503);
    assert.match(refused.body.error.message, /address is refused.*PARLEY_AI_ALLOW_PRIVATE/);
    assert.equal(openai.requests.length, seen, 'nothing connected');
    const usage = (await strict.call('GET', '/v1/admin/ai/usage')).body;
    assert.deepEqual(
      usage.recent.map((call: { outcome: string; model: string }) => [call.outcome, call.model]),
      [['refused', 'default-model']],
    );
  });

  it('reads the default provider’s keys together, and Retry-After in seconds or as a date', () => {
    assert.throws(
      () => loadConfig({}, { PARLEY_AI_PROVIDER: 'openai' }),
      /PARLEY_AI_PROVIDER, PARLEY_AI_BASE_URL and PARLEY_AI_MODEL go together/,
    );
    assert.throws(() => loadConfig({}, { PARLEY_AI_API_KEY: 'sk-x' }), /PARLEY_AI_API_KEY needs/);
    assert.throws(
      () =>
        loadConfig({}, { PARLEY_AI_PROVIDER: 'gemini', PARLEY_AI_BASE_URL: 'https://x.example', PARLEY_AI_MODEL: 'm' }),
      /PARLEY_AI_PROVIDER.*must be one of openai, anthropic/,
    );
    const config = loadConfig(
      {},
      {
        PARLEY_AI_PROVIDER: 'anthropic',
        PARLEY_AI_BASE_URL: 'https://api.anthropic.com',
        PARLEY_AI_MODEL: 'claude',
        PARLEY_AI_ALLOW_PRIVATE: '1',
      },
    );
    assert.equal(config.aiProvider, 'anthropic');
    assert.equal(config.aiAllowPrivate, true);
    const now = Date.UTC(2026, 10, 30, 12, 0, 0);
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Mon, 30 Nov 2026 11:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
  });

  it('keeps each site to its own: another site’s admin neither sees nor changes it, nor reaches its conversations', async () => {
    await useOpenAi();
    const id = await conversation(['Hello?']);
    const theirs = await relay.call('GET', '/v1/admin/ai', undefined, otherToken);
    assert.equal(theirs.body.provider, null);
    assert.equal(theirs.body.keySet, false);
    assert.equal((await relay.call('PUT', '/v1/admin/ai', { enabled: false }, otherToken)).status, 200);
    assert.equal((await relay.call('GET', '/v1/admin/ai')).body.enabled, true);
    const seen = openai.requests.length;
    for (const path of ['draft', 'summary'])
      assert.equal((await relay.call('POST', `/v1/admin/conversations/${id}/ai/${path}`, {}, otherToken)).status, 404);
    const rewrite = await relay.call(
      'POST',
      '/v1/admin/ai/rewrite',
      { text: 'hi', style: 'translate', conversationId: id },
      otherToken,
    );
    assert.equal(rewrite.status, 404);
    assert.equal(openai.requests.length, seen);
  });

  it('drafts from the conversation, the help center, the FAQ and saved replies (OpenAI, streamed)', async () => {
    await useOpenAi();
    const article = await relay.call('POST', '/v1/admin/help/articles', {
      title: 'Reset your password',
      slug: 'reset-password',
      locale: 'en',
      body: 'Open Settings and choose Reset password.',
      status: 'published',
    });
    assert.equal(article.status, 201);
    assert.equal(
      (
        await relay.call('POST', '/v1/admin/faq', {
          language: 'en',
          question: 'How do I reset my password?',
          answer: 'Use the Reset password link on the sign-in page.',
          phrasings: ['forgot password'],
          keywords: ['password'],
        })
      ).status,
      201,
    );
    assert.equal(
      (await relay.call('POST', '/v1/admin/canned-responses', { shortcut: 'hi', text: 'Happy to help!' })).status,
      201,
    );
    const id = await conversation(['I forgot my password, how do I reset it?']);
    openai.script({ answer: 'Open Settings, then choose Reset password.' });
    const drafted = await relay.call('POST', `/v1/admin/conversations/${id}/ai/draft`, { instruction: 'Be short.' });
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    assert.equal(drafted.body.text, 'Open Settings, then choose Reset password.');
    assert.deepEqual(
      drafted.body.sources.map((source: { kind: string; title: string }) => [source.kind, source.title]),
      [
        ['article', 'Reset your password'],
        ['faq', 'How do I reset my password?'],
      ],
    );
    assert.match(drafted.body.sources[0].url, /\/help\/.+\/en\/reset-password$/);
    const sent = openai.requests.at(-1)!;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
    assert.equal(sent.body.model, 'gpt-test');
    assert.equal(sent.body.stream, true);
    assert.deepEqual(sent.body.stream_options, { include_usage: true });
    assert.equal(sent.body.messages[0].role, 'system');
    const prompt = sent.body.messages[1].content as string;
    for (const part of [
      'Open Settings and choose Reset password.',
      'Use the Reset password link',
      'Happy to help!',
      'Visitor: I forgot my password',
      'Be short.',
    ])
      assert.ok(prompt.includes(part), part);
    assert.doesNotMatch(JSON.stringify(sent.headers), /sk-test.*sk-test/);
  });

  it('streams a draft as Server-Sent Events: deltas, then done', async () => {
    await useOpenAi();
    const id = await conversation(['Where is my parcel?']);
    openai.script({ answer: 'Your parcel left today.', pieces: ['Your ', 'parcel ', 'left ', 'today.'] });
    const response = await streamDraft(id);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/event-stream/);
    const events = [...(await response.text()).matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map(([, event, data]) => [
      event,
      JSON.parse(data!),
    ]);
    const deltas = events
      .filter(([event]) => event === 'delta')
      .map(([, data]) => data.text)
      .join('');
    assert.equal(deltas, 'Your parcel left today.');
    assert.equal(events.at(-1)![0], 'done');
    assert.equal(events.at(-1)![1].text, 'Your parcel left today.');
    // Each piece goes out as it comes, not when the answer is complete.
    openai.script({ answer: 'One two three', pieces: ['One ', 'two ', 'three'], delayMs: 120 });
    const slow = await streamDraft(id);
    const reader = slow.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    let firstDeltaAt = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
      if (firstDeltaAt === 0 && seen.includes('event: delta')) firstDeltaAt = performance.now();
    }
    assert.match(seen, /event: done/);
    assert.ok(performance.now() - firstDeltaAt >= 200, 'the first delta came before the rest of the answer');
    // A provider failure mid-request is an error event.
    openai.script({ status: 401 });
    const failed = await streamDraft(id);
    const text = await failed.text();
    assert.match(
      text,
      /event: error\ndata: \{"code":"ai_unavailable","message":"The AI provider refused the key \(401\)/,
    );
  });

  it('stops the provider’s call at once when the agent leaves a streamed draft', async () => {
    await useOpenAi();
    const id = await conversation(['Where is my parcel?']);
    // Pieces two seconds apart: a call stopped only at the provider's next piece would still be open a second later.
    openai.script({ answer: 'One two three four', pieces: ['One ', 'two ', 'three ', 'four'], delayMs: 2000 });
    const before = openai.cancelled;
    const agent = new AbortController();
    const response = await streamDraft(id, agent.signal);
    const reader = response.body!.getReader();
    let seen = '';
    while (!seen.includes('event: delta')) seen += new TextDecoder().decode((await reader.read()).value);
    agent.abort();
    const deadline = Date.now() + 1000;
    while (openai.cancelled === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(openai.cancelled, before + 1, 'the provider’s answer was cut off within a second');
    const usage = await relay.call('GET', '/v1/admin/ai/usage');
    assert.ok(
      usage.body.recent.some((call: { outcome: string }) => call.outcome !== 'ok'),
      'the stopped call is recorded, not as answered',
    );
  });

  it('speaks Anthropic’s Messages API', async () => {
    assert.equal(
      (
        await relay.call('PUT', '/v1/admin/ai', {
          enabled: true,
          provider: 'anthropic',
          baseUrl: anthropic.baseUrl,
          model: 'claude-test',
          apiKey: 'sk-ant-test',
        })
      ).status,
      200,
    );
    anthropic.script({ answer: 'Bonjour !', usage: { input: 30, output: 4 } });
    const rewritten = await relay.call('POST', '/v1/admin/ai/rewrite', {
      text: 'Hello!',
      style: 'translate',
      language: 'fr',
    });
    assert.equal(rewritten.status, 200, JSON.stringify(rewritten.body));
    assert.deepEqual(rewritten.body, { text: 'Bonjour !', language: 'fr' });
    const sent = anthropic.requests.at(-1)!;
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'sk-ant-test');
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers.authorization, undefined);
    assert.equal(sent.body.stream, true);
    assert.equal(sent.body.model, 'claude-test');
    assert.match(sent.body.system, /Translate it into French/);
    assert.deepEqual(sent.body.messages, [{ role: 'user', content: 'Hello!' }]);
    // 529 (overloaded) is retried.
    anthropic.script({ status: 529 }, { answer: 'Hi again.' });
    const retried = await relay.call('POST', '/v1/admin/ai/rewrite', { text: 'hi again', style: 'fix' });
    assert.equal(retried.body.text, 'Hi again.');
  });

  it('rewrites in each style, translates into the visitor’s language, and refuses what it cannot do', async () => {
    await useOpenAi();
    const words: Record<string, RegExp> = {
      fix: /spelling/,
      friendlier: /friendlier/,
      formal: /formal/,
      shorter: /shorter/,
      longer: /longer/,
    };
    for (const [style, word] of Object.entries(words)) {
      openai.script({ answer: `${style} text` });
      const done = await relay.call('POST', '/v1/admin/ai/rewrite', { text: 'we cant do that', style });
      assert.deepEqual(done.body, { text: `${style} text`, language: null });
      assert.match(openai.requests.at(-1)!.body.messages[0].content, word);
    }
    const id = await conversation(['Hallo, wo ist mein Paket?'], { context: { locale: 'de-DE' } });
    openai.script({ answer: 'Ihr Paket ist unterwegs.' });
    const translated = await relay.call('POST', '/v1/admin/ai/rewrite', {
      text: 'Your parcel is on its way.',
      style: 'translate',
      conversationId: id,
    });
    assert.deepEqual(translated.body, { text: 'Ihr Paket ist unterwegs.', language: 'de-DE' });
    assert.match(openai.requests.at(-1)!.body.messages[0].content, /German/);
    const seen = openai.requests.length;
    for (const [body, message] of [
      [{ text: 'x', style: 'translate' }, /body\.language: required/],
      [{ text: 'x', style: 'fix', language: 'de' }, /body\.language: only with style translate/],
      [{ text: '', style: 'fix' }, /body\.text/],
      [{ text: 'x', style: 'louder' }, /body\.style/],
    ] as const) {
      const refused = await relay.call('POST', '/v1/admin/ai/rewrite', body);
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, message);
    }
    assert.equal(openai.requests.length, seen);
  });

  it('summarises a conversation, as a private note when asked', async () => {
    await useOpenAi();
    const id = await conversation(['My order 1234 never came.', 'I paid last week.']);
    openai.script({ answer: 'The visitor’s order did not arrive; they paid last week.' });
    const summary = await relay.call('POST', `/v1/admin/conversations/${id}/ai/summary`, { note: true });
    assert.equal(summary.status, 200, JSON.stringify(summary.body));
    assert.equal(summary.body.text, 'The visitor’s order did not arrive; they paid last week.');
    const messages = await relay.call('GET', `/v1/admin/conversations/${id}/messages`);
    const note = messages.body.items.find((message: { id: string }) => message.id === summary.body.noteId);
    assert.equal(note.kind, 'note');
    assert.match(note.text, /order did not arrive/);
    openai.script({ answer: 'Short.' });
    assert.deepEqual((await relay.call('POST', `/v1/admin/conversations/${id}/ai/summary`, {})).body, {
      text: 'Short.',
      noteId: null,
    });
    // The summary the agent was shown, posted as they read it: the provider is not asked again.
    const asked = openai.requests.length;
    const shown = await relay.call('POST', `/v1/admin/conversations/${id}/ai/summary`, { note: true, text: 'Short.' });
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.equal(openai.requests.length, asked);
    const after = await relay.call('GET', `/v1/admin/conversations/${id}/messages`);
    const posted = after.body.items.find((message: { id: string }) => message.id === shown.body.noteId);
    assert.equal(posted.kind, 'note');
    assert.match(posted.text, /Short\.$/);
    const alone = await relay.call('POST', `/v1/admin/conversations/${id}/ai/summary`, { text: 'Short.' });
    assert.equal(alone.status, 400);
    assert.match(alone.body.error.message, /body\.text/);
  });

  it('translates the conversation’s messages, and refuses one that is not its, by id', async () => {
    await useOpenAi();
    const id = await conversation(['Bonjour', 'Mon colis est perdu']);
    const other = await conversation(['Hola']);
    const ids = (await relay.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items.map(
      (m: { id: string }) => m.id,
    );
    openai.script({ answer: '1: Hello\n2: My parcel is lost' });
    const translated = await relay.call('POST', `/v1/admin/conversations/${id}/ai/translate`, { messageIds: ids });
    assert.equal(translated.status, 200, JSON.stringify(translated.body));
    assert.deepEqual(translated.body, {
      language: 'en',
      translations: [
        { messageId: ids[0], text: 'Hello' },
        { messageId: ids[1], text: 'My parcel is lost' },
      ],
    });
    const foreign = (await relay.call('GET', `/v1/admin/conversations/${other}/messages`)).body.items[0].id;
    const refused = await relay.call('POST', `/v1/admin/conversations/${id}/ai/translate`, {
      messageIds: [ids[0], foreign],
    });
    assert.equal(refused.status, 400);
    assert.match(
      refused.body.error.message,
      new RegExp(`body\\.messageIds: ${foreign} is not a message of this conversation`),
    );
  });

  it('maps every failure to ai_unavailable, retrying 429 (after Retry-After) and 5xx but not refusals', async () => {
    await useOpenAi();
    const rewrite = () => relay.call('POST', '/v1/admin/ai/rewrite', { text: 'hello', style: 'fix' });
    const cases: Array<[Parameters<ModelServer['script']>, number, RegExp]> = [
      [[{ status: 400 }], 1, /refused the request \(400\)/],
      [[{ status: 401 }], 1, /refused the key \(401\)/],
      [[{ status: 500 }, { status: 500 }, { status: 500 }], 3, /failed \(500\)/],
      [[{ hang: true }, { hang: true }, { hang: true }], 3, /did not answer in time/],
      [[{ malformed: true }], 1, /malformed/],
      [[{ truncated: true }], 1, /broke off/],
    ];
    for (const [scripts, requests, message] of cases) {
      const seen = openai.requests.length;
      openai.script(...scripts);
      const failed = await rewrite();
      assert.equal(failed.status, 503, JSON.stringify(scripts));
      assert.equal(failed.body.error.code, 'ai_unavailable');
      assert.match(failed.body.error.message, message);
      assert.equal(openai.requests.length - seen, requests, JSON.stringify(scripts));
      openai.script({ answer: 'ok' }); // the breaker closes again
      assert.equal((await rewrite()).status, 200);
    }
    openai.script({ status: 429, retryAfter: '1' }, { answer: 'Fixed.' });
    const started = Date.now();
    const retried = await rewrite();
    assert.equal(retried.body.text, 'Fixed.');
    assert.ok(Date.now() - started >= 950, 'Retry-After was waited for');
    // A wait longer than the relay's cap is not waited for.
    openai.script({ status: 429, retryAfter: '3600' });
    assert.equal((await rewrite()).status, 503);
    // Off: refused without a call.
    await useOpenAi({ enabled: false });
    const seen = openai.requests.length;
    const off = await rewrite();
    assert.equal(off.status, 503);
    assert.match(off.body.error.message, /turned off/);
    assert.equal(openai.requests.length, seen);
  });

  it('cuts an answer at the longest text and at the tokens asked for, and stops the provider there', async () => {
    await useOpenAi();
    openai.script({ huge: 200_000, piece: 500 });
    const rewritten = await relay.call('POST', '/v1/admin/ai/rewrite', { text: 'hello', style: 'longer' });
    assert.equal(rewritten.status, 200);
    assert.equal(rewritten.body.text.length, 8000);
    const id = await conversation(['Tell me everything.']);
    openai.script({ huge: 200_000, piece: 500 });
    const drafted = await relay.call('POST', `/v1/admin/conversations/${id}/ai/draft`, {});
    assert.equal(drafted.body.text.length, 600 * 8);
  });

  it('opens the breaker after repeated failures, fails fast, and tries again after the cool-down', async () => {
    const dead = await startModelServer('openai');
    try {
      assert.equal(
        (
          await relay.call('PUT', '/v1/admin/ai', {
            enabled: true,
            provider: 'openai',
            baseUrl: dead.baseUrl,
            model: 'm',
            apiKey: null,
          })
        ).status,
        200,
      );
      dead.fallback = { status: 500 };
      const rewrite = () => relay.call('POST', '/v1/admin/ai/rewrite', { text: 'hello', style: 'fix' });
      assert.equal((await rewrite()).status, 503);
      assert.equal(dead.requests.length, 3);
      // The fourth failure in a row opens it: the call's retries are not made.
      assert.equal((await rewrite()).status, 503);
      assert.equal(dead.requests.length, 4);
      const fast = await rewrite();
      assert.equal(fast.status, 503);
      assert.match(fast.body.error.message, /failed several times in a row/);
      assert.equal(dead.requests.length, 4, 'no request while the breaker is open');
      // No key configured: no authorization header at all (Ollama).
      assert.equal(dead.requests[0]!.headers.authorization, undefined);
      await new Promise((resolve) => setTimeout(resolve, 350));
      dead.fallback = { answer: 'Back.' };
      assert.equal((await rewrite()).body.text, 'Back.');
    } finally {
      await dead.close();
    }
  });

  it('counts tokens from the provider’s figures, refuses a call over the month’s budget, and reports the usage', async () => {
    const other = await startModelServer('openai');
    try {
      await relay.call(
        'PUT',
        '/v1/admin/ai',
        { enabled: true, provider: 'openai', baseUrl: other.baseUrl, model: 'budgeted' },
        otherToken,
      );
      const month = new Date().toISOString().slice(0, 7);
      const usage = (await relay.call('GET', `/v1/admin/ai/usage?month=${month}`, undefined, otherToken)).body;
      assert.equal(usage.usedTokens, 0);
      await relay.call('PUT', '/v1/admin/ai', { enabled: true, monthlyTokenBudget: 49 }, otherToken);
      other.script({ answer: 'One.', usage: { input: 42, output: 7 } });
      const rewrite = () => relay.call('POST', '/v1/admin/ai/rewrite', { text: 'hello', style: 'fix' }, otherToken);
      assert.equal((await rewrite()).status, 200);
      const refused = await rewrite();
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'ai_budget_exhausted');
      assert.equal(other.requests.length, 1, 'the provider was not called');
      assert.deepEqual((await relay.call('GET', '/v1/admin/ai/status', undefined, otherToken)).body, {
        enabled: true,
        budgetExhausted: true,
        featuresExhausted: [],
      });
      const used = (await relay.call('GET', '/v1/admin/ai/usage', undefined, otherToken)).body;
      assert.equal(used.month, month);
      assert.equal(used.usedTokens, 49);
      assert.equal(used.monthlyTokenBudget, 49);
      assert.deepEqual(used.features, [
        { feature: 'rewrite', calls: 2, failures: 1, inputTokens: 42, outputTokens: 7, budget: null },
      ]);
      assert.deepEqual(
        used.recent.map((call: { outcome: string; model: string; inputTokens: number }) => [
          call.outcome,
          call.model,
          call.inputTokens,
        ]),
        [
          ['budget', 'budgeted', 0],
          ['ok', 'budgeted', 42],
        ],
      );
      // The default site's usage is its own.
      assert.ok(
        !(await relay.call('GET', '/v1/admin/ai/usage')).body.recent.some(
          (call: { model: string }) => call.model === 'budgeted',
        ),
      );
      for (const bad of ['2026-13', '26-01', 'now'])
        assert.match(
          (await relay.call('GET', `/v1/admin/ai/usage?month=${bad}`)).body.error.message,
          /query\.month: a month, YYYY-MM/,
        );
      assert.match((await relay.call('GET', '/v1/admin/ai/usage?from=1')).body.error.message, /unknown parameter from/);
    } finally {
      await other.close();
    }
  });

  it('never sends a card number, a secret or an email address of the conversation to the provider', async () => {
    await useOpenAi();
    const card = '4242 4242 4242 4242';
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    const id = await conversation(
      [
        `My card ${card} was charged twice`,
        `The key ${secret} leaked`,
        'Write to billing@acme-corp.example or jane.roe@example.com, or call +44 20 7946 0958',
      ],
      { name: 'Jane Roe', email: 'jane.roe@example.com' },
    );
    const before = openai.requests.length;
    openai.script(
      { answer: 'Hello [CONTACT_FIRST_NAME], we wrote to [EMAIL_1].' },
      { answer: 'Summary.' },
      { answer: 'Fixed.' },
    );
    const drafted = await relay.call('POST', `/v1/admin/conversations/${id}/ai/draft`, {
      instruction: 'Mention jane.roe@example.com',
    });
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    assert.equal(drafted.body.text, 'Hello Jane, we wrote to jane.roe@example.com.');
    assert.equal((await relay.call('POST', `/v1/admin/conversations/${id}/ai/summary`, {})).status, 200);
    assert.equal(
      (
        await relay.call('POST', '/v1/admin/ai/rewrite', {
          text: `Jane, your card ${card} and ${secret}`,
          style: 'fix',
          conversationId: id,
        })
      ).status,
      200,
    );
    const sent = openai.requests.slice(before).map((request) => request.raw);
    assert.equal(sent.length, 3);
    for (const raw of sent) {
      for (const leaked of [
        card.replaceAll(' ', ''),
        '4242 4242',
        secret,
        'jane.roe@example.com',
        'billing@acme-corp.example',
        'Jane',
        'Roe',
        '7946',
      ])
        assert.ok(!raw.includes(leaked), `${leaked} reached the provider`);
      assert.match(raw, /\[EMAIL_1\]/);
    }
  });
});
