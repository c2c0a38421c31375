import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { mount, open } from '../admin-fixture.js';
import { macro, rule } from '../fakes/rules-fake.js';
import { $, settle, showPage } from '../helpers.js';

// Settings → Rules (the list, the editor with a dry run, the macro editor) and the composer's macro preview, at 1280 px and 390 px,
// light and dark (see web-test-runner.screenshots.config.mjs).

const rules = () => [
  rule('rl_1', 'VIP to Sales', {
    conditions: [{ field: 'page_url', op: 'contains', value: '/pricing' }],
    actions: [
      { type: 'add_labels', labels: ['vip'] },
      { type: 'assign_team', teamId: 'team_1' },
    ],
    runs: { fired: 12, failed: 1, lastFiredAt: Date.now() - 3_600_000, lastErrors: [] },
  }),
  rule('rl_2', 'Nudge idle conversations', {
    enabled: false,
    trigger: 'conversation.idle',
    idleMinutes: 120,
    match: 'any',
    conditions: [
      { field: 'status', op: 'is', value: 'open' },
      { field: 'assignee', op: 'not_set' },
    ],
    actions: [{ type: 'add_note', text: 'Nobody has answered for two hours.' }],
  }),
  rule('rl_3', 'Refunds', {
    conditions: [{ field: 'text', op: 'contains', value: 'refund' }],
    actions: [
      { type: 'send_saved_reply', replyId: 'k2' },
      { type: 'set_priority', priority: 'high' },
    ],
    runs: { fired: 3, failed: 0, lastFiredAt: Date.now() - 86_400_000, lastErrors: [] },
  }),
];

const macros = () => [
  macro('mc_1', 'Close politely', {
    actions: [
      { type: 'send_saved_reply', replyId: 'k1' },
      { type: 'set_status', status: 'resolved' },
    ],
  }),
  macro('mc_2', 'Hand to Sales', {
    shared: false,
    ownerId: 'staff_1',
    sender: 'bot',
    actions: [
      { type: 'assign_team', teamId: 'team_1' },
      { type: 'add_note', text: 'Sales will follow up.' },
      { type: 'snooze', minutes: 1440 },
    ],
  }),
];

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`rules screenshots, ${width} px, ${theme}`, () => {
      it('the Rules page, the editor with a dry run, and the macro preview', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount();
        el.setAttribute('theme', theme);
        api.rulesValue = rules();
        api.macrosValue = macros();
        api.dryRunAnswer = {
          checked: 100,
          matches: [
            { conversationId: 'c1', visitorName: 'Visitor c1', lastMessageAt: Date.now() - 60_000, status: 'open' },
            { conversationId: 'c2', visitorName: null, lastMessageAt: Date.now() - 7_200_000, status: 'resolved' },
          ],
          actions: ['Add the labels “vip”', 'Move to the team Sales'],
        };
        const page = await showPage(el, 'Rules and macros', 'chat-admin-rules');
        await waitUntil(() => page.shadowRoot?.querySelector('.rules'), 'the rules');
        await settle(page);
        await shot(`rules-page-${width}-${theme}`);
        (page.shadowRoot!.querySelector('.rule[data-id=rl_1] .edit') as HTMLButtonElement).click();
        await settle(page);
        (page.shadowRoot!.querySelector('.add-condition') as HTMLButtonElement).click();
        await settle(page);
        const field = page.shadowRoot!.querySelector('#rule-cond-1-field') as HTMLSelectElement;
        field.value = 'channel';
        field.dispatchEvent(new Event('change'));
        await settle(page);
        (page.shadowRoot!.querySelector('.try') as HTMLButtonElement).click();
        await waitUntil(() => page.shadowRoot!.querySelector('#dry-run'), 'the dry run');
        await settle(page);
        page.shadowRoot!.querySelector('#rule-editor-title')!.scrollIntoView();
        await shot(`rules-editor-${width}-${theme}`);
        (page.shadowRoot!.querySelector('.macro[data-id=mc_1] .edit') as HTMLButtonElement).click();
        await settle(page);
        page.shadowRoot!.querySelector('#macro-editor-title')!.scrollIntoView();
        await shot(`macro-editor-${width}-${theme}`);
        await open(el, 'c1');
        ($(el, '#composer-input') as HTMLTextAreaElement).focus();
        await sendKeys({ down: 'Control' });
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'M' });
        await sendKeys({ up: 'Shift' });
        await sendKeys({ up: 'Control' });
        await waitUntil(() => $(el, 'chat-admin-macros')?.shadowRoot?.querySelector('[role=option]'), 'the macros');
        const part = $(el, 'chat-admin-macros') as LitElement;
        await sendKeys({ press: 'ArrowDown' });
        await sendKeys({ press: 'Enter' });
        await settle(part);
        part.scrollIntoView({ block: 'end' });
        await shot(`macro-preview-${width}-${theme}`);
      });
    });
