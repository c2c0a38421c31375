// The inbox's contribution points are filled from the features' folders: the settings sub-pages (each folder's
// settings-page.ts), the thread actions (thread-action.ts), the contact card's sections (contact-section.ts), the
// composer's tools and holds (composer-tool.ts, composer-hold.ts), the messages' decorations, the Reports page's
// sections and filters (report-section.ts, report-filter.ts) and the rules' actions.
// Each point's index is written from the folders (packages/widget/scripts/contributions.mjs), so a new page, action
// or section edits only its folder. The committed indexes are the folders' own, and every declaration is well formed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SETTINGS_GROUPS, SETTINGS_PAGES } from '../../packages/widget/src/chat-admin/pages/settings/settings-pages.js';
import { THREAD_ACTIONS } from '../../packages/widget/src/chat-admin/thread-actions.js';
import { LIST_ACTIONS } from '../../packages/widget/src/chat-admin/list-actions.js';
import { CONTACT_SECTIONS } from '../../packages/widget/src/chat-admin/contact/contact-sections.js';
import { COMPOSER_TOOLS } from '../../packages/widget/src/chat-admin/composer-tools.js';
import { COMPOSER_HOLDS } from '../../packages/widget/src/chat-admin/composer-holds.js';
import { MESSAGE_DECORATIONS } from '../../packages/widget/src/chat-admin/message-decorations.js';
import { RULE_ACTIONS } from '../../packages/widget/src/chat-admin/rules/rule-actions.js';
import { REPORT_SECTIONS } from '../../packages/widget/src/chat-admin/pages/reports/report-sections.js';
import { REPORT_FILTERS } from '../../packages/widget/src/chat-admin/pages/reports/report-filters.js';
import {
  FAKES_INDEX,
  POINTS,
  contributors,
  fakes,
  fakesIndexText,
  indexText,
  point,
} from '../../packages/widget/scripts/contributions.mjs';

const widget = fileURLToPath(new URL('../../packages/widget/', import.meta.url));
const settings = point('settings pages')!;
/** The folders of pages/ that declare a settings sub-page. */
const settingsFolders = (): string[] => contributors(settings).map((file) => file.split('/').at(-2)!);

describe("the settings area's sub-pages", () => {
  it('are indexed from the folders that declare one, and the committed index is current', async () => {
    assert.equal(readFileSync(`${widget}${settings.index}`, 'utf8'), await indexText(settings));
    assert.ok(settingsFolders().length > 20, 'the folders declaring a sub-page');
    assert.equal(SETTINGS_PAGES.length, settingsFolders().length);
  });

  it('each declared once, by its folder, its element a chunk of that folder', () => {
    for (const folder of settingsFolders()) {
      const source = readFileSync(`${widget}src/chat-admin/pages/${folder}/settings-page.ts`, 'utf8');
      const declared = SETTINGS_PAGES.filter(({ tag }) => source.includes(`tag: '${tag}'`));
      assert.equal(declared.length, 1, folder);
      const page = declared[0]!;
      assert.match(String(page.load), /import\(["']\.\/[\w.-]+\.component\.js["']\)/, folder);
      assert.ok(page.tag.startsWith('chat-admin-'), page.tag);
    }
    assert.equal(new Set(SETTINGS_PAGES.map(({ id }) => id)).size, SETTINGS_PAGES.length, 'ids are unique');
    assert.equal(new Set(SETTINGS_PAGES.map(({ tag }) => tag)).size, SETTINGS_PAGES.length, 'tags are unique');
  });

  it('are listed group by group, by their rank in each, and no two share a place', () => {
    const places = SETTINGS_PAGES.map(({ group, rank }): [number, number] => [SETTINGS_GROUPS.indexOf(group), rank]);
    for (const [i, [group, rank]] of places.entries()) {
      assert.ok(group >= 0);
      if (i === 0) continue;
      const [before, rankBefore] = places[i - 1]!;
      assert.ok(group > before || (group === before && rank > rankBefore), SETTINGS_PAGES[i]!.id);
    }
    assert.deepEqual([...new Set(SETTINGS_PAGES.map(({ group }) => group))], [...SETTINGS_GROUPS]);
  });

  it('index a new folder as soon as it declares a page', async () => {
    const index = await indexText(settings, [
      ...contributors(settings),
      'src/chat-admin/pages/new-thing/settings-page.ts',
    ]);
    assert.match(index, /import \{ settingsPage as newThingSettingsPage \} from '\.\.\/new-thing\/settings-page\.js';/);
    assert.match(index, /^ {2}newThingSettingsPage,$/m);
  });
});

describe("the inbox's outlets", () => {
  it("each point's committed index is its folders' own", async () => {
    assert.deepEqual(
      POINTS.map(({ name }) => name),
      [
        'settings pages',
        'thread actions',
        'contact sections',
        'list actions',
        'composer tools',
        'composer holds',
        'message decorations',
        'report sections',
        'report filters',
        'rule actions',
      ],
    );
    for (const each of POINTS) {
      assert.ok(contributors(each).length > 0, each.name);
      assert.equal(readFileSync(`${widget}${each.index}`, 'utf8'), await indexText(each), each.name);
    }
  });

  it('the thread actions, declared by their folders, in the header in rank order', () => {
    assert.deepEqual(
      THREAD_ACTIONS.map(({ tag }) => tag),
      [
        'chat-admin-reach',
        'chat-admin-sla-clocks',
        'chat-admin-snooze',
        'chat-admin-ai-summary',
        'chat-admin-export',
        'chat-admin-merge',
        'chat-admin-spam',
      ],
    );
    assert.deepEqual(
      contributors(point('thread actions')!).map((file) => file.split('/').at(-2)),
      ['ai', 'contact', 'export', 'merge', 'moderation', 'sla', 'snooze'],
    );
  });

  it("the list's actions, declared by their folders; the list's tools name none", () => {
    assert.deepEqual(
      LIST_ACTIONS.map(({ tag }) => tag),
      ['chat-admin-email-start'],
    );
    assert.deepEqual(contributors(point('list actions')!), ['src/chat-admin/email-start/list-action.ts']);
    const tools = readFileSync(`${widget}src/chat-admin/list-tools.ts`, 'utf8');
    assert.doesNotMatch(tools, /email-start/, 'the list names no action');
  });

  it("the contact card's sections, declared by their folders", () => {
    assert.deepEqual(
      CONTACT_SECTIONS.map(({ tag }) => tag),
      ['chat-admin-duplicates', 'chat-admin-company-card', 'chat-admin-attributes-card'],
    );
    assert.deepEqual(contributors(point('contact sections')!), [
      'src/chat-admin/attributes/contact-section.ts',
      'src/chat-admin/companies/contact-section.ts',
      'src/chat-admin/merge/contact-section.ts',
    ]);
    const card = readFileSync(`${widget}src/chat-admin/contact/chat-admin-contact-card.component.ts`, 'utf8');
    assert.doesNotMatch(
      card,
      /<chat-admin-attributes-card|\.\.\/attributes\//,
      'the contact card names no feature card',
    );
  });

  it("the composer's tools, declared by their folders, each in its place", async () => {
    assert.deepEqual(
      COMPOSER_TOOLS.map(({ tag, place }) => `${place} ${tag}`),
      [
        'above chat-admin-whatsapp',
        'below chat-admin-ai-result',
        'above chat-admin-scheduled',
        'send chat-admin-send-later',
        'above chat-admin-ai-tools',
      ],
    );
    assert.deepEqual(contributors(point('composer tools')!), [
      'src/chat-admin/ai/composer-tool.ts',
      'src/chat-admin/scheduled/composer-tool.ts',
      'src/chat-admin/whatsapp/composer-tool.ts',
    ]);
    const composer = readFileSync(`${widget}src/chat-admin/chat-admin-composer.component.ts`, 'utf8');
    assert.doesNotMatch(composer, /scheduled\/|ai\//, 'the composer names no part of send later or the AI tools');
    const index = await indexText(point('composer tools')!, [
      ...contributors(point('composer tools')!),
      'src/chat-admin/new-thing/composer-tool.ts',
    ]);
    assert.match(
      index,
      /\[\s*\.\.\.aiComposerTools,\s*\.\.\.scheduledComposerTools,\s*\.\.\.whatsappComposerTools,\s*\.\.\.newThingComposerTools,?\s*\]/,
      "each folder's list spread",
    );
  });

  it("the composer's holds on Send, declared by their folders, each check a chunk of its folder", () => {
    assert.deepEqual(contributors(point('composer holds')!), ['src/chat-admin/whatsapp/composer-hold.ts']);
    assert.deepEqual(
      COMPOSER_HOLDS.map(({ rank }) => rank),
      [10],
    );
    for (const { load } of COMPOSER_HOLDS) assert.match(String(load), /import\(["']\.\/[\w.-]+\.js["']\)/);
    const composer = readFileSync(`${widget}src/chat-admin/chat-admin-composer.component.ts`, 'utf8');
    assert.doesNotMatch(composer, /whatsapp/i, 'the composer names no channel');
  });

  it("the thread's message decorations, declared by their folders, each in its place", () => {
    assert.deepEqual(
      MESSAGE_DECORATIONS.map(({ tag, place }) => `${place} ${tag}`),
      [
        'meta chat-admin-email-original',
        'body chat-admin-redacted',
        'body chat-admin-ai-suggestion',
        'meta chat-admin-message-actions',
        'meta chat-admin-ai-message',
        'meta chat-admin-reply-delivery',
        'meta chat-admin-whatsapp-refused',
      ],
    );
    assert.deepEqual(
      contributors(point('message decorations')!).map((file) => file.split('/').at(-2)),
      ['classify', 'ai', 'email-original', 'message-actions', 'redacted', 'reply-delivery', 'whatsapp'],
    );
    const thread = readFileSync(`${widget}src/chat-admin/chat-admin-thread.component.ts`, 'utf8');
    for (const tag of MESSAGE_DECORATIONS.map(({ tag }) => tag)) assert.ok(!thread.includes(tag), tag);
    // Each a template per message in the thread's chunk; its element a chunk of its folder.
    for (const { load } of MESSAGE_DECORATIONS)
      assert.match(String(load), /import\(["']\.\/[\w.-]+\.component\.js["']\)/);
    const list = readFileSync(`${widget}src/chat-admin/message-decorations.ts`, 'utf8');
    const imports = [...list.matchAll(/from '([^']+)'/g)].map(([, from]) => from);
    const relative = imports.filter((from) => from!.startsWith('.'));
    assert.ok(
      relative.every((from) => /^\.\/[\w.-]+$/.test(from!)),
      `the list imports no feature folder: ${relative.join(', ')}`,
    );
  });

  it("the Reports page's sections, declared by their folders, each taking the permission of its route", () => {
    assert.deepEqual(
      REPORT_SECTIONS.map(({ tag, permission }) => `${tag} ${permission}`),
      [
        'chat-admin-sla-report reports.view',
        'chat-admin-attribute-breakdown reports.view',
        'chat-admin-help-feedback reports.view',
      ],
    );
    assert.deepEqual(contributors(point('report sections')!), [
      'src/chat-admin/pages/attributes/report-section.ts',
      'src/chat-admin/pages/help/report-section.ts',
      'src/chat-admin/pages/sla/report-section.ts',
    ]);
    for (const { load } of REPORT_SECTIONS) assert.match(String(load), /import\(["']\.\/[\w.-]+\.component\.js["']\)/);
    const page = readFileSync(`${widget}src/chat-admin/pages/reports/chat-admin-reports.component.ts`, 'utf8');
    assert.doesNotMatch(page, /\bsla\b|chat-admin-sla/i, 'the Reports page names no SLA');
    // Nor any other feature's folder or card: each comes through the outlet.
    const folders = [...page.matchAll(/from '([^']+)'/g)]
      .map(([, from]) => from!)
      .filter((from) => from.startsWith('../'));
    assert.deepEqual(
      folders.filter((from) => !from.startsWith('../../')),
      [],
      'the Reports page imports no other page’s folder',
    );
    assert.doesNotMatch(page, /chat-admin-attribute-breakdown|chat-admin-help-feedback/);
  });

  it("the Reports page's filters, declared by their folders, each its parameters and the permission of the reports", () => {
    assert.deepEqual(
      REPORT_FILTERS.map(({ tag, params, permission }) => `${tag} ${params.join(',')} ${permission}`),
      [
        'chat-admin-attribute-filter attribute,attributeValues reports.view',
        'chat-admin-company-filter company reports.view',
      ],
    );
    assert.deepEqual(contributors(point('report filters')!), [
      'src/chat-admin/pages/attributes/report-filter.ts',
      'src/chat-admin/pages/companies/report-filter.ts',
    ]);
    for (const { load } of REPORT_FILTERS) assert.match(String(load), /import\(["']\.\/[\w.-]+\.component\.js["']\)/);
    // The parameters are the conversation list's, which the relay's features contribute (desk.conversationParams).
    const relay = fileURLToPath(new URL('../../packages/relay/src/', import.meta.url));
    assert.match(readFileSync(`${relay}attributes/attribute-list-params.ts`, 'utf8'), /^ {2}attribute: text\(/m);
    assert.match(readFileSync(`${relay}companies/company-list-params.ts`, 'utf8'), /^ {2}company: text\(/m);
    const page = readFileSync(`${widget}src/chat-admin/pages/reports/chat-admin-reports.component.ts`, 'utf8');
    assert.doesNotMatch(page, /compan/i, 'the Reports page names no company');
    assert.doesNotMatch(page, /attribute-filter|report-filter\.js|['"]attribute['"]/, 'nor the attribute filter');
  });

  it("the rules' contributed actions, declared by their folders, offered after the rules' own", () => {
    assert.deepEqual(
      RULE_ACTIONS.map(({ type }) => type),
      ['ai_classify'],
    );
    assert.deepEqual(contributors(point('rule actions')!), ['src/chat-admin/ai/classify/rule-action.ts']);
    for (const file of ['rule-form.ts', 'rule-words.ts', 'rules-strings.ts', 'rule-actions.ts'])
      assert.doesNotMatch(
        readFileSync(`${widget}src/chat-admin/rules/${file}`, 'utf8'),
        /ai_classify|classify|\.\.\/ai\//,
        `rules/${file} names no contributed action`,
      );
    // An editor turns a saved action into its draft and back into the same action.
    for (const editor of RULE_ACTIONS) {
      const action = editor.toAction(editor.newDraft());
      assert.equal(action.type, editor.type);
      assert.deepEqual(editor.toAction(editor.draft(action)), action);
    }
  });

  it('no region lists a feature: the lists import only their index', () => {
    for (const list of [
      'src/chat-admin/thread-actions.ts',
      'src/chat-admin/contact/contact-sections.ts',
      'src/chat-admin/composer-tools.ts',
      'src/chat-admin/composer-holds.ts',
      'src/chat-admin/pages/reports/report-sections.ts',
      'src/chat-admin/pages/reports/report-filters.ts',
    ]) {
      const imports = [...readFileSync(`${widget}${list}`, 'utf8').matchAll(/from '([^']+)'/g)].map(([, from]) => from);
      assert.ok(
        imports.every((from) => /(outlets|\.generated)\.js$/.test(from!)),
        `${list}: ${imports.join(', ')}`,
      );
      assert.doesNotMatch(readFileSync(`${widget}${list}`, 'utf8'), /import\(/);
    }
  });
});

describe("the inbox tests' fake admin API", () => {
  it("applies every area's fake from its file, through the index written from the folder", async () => {
    assert.equal(readFileSync(`${widget}${FAKES_INDEX}`, 'utf8'), await fakesIndexText());
    const areas = fakes();
    assert.ok(areas.length >= 30, 'the fake areas');
    assert.ok(areas.some(({ file, mixin }) => file === 'snooze-fake.ts' && mixin === 'withSnooze'));
    const index = readFileSync(`${widget}${FAKES_INDEX}`, 'utf8');
    for (const { mixin } of areas) assert.match(index, new RegExp(`\\b${mixin}\\(`), mixin);
  });

  it('is extended by FakeApi without naming an area', () => {
    const fixture = readFileSync(`${widget}test/admin-fixture.ts`, 'utf8');
    assert.match(fixture, /^export class FakeApi extends FakeAreas implements AdminApi \{$/m);
    assert.doesNotMatch(fixture, /\bwith[A-Z]\w*\(/);
  });
});
