import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { mount, type Setup } from './admin-fixture.js';
import { $, settingsLinks, settle, showDeskPage, showPage, text, waitUntil } from './helpers.js';

// One settings layout for every page (issue #36, 10): each page's content in cards, fields that fill their card
// with their label above them, the page kit's buttons, nothing wider than a 360 px phone, and contrast that holds
// in the dark theme. Every page of the settings area is shown as a user would, with its forms open and its lists
// filled, and measured in the real browser.

const BUTTON_CLASSES = ['primary', 'secondary', 'danger', 'link'];

/** The fake API with what opens every page's forms: hours and every automation on, a deadline, entries, endpoints. */
function fill({ api }: Setup): void {
  api.automationsValue.settings = {
    botName: 'Parley',
    hours: {
      timezone: 'Europe/Oslo',
      weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
      holidays: ['2026-12-25'],
    },
    welcome: { enabled: true, texts: { en: 'Hi! Ask us anything about your order.' } },
    away: { enabled: true, texts: {}, emailTexts: {} },
    csat: { enabled: true, texts: {} },
  };
  api.routingValue.settings = {
    mode: 'round-robin',
    defaultCapacity: 10,
    reassignAfterMinutes: 30,
    sla: { firstResponseMinutes: 15, raisePriorityTo: 'high', notifyEmail: true },
    assignOnReply: true,
  };
  api.faqEntries = [
    {
      id: 'faq_1',
      language: 'en',
      question: 'Do you ship to Norway?',
      answer: 'Yes, in 3 to 5 working days.',
      phrasings: [],
      keywords: ['shipping'],
      counts: { answered: 3, helpful: 2, escalated: 0 },
      createdAt: 1,
      updatedAt: 1,
    },
  ];
  api.helpCollections = [
    {
      id: 'hcol_1',
      name: 'Billing',
      slug: 'billing',
      description: 'Cards and invoices',
      position: 0,
      createdAt: 1,
      updatedAt: 1,
    },
  ];
  api.helpArticles = [
    {
      id: 'hart_1',
      collectionId: 'hcol_1',
      locale: 'en',
      slug: 'pay-by-card-with-a-very-long-address-that-wraps-on-a-phone',
      title: 'Pay by card',
      summary: null,
      status: 'published',
      authorId: 'staff_1',
      updatedBy: 'staff_1',
      createdAt: 1,
      updatedAt: 1,
      publishedAt: 1,
      body: 'Cards.',
      html: '<p>Cards.</p>',
    },
  ];
  api.webhookList = [
    {
      id: 'wh_1',
      url: 'https://hooks.acme.example/parley/a-long-path-that-has-to-wrap-on-a-phone-screen-somewhere',
      events: ['conversation.created', 'message.created'],
      enabled: true,
      batch: false,
      disabledReason: null,
      disabledAt: null,
      createdAt: 1,
      updatedAt: 1,
    },
  ];
}

/** The settings area's pages, each shown in turn: its link's text and its element once rendered. */
async function* everyPage(el: ChatAdmin): AsyncGenerator<[string, LitElement]> {
  const labels = (await settingsLinks(el)).map(text);
  expect(labels.length, 'the settings pages').to.be.greaterThan(10);
  for (const label of labels) {
    const link = (await settingsLinks(el)).find((a) => text(a) === label)!;
    const tag = `chat-admin-${link.dataset['id']}`;
    const page = await showPage(el, label, tag);
    await waitUntil(() => page.shadowRoot?.querySelector('.card'), `${label}: a card`);
    for (let round = 0; round < 3; round++) await settle(page);
    yield [label, page];
  }
}

/** The page's elements, those of the parts it holds (the two-factor setup) included. */
function elements(page: LitElement): Element[] {
  const all: Element[] = [];
  const walk = (root: ShadowRoot): void => {
    for (const node of root.querySelectorAll('*')) {
      all.push(node);
      // A preview of the visitor's widget (Campaigns' bubble) is drawn in the widget's styles, not the page kit's.
      if (node.shadowRoot && !node.hasAttribute('data-widget-preview')) walk(node.shadowRoot);
    }
  };
  walk(page.shadowRoot!);
  return all;
}

function shown(node: Element): boolean {
  const box = node.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== 'hidden';
}

/** The card an element sits in (across the shadow roots of the parts a page holds). */
function cardOf(node: Element): Element | null {
  for (let at: Node | null = node; at;) {
    if (at instanceof Element && at.classList.contains('card')) return at;
    at = at.parentNode ?? (at instanceof ShadowRoot ? at.host : null);
    if (at instanceof ShadowRoot) at = at.host;
  }
  return null;
}

/** A field whose text is typed: what has to be wide enough to read. */
const TEXT_FIELDS =
  'input:not([type=checkbox], [type=radio], [type=color], [type=hidden], [type=number], [type=time], [type=date]), textarea, select';

/** An sRGB colour as computed (`rgb()`, `rgba()`, or `color(srgb …)` as `color-mix()` gives) → [r, g, b, a] in 0–1. */
function rgba(value: string): [number, number, number, number] {
  const srgb = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)/.exec(value);
  if (srgb) return [Number(srgb[1]), Number(srgb[2]), Number(srgb[3]), srgb[4] === undefined ? 1 : Number(srgb[4])];
  const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(value);
  if (!rgb) throw new Error(`a colour: ${value}`);
  return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255, rgb[4] === undefined ? 1 : Number(rgb[4])];
}

function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function contrast(a: number[], b: number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The colour drawn behind an element: the first opaque background up its ancestors (through shadow roots). */
function backdrop(node: Element): number[] {
  for (let at: Node | null = node; at; at = at.parentNode ?? (at instanceof ShadowRoot ? at.host : null)) {
    if (!(at instanceof Element)) continue;
    const colour = rgba(getComputedStyle(at).backgroundColor);
    if (colour[3] === 1) return colour;
  }
  return [1, 1, 1, 1];
}

describe('<chat-admin> settings layout (issue #36, 10)', () => {
  afterEach(async () => {
    document.body.style.margin = '';
    await setViewport({ width: 800, height: 600 });
  });

  it('puts every page in cards, its fields filling the card with the label above, and only the kit’s buttons', async () => {
    await setViewport({ width: 1280, height: 900 });
    const setup = await mount();
    fill(setup);
    const seen: string[] = [];
    for await (const [label, page] of everyPage(setup.el)) {
      seen.push(label);
      // The page's own content is cards (an empty live region or a closed dialog takes no room).
      for (const child of page.shadowRoot!.children) {
        if (child instanceof HTMLStyleElement || !shown(child)) continue;
        expect(child.classList.contains('card'), `${label}: <${child.localName}> outside a card`).to.equal(true);
      }
      const nodes = elements(page).filter(shown);
      for (const button of nodes.filter((node) => node.localName === 'button')) {
        const name = `${label}: the button “${text(button)}”`;
        expect(
          BUTTON_CLASSES.some((kind) => button.classList.contains(kind)),
          `${name} has one of the kit's classes (${button.className})`,
        ).to.equal(true);
        // The kit's styles are applied (a page without them draws the browser's grey buttons).
        const style = getComputedStyle(button);
        if (!button.classList.contains('link')) {
          expect(style.borderRadius, `${name}: its corners`).to.equal('8px');
          expect(style.fontWeight, `${name}: its weight`).to.equal('600');
        }
      }
      for (const field of nodes.filter((node) => node.matches(TEXT_FIELDS))) {
        const name = `${label}: the field ${field.id || field.getAttribute('name') || field.getAttribute('aria-label')}`;
        const card = cardOf(field)!;
        expect(card, `${name} is in a card`).to.exist;
        const width = field.getBoundingClientRect().width;
        // In a table or a row of filters a field takes its own width; in a form it fills the card.
        if (field.closest('td, .inline')) expect(width, `${name}: its width`).to.be.at.least(80);
        else
          expect(width, `${name}: its width in a ${card.clientWidth} px card`).to.be.at.least(card.clientWidth * 0.75);
        // The label that wraps it is above it, not before it on its line.
        const wrapping = field.parentElement?.localName === 'label' ? field.parentElement : null;
        if (wrapping && !field.closest('td, .inline')) {
          expect(Math.round(field.getBoundingClientRect().left), `${name}: under its label`).to.equal(
            Math.round(wrapping.getBoundingClientRect().left),
          );
          expect(field.getBoundingClientRect().top, `${name}: below its label's text`).to.be.greaterThan(
            wrapping.getBoundingClientRect().top + 10,
          );
        }
      }
      for (const field of nodes.filter((node) => node.matches('input[type=number], input[type=time]'))) {
        expect(field.getBoundingClientRect().width, `${label}: a short field's width`).to.be.at.least(100);
      }
    }
    expect(seen).to.include.members(['Site', 'Team', 'Automations', 'Routing', 'FAQ', 'Webhooks', 'Attachments']);
  });

  it('fits every page in a 360 px phone: nothing wider than its card, no field too narrow to read', async () => {
    await setViewport({ width: 360, height: 740 });
    const setup = await mount();
    fill(setup);
    // The whole window is the inbox, as on a phone (the test page's body has a margin).
    document.body.style.margin = '0';
    setup.el.style.cssText = 'display: block; width: 360px; height: 740px';
    for await (const [label, page] of everyPage(setup.el)) {
      expect(document.documentElement.scrollWidth, `${label}: the document's width`).to.be.at.most(360);
      for (const node of elements(page).filter(shown)) {
        if (node.closest('.table-wrap') || node.closest('.sr-only')) continue;
        const card = cardOf(node);
        if (!card || card === node) continue;
        expect(
          node.getBoundingClientRect().right,
          `${label}: <${node.localName} class="${node.getAttribute('class') ?? ''}"> past its card`,
        ).to.be.at.most(card.getBoundingClientRect().right + 0.5);
      }
      for (const card of elements(page).filter((node) => node.classList.contains('card') && shown(node))) {
        const box = card.getBoundingClientRect();
        expect(box.right, `${label}: a card's right edge`).to.be.at.most(360 + 0.5);
        const wide = [...card.querySelectorAll('*')]
          .filter((node) => node.getBoundingClientRect().right > box.right)
          .map((node) => `<${node.localName} class="${node.getAttribute('class') ?? ''}">`);
        expect(card.scrollWidth, `${label}: what a card holds (${wide.join(', ')})`).to.be.at.most(
          card.clientWidth + 1,
        );
      }
      for (const field of elements(page).filter((node) => shown(node) && node.matches(TEXT_FIELDS))) {
        // A field of a form fills the phone's card; one in a table or a row of filters keeps a readable width.
        const least = field.closest('td, .inline') ? 80 : 200;
        expect(
          field.getBoundingClientRect().width,
          `${label}: the field ${field.id || field.getAttribute('name')}`,
        ).to.be.at.least(least);
      }
    }
  });

  it('lists a table of records as one block per record on a phone, each value named: the team and the audit log', async () => {
    await setViewport({ width: 360, height: 740 });
    const setup = await mount();
    document.body.style.margin = '0';
    setup.el.style.cssText = 'display: block; width: 360px; height: 740px';
    setup.api.auditEntries = [
      {
        id: '1',
        at: Date.UTC(2026, 10, 24, 9),
        actorId: 'staff_1',
        actorName: 'Ada',
        action: 'routing.update',
        targetType: 'site',
        targetId: 'site_0123456789abcdefghijklmnopqrstuvwxyz',
        details: { mode: 'round-robin', defaultCapacity: 10, reassignAfterMinutes: 30 },
      },
    ];
    const pages = [
      () => showPage(setup.el, 'Team', 'chat-admin-team'),
      () => showDeskPage(setup.el, 'Audit log', 'chat-admin-audit'),
    ];
    for (const show of pages) {
      const page = await show();
      const root = page.shadowRoot!;
      await waitUntil(() => root.querySelector('table.stack tbody tr'), `${page.localName}: its rows`);
      await settle(page);
      const card = root.querySelector('table.stack')!.closest('.card')!;
      const right = card.getBoundingClientRect().right;
      expect(getComputedStyle(root.querySelector('table.stack thead')!).display, 'the header hidden').to.equal('none');
      for (const row of root.querySelectorAll('table.stack tbody tr')) {
        const cells = [...row.querySelectorAll(':scope > td')];
        // One cell under another, each within the card.
        for (let i = 1; i < cells.length; i++) {
          expect(
            cells[i]!.getBoundingClientRect().top,
            `${page.localName}: cell ${i} below the one before`,
          ).to.be.at.least(cells[i - 1]!.getBoundingClientRect().bottom - 0.5);
        }
        for (const node of [row, ...row.querySelectorAll('*')].filter(shown)) {
          expect(
            node.getBoundingClientRect().right,
            `${page.localName}: <${node.localName}> past its card`,
          ).to.be.at.most(right + 0.5);
        }
        // Each value is named by its column, as the header said on a wide screen.
        const headers = [...root.querySelectorAll('table.stack thead th')].map(text);
        for (const cell of cells.filter((each) => each.hasAttribute('data-label'))) {
          const label = getComputedStyle(cell, '::before').content;
          expect(
            headers.map((header) => JSON.stringify(header)),
            `${page.localName}: a value's name`,
          ).to.include(label);
        }
        expect(cells.filter((each) => each.hasAttribute('data-label')).length).to.be.at.least(3);
      }
      expect(card.scrollWidth, `${page.localName}: the card's content`).to.be.at.most(card.clientWidth + 1);
    }
  });

  it('keeps its texts at 4.5:1 and its controls’ edges at 3:1 in the dark theme (WCAG AA)', async () => {
    await setViewport({ width: 1280, height: 900 });
    const setup = await mount();
    fill(setup);
    setup.el.setAttribute('theme', 'dark');
    await setup.el.updateComplete;
    expect($(setup.el, '.topbar'), 'signed in').to.exist;
    for await (const [label, page] of everyPage(setup.el)) {
      expect(page.getAttribute('theme'), `${label}: the theme`).to.equal('dark');
      for (const node of elements(page).filter(shown)) {
        const style = getComputedStyle(node);
        const ownText = [...node.childNodes].some((child) => child.nodeType === 3 && child.textContent!.trim());
        if (ownText && !node.closest(':disabled, [disabled], .qr')) {
          const ratio = contrast(rgba(style.color), backdrop(node));
          expect(ratio, `${label}: the text “${text(node).slice(0, 40)}” (${style.color})`).to.be.at.least(4.5);
        }
        if (
          node.matches(
            'input:not([type=checkbox], [type=radio], [type=color], [type=hidden]), textarea, select, button:not(.link, .primary)',
          )
        ) {
          if (node.matches(':disabled')) continue;
          const edge = rgba(style.borderTopColor);
          const ratio = Math.min(contrast(edge, backdrop(node.parentElement!)), contrast(edge, backdrop(node)));
          expect(ratio, `${label}: the edge of ${node.localName} ${node.id || text(node).slice(0, 30)}`).to.be.at.least(
            3,
          );
        }
      }
    }
  });
});
