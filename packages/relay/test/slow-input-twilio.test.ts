/**
 * Slow input (see slow-input.test.ts): a Twilio channel's webhook (`POST /v1/channels/twilio/{id}/webhook`, issue
 * #84) is a door anyone may knock on, and its signature is computed over the whole form, sorted. A body of 1 MB,
 * signed or not; a form of thousands of parameters, signed or not; the largest message Twilio sends; and a 5 MiB
 * MMS file downloaded from Twilio must not hold the relay's event loop for 50 ms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, call, relaySecret, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { LoopbackTwilio, incomingMessage, messageSid, postAsTwilio } from './support/twilio-api.js';
import { withinBudget } from './support/within-budget.js';

const ACCOUNT = `AC${'1a'.repeat(16)}`;
const TOKEN = '0f'.repeat(16);
const NUMBER = '+15550006666';

describe('slow input: a Twilio channel’s webhook', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let twilio: LoopbackTwilio;
  let url: string;
  let sid = 0;

  const post = async (form: Record<string, string>, signed = true): Promise<number> => {
    const answer = await postAsTwilio(url, form, TOKEN, signed ? undefined : null).catch(() => undefined);
    await answer?.arrayBuffer().catch(() => undefined);
    // A refusal before the whole body was read may close the connection under the sender: refused all the same.
    return answer?.status ?? 413;
  };
  const message = (body: string, extra: Record<string, string> = {}) => ({
    ...incomingMessage({ sid: messageSid(++sid), accountSid: ACCOUNT, from: '+15550001111', to: NUMBER, body }),
    ...extra,
  });

  before(async () => {
    twilio = await LoopbackTwilio.start();
    twilio.addAccount(ACCOUNT, TOKEN, { [NUMBER]: 'Support line' });
    relay = await RelayProcess.start({
      PARLEY_DATA_DIR: tempDir('parley-slow-twilio-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      PARLEY_TWILIO_API_URL: twilio.url,
    });
    const made = await call(relay, 'POST', '/v1/admin/messaging-channels', {
      provider: 'twilio',
      credentials: { accountSid: ACCOUNT, authToken: TOKEN, phoneNumber: NUMBER },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    url = made.body.webhookUrl;
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await twilio?.close();
  });

  const oneMegabyte = 'a'.repeat(1024 * 1024);
  // Parameters of 7 bytes each (`p1234=&`): as many as the 32 KiB a webhook may carry allows.
  const many = (): Record<string, string> =>
    Object.fromEntries(Array.from({ length: 4500 }, (_, i) => [`p${String(i).padStart(4, '0')}`, '']));
  for (const [name, form, signed, status] of [
    ['1 MB, signed', () => message(oneMegabyte), true, 413],
    ['1 MB, unsigned', () => message(oneMegabyte), false, 413],
    ['a message with 4,500 parameters, signed', () => message('many', many()), true, 200],
    ['4,500 parameters, unsigned', () => message('many', many()), false, 401],
    ['the longest text Twilio sends (1,600 characters), signed', () => message('é'.repeat(1600)), true, 200],
  ] as const)
    it(name, (t) =>
      withinBudget(t, relay, `a Twilio webhook: ${name}`, async () => assert.equal(await post(form(), signed), status)),
    );

  it('a 5 MiB MMS file downloaded from Twilio into the attachments', async (t) => {
    const text = Buffer.from('plain words, no markup at all < > & ; '.repeat(Math.floor((5 * 1024 * 1024 - 64) / 38)));
    await withinBudget(t, relay, 'a Twilio webhook: a 5 MiB MMS file', async () => {
      const media = twilio.addMedia(ACCOUNT, text, 'text/plain');
      assert.equal(await post(message('', { NumMedia: '1', MediaUrl0: media, MediaContentType0: 'text/plain' })), 200);
    });
  });
});
