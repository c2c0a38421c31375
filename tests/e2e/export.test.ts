// End-to-end (issue #40): staff export a conversation from /admin — Download CSV and JSON through the inbox's
// credentials, and Print, whose print view Chromium turns into a PDF that holds every message, an Arabic one
// included — with a real relay and Chromium. PARLEY_SHOTS=<dir> writes screenshots of the menu at 1280 and 390 px,
// light and dark, and the PDF's pages as PNG.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, buildWidget, startAdminHarness, watchCsp, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;
const work = mkdtempSync(join(tmpdir(), 'parley-export-e2e-'));

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(async () => {
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});

const admin = (page: Page) => page.locator('chat-admin');
const widget = (page: Page) => page.locator('chat-widget');
const shots = process.env.PARLEY_SHOTS;
if (shots) mkdirSync(shots, { recursive: true });

const ENGLISH = 'My parcel 1042 never arrived, can you check?';
const ARABIC = 'مرحبا، أحتاج مساعدة في طلبي';
const NOTE = 'Internal: refund if the carrier confirms the loss.';
const LONG_REPLIES = 40;

/** The admin API, as the admin. */
const api: AdminHarness['api'] = (method, path, body) => h.api(method, path, body);

describe('export end to end', () => {
  it('downloads CSV and JSON from the inbox, and prints a PDF with every message, Arabic included', async () => {
    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const input = widget(visitor).locator('textarea[part=input]');
    for (const text of [ENGLISH, ARABIC]) {
      await input.fill(text);
      await input.press('Enter');
      // Acknowledged (stored), not only shown: the staff's messages below must come after it in the conversation.
      await widget(visitor).locator('.msg.mine:is(.sent, .delivered, .read) .bubble', { hasText: text }).waitFor();
    }
    const conversationId = (await api('GET', '/v1/admin/conversations')).body.items[0].id as string;
    const noted = await api('POST', `/v1/admin/conversations/${conversationId}/messages`, {
      id: 'note-1',
      text: NOTE,
      note: true,
    });
    assert.equal(noted.status, 201);
    // Enough replies, some long, for the PDF to run over pages (where no message may be cut in two).
    for (let i = 1; i <= LONG_REPLIES; i += 1) {
      const reply = await api('POST', `/v1/admin/conversations/${conversationId}/messages`, {
        id: `reply-${i}`,
        text: `Reply ${i}: ${'We are looking into your parcel with the carrier. '.repeat(1 + (i % 5))}\nThanks for waiting.`,
      });
      assert.equal(reply.status, 201);
    }

    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const staff = await staffContext.newPage();
    const cspViolations = await watchCsp(staff);
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    const urls: string[] = [];
    staff.on('request', (request) => urls.push(request.url()));
    await h.signIn(staff);
    await admin(staff).locator('[role=option]').first().click();
    await admin(staff)
      .locator('.msg.staff .bubble', { hasText: `Reply ${LONG_REPLIES}:` })
      .waitFor();

    const menu = admin(staff).locator('chat-admin-export');
    const openMenu = async () => {
      if (!(await menu.locator('details[open]').count())) await menu.locator('summary').click();
      await menu.locator('.export-menu').waitFor();
    };

    if (shots) {
      await openMenu();
      for (const scheme of ['light', 'dark'] as const)
        for (const width of [1280, 390]) {
          await staff.emulateMedia({ colorScheme: scheme });
          await staff.setViewportSize({ width, height: width === 390 ? 780 : 900 });
          await menu.locator('.export-menu').waitFor();
          await staff.screenshot({ path: join(shots, `export-menu-${width}-${scheme}.png`) });
        }
      await staff.emulateMedia({ colorScheme: 'light' });
      await staff.setViewportSize({ width: 1280, height: 900 });
    }

    // Download CSV with the notes (ticked: they are left out by default): UTF-8 with a BOM, every message in it.
    await openMenu();
    await menu.getByRole('checkbox', { name: 'Include private notes' }).check();
    const [csvDownload] = await Promise.all([
      staff.waitForEvent('download'),
      menu.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.equal(csvDownload.suggestedFilename(), `conversation-${conversationId}.csv`);
    const csv = readFileSync(await csvDownload.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    for (const text of [ENGLISH, ARABIC, NOTE]) assert.ok(csv.toString('utf8').includes(text), text);
    await menu
      .getByRole('status')
      .filter({ hasText: `Downloaded conversation-${conversationId}.csv.` })
      .waitFor();

    // Download JSON without the notes.
    await openMenu();
    await menu.getByRole('checkbox', { name: 'Include private notes' }).uncheck();
    const [jsonDownload] = await Promise.all([
      staff.waitForEvent('download'),
      menu.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
    assert.equal(json.includesNotes, false);
    const texts: string[] = json.messages.map((m: { text: string }) => m.text);
    assert.deepEqual(texts.slice(0, 2), [ENGLISH, ARABIC]);
    assert.equal(texts.length, 2 + LONG_REPLIES, 'every message but the note');
    assert.ok(!texts.includes(NOTE));
    await menu.getByRole('checkbox', { name: 'Include private notes' }).check();

    // Print: the print view is drawn in a frame of its own and the print dialog opened on it.
    await openMenu();
    await menu.getByRole('button', { name: 'Print' }).click();
    const frame = await (async () => {
      for (let i = 0; i < 100; i += 1) {
        const found = staff.frames().find((each) => each !== staff.mainFrame());
        if (found && (await found.locator('li.message').count()) === 3 + LONG_REPLIES) return found;
        await staff.waitForTimeout(100);
      }
      throw new Error('no print view');
    })();
    // The same document and rules, printed to PDF by Chromium as the print dialog's "Save as PDF" would.
    const { markup, rules } = await frame.evaluate(() => ({
      markup: document.documentElement.outerHTML,
      rules: document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n'),
    }));
    const printer = await staffContext.newPage();
    await printer.setContent(markup);
    await printer.addStyleTag({ content: rules });
    await printer.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const pdfPath = join(work, 'conversation.pdf');
    await printer.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    const pdf = readFileSync(pdfPath);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))![1]);
    assert.ok(pages >= 2, `${pages} pages`);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const expected of [`Conversation with`, ENGLISH, NOTE, 'Private note'])
      assert.ok(text.toLowerCase().includes(expected.toLowerCase()), `the PDF says ${expected}:\n${text}`);
    // Arabic: each word is in the text (the extractor may put right-to-left runs in either order).
    for (const word of ARABIC.replace('،', '').split(' '))
      assert.ok(text.includes(word) || text.includes([...word].reverse().join('')), `the PDF has ${word}:\n${text}`);
    // No message is cut in two: every reply's first line and its last are on the same page.
    for (let page = 1; page <= pages; page += 1) {
      const on = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdfPath, '-'], {
        encoding: 'utf8',
      });
      assert.equal(
        on.match(/Reply \d+:/g)?.length ?? 0,
        on.match(/Thanks for waiting\./g)?.length ?? 0,
        `page ${page}`,
      );
    }
    execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath, join(shots ?? work, 'export-pdf-page')]);
    assert.ok(readdirSync(shots ?? work).some((name) => name.startsWith('export-pdf-page')));

    // Save as PDF: the same view, and where the PDF comes from.
    await openMenu();
    await menu.getByRole('button', { name: 'Save as PDF' }).click();
    await menu.getByRole('status').filter({ hasText: 'choose “Save as PDF”' }).waitFor();

    // No token in any URL the inbox asked for; every export audited.
    assert.deepEqual(
      urls.filter((url) => url.includes(ADMIN_TOKEN)),
      [],
    );
    const audit = await api('GET', '/v1/admin/audit?action=conversation.export');
    assert.equal(audit.body.items.length, 4);
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await staffContext.close();
    await visitorContext.close();
  });
});
