import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { RunningRelay } from '../src/index.js';
import { PDF, docx, jpegWithGps, png, pngDeclaring, sha256, truncatedUpload } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { tempDir } from './support/temp.js';

interface Reference {
  id: string;
  conversationId: string;
  clientId: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  url: string | null;
  thumbnail: { url: string; width: number; height: number } | null;
  urlsExpireAt: number | null;
}

/** A visitor's token and conversation (after one message, so the conversation exists). */
async function visitor(relay: RunningRelay, say = true): Promise<{ token: string; conversationId: string }> {
  const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
  if (say) await client.say(`m-${Math.random().toString(36).slice(2)}`, 'Here is a file');
  client.close();
  return { token: welcome.visitorToken!, conversationId: welcome.conversationId! };
}

async function upload(
  relay: RunningRelay,
  token: string | undefined,
  body: Uint8Array,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> & { error?: { code: string; message: string } } }> {
  const response = await fetch(`${relay.httpUrl}/v1/attachments?${new URLSearchParams(params)}`, {
    method: 'POST',
    body,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'image/png', ...headers },
  });
  return { status: response.status, json: (await response.json()) as never };
}

/** Files kept anywhere under the relay's attachments folder: stored, staged or quarantined. */
function filesOf(relay: RunningRelay, folder: 'files' | 'staging' | 'quarantine'): string[] {
  const root = join(relay.config.dataDir, 'attachments', folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

async function refusedAndNothingStored(
  relay: RunningRelay,
  answer: Awaited<ReturnType<typeof upload>>,
  status: number,
  code: string,
  filesBefore: number,
): Promise<void> {
  assert.equal(answer.status, status, JSON.stringify(answer.json));
  assert.equal(answer.json.error?.code, code);
  assert.ok(answer.json.error?.message, 'a message says why');
  assert.equal(filesOf(relay, 'files').length, filesBefore, 'no file stored');
  // Staged bytes are removed once the request is answered.
  await waitFor(() => filesOf(relay, 'staging').length === 0);
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('attachments: upload and download', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk();
  });
  after(() => relay.close());

  it('hashes a body of many chunks whole and in order: the same bytes are stored, one byte changed is refused', async () => {
    // 3 MiB arrives as several of uWS's 512 KiB chunks, hashed a chunk a turn after they were written.
    const text = Buffer.from('a line of plain text, long enough to fill chunks\n'.repeat(64_000));
    assert.ok(text.length > 3 * 512 * 1024, `${text.length} bytes`);
    const { token } = await visitor(relay);
    const files = filesOf(relay, 'files').length;
    const altered = Buffer.from(text);
    altered[Math.floor(altered.length / 2)] = 0x62;
    const changed = await upload(relay, token, altered, {
      clientId: 'c-chunks',
      name: 'long.txt',
      sha256: sha256(text),
    });
    await refusedAndNothingStored(relay, changed, 400, 'upload_incomplete', files);
    const whole = await upload(relay, token, text, { clientId: 'c-chunks', name: 'long.txt', sha256: sha256(text) });
    assert.equal(whole.status, 201, JSON.stringify(whole.json));
    assert.equal(whole.json.size, text.length);
    assert.equal(whole.json.sha256, sha256(text));
  });

  it('re-encodes an image upright without its EXIF or GPS, measures it, makes a thumbnail, and serves it safely', async () => {
    const { token, conversationId } = await visitor(relay);
    const original = await jpegWithGps(200, 100);
    assert.ok((await sharp(original).metadata()).exif, 'the test file carries EXIF');
    const { status, json } = await upload(relay, token, original, {
      clientId: 'c-photo',
      name: '../../etc/holiday.JPG',
    });
    assert.equal(status, 201, JSON.stringify(json));
    const ref = json as unknown as Reference;
    assert.equal(ref.type, 'image/jpeg');
    assert.equal(ref.conversationId, conversationId);
    assert.equal(ref.name, 'holiday.JPG', 'no folder in the name');
    // Orientation 6 turned it a quarter: stored upright, so 100 wide and 200 high.
    assert.deepEqual([ref.width, ref.height], [100, 200]);
    assert.ok(ref.url && ref.thumbnail && ref.urlsExpireAt);
    assert.ok(ref.urlsExpireAt <= Date.now() + 601_000);

    const authed = await fetch(`${relay.httpUrl}/v1/attachments/${ref.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(authed.status, 200);
    const stored = Buffer.from(await authed.arrayBuffer());
    assert.equal(sha256(stored), ref.sha256);
    assert.equal(stored.length, ref.size);
    const metadata = await sharp(stored).metadata();
    assert.equal(metadata.exif, undefined, 'no EXIF (and so no GPS) left');
    assert.ok(!stored.toString('latin1').includes('TestCam'));
    assert.equal(metadata.orientation, undefined);
    assert.equal(authed.headers.get('x-content-type-options'), 'nosniff');
    assert.match(authed.headers.get('content-security-policy') ?? '', /^sandbox/);
    assert.equal(authed.headers.get('content-type'), 'image/jpeg');
    assert.match(authed.headers.get('content-disposition') ?? '', /^inline; filename="holiday.JPG"/);

    // The signed addresses work without any header, as an <img> would fetch them.
    const signed = await fetch(ref.url);
    assert.equal(signed.status, 200);
    assert.equal(sha256(Buffer.from(await signed.arrayBuffer())), ref.sha256);
    assert.equal(signed.headers.get('x-content-type-options'), 'nosniff');
    const thumb = await fetch(ref.thumbnail.url);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers.get('content-type'), 'image/webp');
    const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    assert.deepEqual([thumbMeta.width, thumbMeta.height], [ref.thumbnail.width, ref.thumbnail.height]);
    assert.ok(Math.max(thumbMeta.width!, thumbMeta.height!) <= 320);
  });

  it('is idempotent by the message client id within a conversation', async () => {
    const { token } = await visitor(relay);
    const image = await png();
    const first = await upload(relay, token, image, { clientId: 'c-same', name: 'a.png' });
    const again = await upload(relay, token, image, { clientId: 'c-same', name: 'a.png' });
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.json.id, first.json.id);
    const other = await upload(relay, token, image, { clientId: 'c-other', name: 'a.png' });
    assert.equal(other.status, 201);
    assert.notEqual(other.json.id, first.json.id);
  });

  it('serves documents and text as downloads, never inline, with a safe type', async () => {
    const { token } = await visitor(relay);
    const pdf = await upload(relay, token, PDF, { clientId: 'c-pdf', name: 'invoice.pdf' });
    assert.equal(pdf.status, 201, JSON.stringify(pdf.json));
    assert.equal(pdf.json.type, 'application/pdf');
    assert.equal(pdf.json.url, null, 'no signed address for what is not an image');
    const got = await fetch(`${relay.httpUrl}/v1/attachments/${String(pdf.json.id)}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(got.status, 200, 'staff of the site download it too');
    assert.match(got.headers.get('content-disposition') ?? '', /^attachment; filename="invoice.pdf"/);
    assert.match(got.headers.get('content-security-policy') ?? '', /sandbox/);

    const csv = await upload(relay, token, Buffer.from('name,città\nAda,Zürich\n'), {
      clientId: 'c-csv',
      name: 'list.csv',
    });
    assert.equal(csv.status, 201, JSON.stringify(csv.json));
    assert.equal(csv.json.type, 'text/csv');
    const text = await fetch(`${relay.httpUrl}/v1/attachments/${String(csv.json.id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(text.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(text.headers.get('content-disposition') ?? '', /^attachment;/);

    const document = await upload(relay, token, docx(), { clientId: 'c-docx', name: 'letter' });
    assert.equal(document.status, 201, JSON.stringify(document.json));
    assert.equal(document.json.name, 'letter.docx', 'the extension follows the bytes');
  });

  it('lets staff upload into a conversation of their site, and answers the reference again with fresh addresses', async () => {
    const { token, conversationId } = await visitor(relay);
    const staff = await upload(relay, adminToken, await png(), {
      clientId: 'c-staff',
      name: 'screen.png',
      conversationId,
    });
    assert.equal(staff.status, 201, JSON.stringify(staff.json));
    const reference = await fetch(`${relay.httpUrl}/v1/attachments/${String(staff.json.id)}/reference`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(reference.status, 200);
    const ref = (await reference.json()) as Reference;
    assert.equal(ref.sha256, staff.json.sha256);
    assert.ok(ref.url);
    const missing = await upload(relay, adminToken, await png(), {
      clientId: 'c-x',
      name: 'a.png',
      conversationId: 'c_nope',
    });
    assert.equal(missing.status, 404);
  });
});

describe('attachments: bad input is refused and nothing is stored', () => {
  let relay: RunningRelay;
  let token: string;
  let conversationId: string;
  before(async () => {
    relay = await startDesk({ attachmentMaxBytes: 256 * 1024 });
    ({ token, conversationId } = await visitor(relay));
  });
  after(() => relay.close());

  it('refuses a file over the limit with 413 before reading it', async () => {
    const files = filesOf(relay, 'files').length;
    const big = Buffer.alloc(300 * 1024, 7);
    await refusedAndNothingStored(
      relay,
      await upload(relay, token, big, { clientId: 'c-big', name: 'big.png' }),
      413,
      'attachment_too_large',
      files,
    );
  });

  it('refuses a disallowed type renamed to .png', async () => {
    const files = filesOf(relay, 'files').length;
    // An ELF executable's first bytes, named like a picture and claimed as one.
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    await refusedAndNothingStored(
      relay,
      await upload(relay, token, elf, { clientId: 'c-elf', name: 'cat.png' }),
      415,
      'attachment_type_refused',
      files,
    );
  });

  it('refuses an SVG with a script, whatever it is called', async () => {
    const files = filesOf(relay, 'files').length;
    const svg = Buffer.from(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    );
    for (const name of ['logo.svg', 'logo.png', 'logo.txt'])
      await refusedAndNothingStored(
        relay,
        await upload(relay, token, svg, { clientId: `c-svg-${name.replace('.', '-')}`, name }),
        415,
        'attachment_type_refused',
        files,
      );
  });

  it('refuses an HTML file, even one named .txt', async () => {
    const files = filesOf(relay, 'files').length;
    const html = Buffer.from('Hello\n<html><body><script>fetch("/steal")</script></body></html>');
    await refusedAndNothingStored(
      relay,
      await upload(relay, token, html, { clientId: 'c-html', name: 'page.html' }),
      415,
      'attachment_type_refused',
      files,
    );
    await refusedAndNothingStored(
      relay,
      await upload(relay, token, html, { clientId: 'c-html2', name: 'notes.txt' }),
      415,
      'attachment_type_refused',
      files,
    );
  });

  it('reads a text file in 64 KiB chunks without missing what straddles a boundary', async () => {
    const chunk = 64 * 1024;
    const files = filesOf(relay, 'files').length;
    // A tag cut in two by the boundary: '<scr' ends the first chunk, 'ipt>' starts the second.
    const split = Buffer.from(`${'a'.repeat(chunk - 4)}<script>alert(1)</script>`);
    await refusedAndNothingStored(
      relay,
      await upload(relay, token, split, { clientId: 'c-split-tag', name: 'notes.txt' }),
      415,
      'attachment_type_refused',
      files,
    );
    // A 4-byte character cut by the boundary is valid UTF-8 all the same; half of one at the end is not.
    const emoji = Buffer.concat([Buffer.from('a'.repeat(chunk - 2)), Buffer.from('🙂 and more words\n')]);
    const stored = await upload(relay, token, emoji, { clientId: 'c-split-char', name: 'notes.txt' });
    assert.equal(stored.status, 201, JSON.stringify(stored.json));
    const cut = Buffer.concat([Buffer.from('a'.repeat(chunk + 10)), Buffer.from('🙂').subarray(0, 2)]);
    await refusedAndNothingStored(
      relay,
      await upload(relay, token, cut, { clientId: 'c-cut-char', name: 'notes.txt' }),
      415,
      'attachment_type_refused',
      files + 1,
    );
  });

  it('refuses a tiny PNG declaring 50,000×50,000 pixels before decoding it', async () => {
    const files = filesOf(relay, 'files').length;
    const bomb = await pngDeclaring(50_000, 50_000);
    assert.ok(bomb.length < 200);
    const answer = await upload(relay, token, bomb, { clientId: 'c-bomb', name: 'bomb.png' });
    await refusedAndNothingStored(relay, answer, 413, 'attachment_too_large', files);
    assert.match(answer.json.error!.message, /50000×50000/);
  });

  it('refuses a document whose zip directory unpacks to gigabytes', async () => {
    const files = filesOf(relay, 'files').length;
    const answer = await upload(relay, token, docx(4_000_000_000), { clientId: 'c-zipbomb', name: 'report.docx' });
    await refusedAndNothingStored(relay, answer, 422, 'attachment_unreadable', files);
  });

  it('refuses a damaged image (a truncated JPEG)', async () => {
    const files = filesOf(relay, 'files').length;
    const jpeg = await jpegWithGps(400, 300);
    const answer = await upload(relay, token, jpeg.subarray(0, Math.floor(jpeg.length / 2)), {
      clientId: 'c-half',
      name: 'half.jpg',
    });
    await refusedAndNothingStored(relay, answer, 422, 'attachment_unreadable', files);
  });

  it('stores nothing when the connection drops mid-upload, so the same client id uploads afresh', async () => {
    const files = filesOf(relay, 'files').length;
    const image = await png(300, 200);
    await truncatedUpload(
      relay.port,
      '/v1/attachments?clientId=c-cut&name=cut.png',
      token,
      image.length,
      image.subarray(0, 40),
    );
    await waitFor(() => filesOf(relay, 'staging').length === 0);
    assert.equal(filesOf(relay, 'files').length, files);
    const whole = await upload(relay, token, image, { clientId: 'c-cut', name: 'cut.png' });
    assert.equal(whole.status, 201, 'created now: the cut upload left no row');
  });

  it('refuses with 400 a body cut short of what the client announced (its SHA-256)', async () => {
    const files = filesOf(relay, 'files').length;
    const image = await png(200, 150);
    const cut = image.subarray(0, image.length - 20);
    const answer = await upload(relay, token, cut, { clientId: 'c-short', name: 'short.png', sha256: sha256(image) });
    await refusedAndNothingStored(relay, answer, 400, 'upload_incomplete', files);
    const whole = await upload(relay, token, image, { clientId: 'c-short', name: 'short.png', sha256: sha256(image) });
    assert.equal(whole.status, 201, 'the whole file, announced the same way, is stored');
  });

  it("refuses an upload into another visitor's conversation, and hides their files", async () => {
    const other = await visitor(relay);
    const files = filesOf(relay, 'files').length;
    const answer = await upload(relay, token, await png(), {
      clientId: 'c-intrude',
      name: 'a.png',
      conversationId: other.conversationId,
    });
    await refusedAndNothingStored(relay, answer, 403, 'forbidden', files);
    const theirs = await upload(relay, other.token, PDF, { clientId: 'c-theirs', name: 'private.pdf' });
    assert.equal(theirs.status, 201);
    const peek = await fetch(`${relay.httpUrl}/v1/attachments/${String(theirs.json.id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(peek.status, 404);
    const anonymous = await fetch(`${relay.httpUrl}/v1/attachments/${String(theirs.json.id)}`);
    assert.equal(anonymous.status, 401);
    assert.notEqual(conversationId, other.conversationId);
  });

  it('refuses an upload without a token or with a forged one', async () => {
    const files = filesOf(relay, 'files').length;
    await refusedAndNothingStored(
      relay,
      await upload(relay, undefined, await png(), { clientId: 'c-anon', name: 'a.png' }),
      401,
      'unauthorized',
      files,
    );
    const forged = `${token.slice(0, -4)}AAAA`;
    await refusedAndNothingStored(
      relay,
      await upload(relay, forged, await png(), { clientId: 'c-forged', name: 'a.png' }),
      401,
      'unauthorized',
      files,
    );
  });

  it('refuses expired and forged download addresses', async () => {
    const stored = await upload(relay, token, await png(), { clientId: 'c-signed', name: 'a.png' });
    const ref = stored.json as unknown as Reference;
    const ok = await fetch(ref.url!);
    assert.equal(ok.status, 200);
    const url = new URL(ref.url!);
    url.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -3)}abc`);
    const forged = await fetch(url);
    assert.equal(forged.status, 403);
    assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'url_invalid');
    // A longer expiry with the old signature is a forgery too.
    const stretched = new URL(ref.url!);
    stretched.searchParams.set('exp', String(Number(stretched.searchParams.get('exp')) + 3600));
    assert.equal((await fetch(stretched)).status, 403);
    // Signed eleven minutes ago: genuine, and expired.
    const old = relay.attachments.signer.sign(ref.id, 'file', Date.now() - 11 * 60_000);
    const expired = await fetch(`${relay.httpUrl}/v1/attachments/${ref.id}?${old.query}`);
    assert.equal(expired.status, 410);
    assert.equal(((await expired.json()) as { error: { code: string } }).error.code, 'url_expired');
    // The file's signature does not open its thumbnail, nor another file.
    const thumbWithFileSig = await fetch(
      `${relay.httpUrl}/v1/attachments/${ref.id}/thumbnail${url.search.replace(/sig=[^&]+/, `sig=${new URL(ref.url!).searchParams.get('sig')}`)}`,
    );
    assert.equal(thumbWithFileSig.status, 403);
  });
});

describe('attachments: erasure, retention of files, the scanner', () => {
  it('erasing a contact deletes their files from the disk, not just the rows', async () => {
    const relay = await startDesk();
    try {
      const { token, conversationId } = await visitor(relay);
      const stored = await upload(relay, token, await png(), { clientId: 'c-erase', name: 'a.png' });
      assert.equal(stored.status, 201);
      assert.equal(filesOf(relay, 'files').length, 2, 'the image and its thumbnail');
      const conversation = await relay.store.getConversation(conversationId);
      const erased = await fetch(`${relay.httpUrl}/v1/admin/contacts/${conversation!.visitorId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(erased.status, 204, await erased.text());
      await relay.attachments.purge();
      assert.deepEqual(filesOf(relay, 'files'), []);
      const gone = await fetch(`${relay.httpUrl}/v1/attachments/${String(stored.json.id)}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(gone.status, 404);
    } finally {
      await relay.close();
    }
  });

  it('retention deletes the files of expired conversations, and uploads into a conversation never created', async () => {
    const relay = await startDesk({ retentionDays: 1 });
    try {
      const kept = await visitor(relay);
      const old = await visitor(relay);
      const silent = await visitor(relay, false);
      for (const [who, clientId] of [
        [kept, 'c-kept'],
        [old, 'c-old'],
        [silent, 'c-silent'],
      ] as const)
        assert.equal((await upload(relay, who.token, await png(), { clientId, name: 'a.png' })).status, 201);
      assert.equal(filesOf(relay, 'files').length, 6);
      // Two days ago: the old conversation, and both uploads that are not the kept one's.
      const db = new Database(join(relay.config.dataDir, 'parley.db'));
      const past = Date.now() - 2 * 86_400_000;
      db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(past, old.conversationId);
      db.prepare("UPDATE attachments SET created_at = ? WHERE client_id IN ('c-old', 'c-silent')").run(past);
      db.close();
      const run = await relay.admin.retention.run();
      assert.equal(run.conversations, 1);
      await relay.attachments.purge();
      assert.equal(filesOf(relay, 'files').length, 2, 'only the kept image and its thumbnail');
      const left = await fetch(
        `${relay.httpUrl}/v1/attachments/${String((await upload(relay, kept.token, await png(), { clientId: 'c-kept', name: 'a.png' })).json.id)}`,
        {
          headers: { authorization: `Bearer ${kept.token}` },
        },
      );
      assert.equal(left.status, 200);
    } finally {
      await relay.close();
    }
  });

  it("follows a site's own allowlist and quota", async () => {
    const relay = await startDesk();
    try {
      const put = await fetch(`${relay.httpUrl}/v1/admin/settings/attachments`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ types: ['pdf'], maxBytes: null, quotaBytes: 200 }),
      });
      assert.equal(put.status, 200, await put.clone().text());
      assert.deepEqual(await put.json(), { types: ['pdf'], maxBytes: null, quotaBytes: 200, usedBytes: 0 });
      const unknown = await fetch(`${relay.httpUrl}/v1/admin/settings/attachments`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ types: ['svg'], maxBytes: null, quotaBytes: null }),
      });
      assert.equal(unknown.status, 400, 'SVG is not a type a site can allow');

      const { token } = await visitor(relay);
      const files = filesOf(relay, 'files').length;
      const image = await upload(relay, token, await png(), { clientId: 'c-png', name: 'a.png' });
      await refusedAndNothingStored(relay, image, 415, 'attachment_type_refused', files);
      const pdf = await upload(relay, token, PDF, { clientId: 'c-pdf1', name: 'a.pdf' });
      assert.equal(pdf.status, 201);
      const second = await upload(relay, token, PDF, { clientId: 'c-pdf2', name: 'b.pdf' });
      await refusedAndNothingStored(relay, second, 413, 'attachment_too_large', files + 1);
      assert.match(second.json.error!.message, /used up its storage/);
      const settings = await fetch(`${relay.httpUrl}/v1/admin/settings/attachments`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(((await settings.json()) as { usedBytes: number }).usedBytes, PDF.length);
    } finally {
      await relay.close();
    }
  });

  it('quarantines what the scanner refuses, and stores nothing when the scanner fails', async () => {
    const dir = tempDir('parley-scan-');
    const scanner = join(dir, 'scan.mjs');
    writeFileSync(
      scanner,
      `import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2], 'latin1');
process.exit(text.includes('EICAR-TEST') ? 1 : text.includes('SCANNER-CRASH') ? 2 : 0);
`,
    );
    const relay = await startDesk({ scanCommand: `${process.execPath} ${scanner}` });
    try {
      const { token } = await visitor(relay);
      const clean = await upload(relay, token, Buffer.from('all fine\n'), { clientId: 'c-clean', name: 'a.txt' });
      assert.equal(clean.status, 201, JSON.stringify(clean.json));
      const files = filesOf(relay, 'files').length;
      const infected = await upload(relay, token, Buffer.from('X5O!P%@AP EICAR-TEST\n'), {
        clientId: 'c-virus',
        name: 'a.txt',
      });
      await refusedAndNothingStored(relay, infected, 422, 'attachment_infected', files);
      assert.equal(filesOf(relay, 'quarantine').length, 1, 'kept apart for an operator');
      const failed = await upload(relay, token, Buffer.from('SCANNER-CRASH\n'), { clientId: 'c-crash', name: 'a.txt' });
      await refusedAndNothingStored(relay, failed, 503, 'scan_failed', files);
    } finally {
      await relay.close();
    }
  });
});
