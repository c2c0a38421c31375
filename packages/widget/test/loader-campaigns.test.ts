// Campaigns in the site's loader (docs/campaigns.md): the rules (pages, dates, business hours in the site's time
// zone, visitors, languages, caps, variants, scroll and exit intent) as pure functions, then the evaluator on a page:
// triggers, the bubble (polite live region, no focus taken, Escape and the close button), the cap in storage, and
// the beacons it sends — under `style-src 'self'`.
import { expect } from '@open-wc/testing';
import type { LoaderCampaign, LoaderHours } from '@parley/protocol/admin';
import type { ChatWidget } from '../src/index.js';
import {
  capAllows,
  eligible,
  isExitIntent,
  scrolledPercent,
  urlMatches,
  variantFor,
  withinHours,
} from '../src/loader/campaign-rules.js';
import { showBubble } from '../src/loader/campaign-bubble.js';
import { runCampaigns } from '../src/loader/campaigns.js';
import { waitUntil } from './helpers.js';

const DAY = 86_400_000;

const campaign = (over: Partial<LoaderCampaign> = {}): LoaderCampaign => ({
  id: 'cmp_test',
  texts: ['Hello!'],
  buttons: [],
  from: 'Ana',
  urls: [],
  delay: 0,
  scroll: 0,
  exit: false,
  visitors: 'all',
  identified: 'all',
  languages: [],
  start: null,
  end: null,
  hours: false,
  every: 0,
  ...over,
});

const visit = {
  href: 'https://shop.example/pricing?ref=ad',
  now: Date.UTC(2026, 10, 23, 14, 0),
  languages: ['de-DE', 'en'],
  returning: false,
  identified: false,
};

describe('campaign rules', () => {
  it('matches URL patterns: paths with *, an optional trailing slash and any query, and full addresses', () => {
    const at = (href: string) => `https://shop.example${href}`;
    expect(urlMatches('/pricing', at('/pricing'))).to.equal(true);
    expect(urlMatches('/pricing', at('/pricing/'))).to.equal(true);
    expect(urlMatches('/pricing', at('/pricing?plan=pro'))).to.equal(true);
    expect(urlMatches('/pricing', at('/pricing-old'))).to.equal(false);
    expect(urlMatches('/pricing', at('/en/pricing'))).to.equal(false);
    expect(urlMatches('/docs/*', at('/docs/api/auth'))).to.equal(true);
    expect(urlMatches('/docs/*', at('/blog/docs/x'))).to.equal(false);
    expect(urlMatches('*/checkout', at('/en/checkout'))).to.equal(true);
    expect(urlMatches('/?plan=*', at('/?plan=team'))).to.equal(true);
    expect(urlMatches('/?plan=*', at('/'))).to.equal(false);
    expect(urlMatches('/a.b', at('/axb')), 'a dot is a dot').to.equal(false);
    expect(urlMatches('https://shop.example/*', 'https://shop.example/x')).to.equal(true);
    expect(urlMatches('https://shop.example/*', 'https://blog.example/x')).to.equal(false);
  });

  it('reads business hours in the site’s time zone, whatever the visitor’s, with summer time and holidays', () => {
    const ny: LoaderHours = { zone: 'America/New_York', weekly: [[1, 9 * 60, 17 * 60]], holidays: [] };
    // Monday 23 November 2026, 14:00 UTC: 09:00 in New York (UTC−5), 23:00 in Tokyo.
    expect(withinHours(ny, Date.UTC(2026, 10, 23, 14, 0))).to.equal(true);
    expect(withinHours(ny, Date.UTC(2026, 10, 23, 13, 59))).to.equal(false);
    expect(withinHours({ ...ny, zone: 'Asia/Tokyo' }, Date.UTC(2026, 10, 23, 14, 0))).to.equal(false);
    // Summer time (UTC−4): Monday 6 July 2026 opens at 13:00 UTC.
    expect(withinHours(ny, Date.UTC(2026, 6, 6, 13, 0))).to.equal(true);
    expect(withinHours(ny, Date.UTC(2026, 6, 6, 12, 59))).to.equal(false);
    // 03:00 UTC on Tuesday is still Monday evening in New York: Monday's hours apply.
    const evening: LoaderHours = { ...ny, weekly: [[1, 21 * 60, 23 * 60]] };
    expect(withinHours(evening, Date.UTC(2026, 10, 24, 3, 0))).to.equal(true);
    // Closing time is not open; a holiday (a local date) is closed all day.
    expect(withinHours(ny, Date.UTC(2026, 10, 23, 22, 0))).to.equal(false);
    expect(withinHours({ ...ny, holidays: ['2026-11-23'] }, Date.UTC(2026, 10, 23, 15, 0))).to.equal(false);
  });

  it('keeps to the schedule: start and end dates, and business hours only when asked', () => {
    const hours: LoaderHours = { zone: 'UTC', weekly: [[1, 15 * 60, 16 * 60]], holidays: [] };
    expect(eligible(campaign(), visit, undefined, undefined)).to.equal(true);
    expect(eligible(campaign({ start: visit.now + 1 }), visit, undefined, undefined)).to.equal(false);
    expect(eligible(campaign({ start: visit.now }), visit, undefined, undefined)).to.equal(true);
    expect(eligible(campaign({ end: visit.now }), visit, undefined, undefined)).to.equal(false);
    expect(eligible(campaign({ hours: true }), visit, undefined, hours)).to.equal(false);
    expect(eligible(campaign({ hours: false }), visit, undefined, hours)).to.equal(true);
    expect(eligible(campaign({ hours: true }), { ...visit, now: visit.now + 3_600_000 }, undefined, hours)).to.equal(
      true,
    );
  });

  it('targets pages, new or returning visitors, identified or not, and languages', () => {
    expect(eligible(campaign({ urls: ['/docs/*', '/pricing'] }), visit, undefined, undefined)).to.equal(true);
    expect(eligible(campaign({ urls: ['/docs/*'] }), visit, undefined, undefined)).to.equal(false);
    expect(eligible(campaign({ visitors: 'new' }), visit, undefined, undefined)).to.equal(true);
    expect(eligible(campaign({ visitors: 'returning' }), visit, undefined, undefined)).to.equal(false);
    expect(eligible(campaign({ visitors: 'returning' }), { ...visit, returning: true }, undefined, undefined)).to.equal(
      true,
    );
    expect(eligible(campaign({ identified: 'identified' }), visit, undefined, undefined)).to.equal(false);
    expect(eligible(campaign({ identified: 'anonymous' }), visit, undefined, undefined)).to.equal(true);
    expect(eligible(campaign({ languages: ['de'] }), visit, undefined, undefined)).to.equal(true);
    expect(eligible(campaign({ languages: ['fr', 'es'] }), visit, undefined, undefined)).to.equal(false);
  });

  it('caps: once per visitor, or once per N days', () => {
    expect(capAllows({ every: 0 }, undefined, visit.now)).to.equal(true);
    expect(capAllows({ every: 0 }, { v: 1 }, visit.now), 'drawn, never shown').to.equal(true);
    expect(capAllows({ every: 0 }, { t: visit.now - 400 * DAY }, visit.now)).to.equal(false);
    expect(capAllows({ every: 7 }, { t: visit.now - 7 * DAY + 1 }, visit.now)).to.equal(false);
    expect(capAllows({ every: 7 }, { t: visit.now - 7 * DAY }, visit.now)).to.equal(true);
    expect(eligible(campaign({ every: 7 }), visit, { t: visit.now - DAY }, undefined)).to.equal(false);
  });

  it('draws a variant once, and keeps it', () => {
    const ab = campaign({ texts: ['A', 'B', 'C'] });
    expect(variantFor(ab, undefined, 0)).to.equal(0);
    expect(variantFor(ab, undefined, 0.5)).to.equal(1);
    expect(variantFor(ab, undefined, 0.999)).to.equal(2);
    expect(variantFor(ab, { v: 2 }, 0)).to.equal(2);
    expect(variantFor(campaign({ texts: ['only'] }), { v: 2 }, 0.7), 'a variant removed since').to.equal(0);
  });

  it('measures scroll depth, and takes a pointer leaving at the top for exit intent', () => {
    expect(scrolledPercent(0, 800, 800)).to.equal(100);
    expect(scrolledPercent(0, 800, 3200)).to.equal(25);
    expect(scrolledPercent(1600, 800, 3200)).to.equal(75);
    expect(isExitIntent({ clientY: -2, relatedTarget: null })).to.equal(true);
    expect(isExitIntent({ clientY: 300, relatedTarget: null })).to.equal(false);
    expect(isExitIntent({ clientY: 0, relatedTarget: document.body })).to.equal(false);
  });
});

describe('campaigns on a page', () => {
  const violations: string[] = [];
  const beacons: Array<{ path: string; body: Record<string, unknown> }> = [];
  /** How often the lazy part was asked for. */
  let bubbleLoads = 0;
  const realFetch = window.fetch;
  let element: ChatWidget;
  let script: HTMLScriptElement;

  before(() => {
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    const csp = document.createElement('meta');
    csp.httpEquiv = 'Content-Security-Policy';
    csp.content = "style-src 'self'";
    document.head.prepend(csp);
  });

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    beacons.length = 0;
    bubbleLoads = 0;
    window.fetch = async (input, init) => {
      beacons.push({ path: new URL(String(input)).pathname, body: JSON.parse(String(init?.body)) });
      return new Response(null, { status: 204 });
    };
    // The loader's element before it loads: an undefined `<chat-widget>` with the site's attributes.
    element = document.createElement('chat-widget') as ChatWidget;
    element.setAttribute('site-key', 'pk_campaigns');
    document.body.append(element);
    script = document.createElement('script');
    script.src = 'https://relay.example/widget.js?site=pk_campaigns';
  });

  afterEach(() => {
    window.fetch = realFetch;
    element.remove();
    document.querySelectorAll('div[part=campaign]').forEach((host) => host.remove());
    delete window.Parley;
  });

  const run = (...campaigns: LoaderCampaign[]) => {
    script.dataset['campaigns'] = JSON.stringify({ campaigns });
    runCampaigns(script, element, 'pk_campaigns', async () => {
      bubbleLoads++;
      return showBubble;
    });
  };
  const host = () => document.querySelector<HTMLElement>('div[part=campaign]');
  const bubble = () => host()?.shadowRoot?.querySelector<HTMLElement>('.bubble') ?? null;

  it('shows the bubble after its delay in a polite live region, takes no focus, and counts it once', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    const started = performance.now();
    run(campaign({ delay: 0.3 as number, buttons: ['Yes', 'No'] }));
    expect(bubble()).to.equal(null);
    expect(bubbleLoads, 'the bubble is fetched when it fires, not before').to.equal(0);
    await waitUntil(() => bubble() !== null, 'the bubble', { timeout: 3000 });
    expect(performance.now() - started).to.be.greaterThan(250);
    const region = host()!.shadowRoot!.querySelector('[role=status]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(bubbleLoads).to.equal(1);
    expect(region.textContent).to.contain('Ana').and.contain('Hello!').and.contain('Yes');
    expect(document.activeElement).to.equal(input);
    expect(beacons).to.deep.equal([
      { path: '/v1/campaigns/event', body: { site: 'pk_campaigns', campaign: 'cmp_test', variant: 0, kind: 'shown' } },
    ]);
    const memory = JSON.parse(localStorage.getItem('parley:pk_campaigns:campaigns')!);
    expect(memory.c.cmp_test.v).to.equal(0);
    expect(violations).to.deep.equal([]);
    input.remove();
  });

  it('is dismissed by Escape and by its close button, and a capped campaign does not show again', async () => {
    run(campaign());
    await waitUntil(() => bubble() !== null, 'the bubble');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(host()).to.equal(null);

    run(campaign());
    expect(host(), 'once per visitor').to.equal(null);

    localStorage.clear();
    run(campaign({ id: 'cmp_other' }));
    await waitUntil(() => bubble() !== null, 'the bubble');
    const close = host()!.shadowRoot!.querySelector<HTMLButtonElement>('.close')!;
    expect(close.getAttribute('aria-label')).to.equal('Dismiss');
    close.click();
    expect(host()).to.equal(null);
  });

  it('waits for the scroll depth, and for exit intent on a desktop pointer', async () => {
    const tall = document.createElement('div');
    tall.style.height = '5000px';
    document.body.append(tall);
    run(campaign({ scroll: 60 }));
    expect(bubble()).to.equal(null);
    scrollTo(0, 4000);
    await waitUntil(() => bubble() !== null, 'the bubble once scrolled');
    scrollTo(0, 0);
    tall.remove();

    localStorage.clear();
    host()?.remove();
    run(campaign({ id: 'cmp_exit', exit: true }));
    if (matchMedia('(hover: hover) and (pointer: fine)').matches) {
      document.dispatchEvent(new MouseEvent('mouseout', { clientY: 300, relatedTarget: null }));
      expect(bubble()).to.equal(null);
      document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, relatedTarget: null }));
      await waitUntil(() => bubble() !== null, 'the bubble on exit');
    } else {
      expect(host(), 'never on a touch screen').to.equal(null);
    }
  });

  it('a click opens the chat, counts it, and starts the conversation once the chat is connected', async () => {
    const opened: unknown[] = [];
    window.Parley = ((...args: unknown[]) => opened.push(args)) as typeof window.Parley;
    run(campaign({ texts: ['A', 'B'] }));
    await waitUntil(() => bubble() !== null, 'the bubble');
    const variant = JSON.parse(localStorage.getItem('parley:pk_campaigns:campaigns')!).c.cmp_test.v as number;
    host()!.shadowRoot!.querySelector<HTMLButtonElement>('button.text')!.click();
    expect(host()).to.equal(null);
    expect(opened).to.deep.equal([['open']]);
    // The element is welcomed: it has a conversation id.
    Object.defineProperty(element, 'conversationId', { value: 'c_welcomed', configurable: true });
    await waitUntil(() => beacons.some((b) => b.path === '/v1/campaigns/start'), 'the start');
    expect(beacons.map((b) => [b.path, b.body['kind'] ?? b.body['conversation'], b.body['variant']])).to.deep.equal([
      ['/v1/campaigns/event', 'shown', variant],
      ['/v1/campaigns/event', 'opened', variant],
      ['/v1/campaigns/start', 'c_welcomed', variant],
    ]);
    expect(beacons[2]!.body, 'the text clicked: no button').not.to.have.property('button');
  });

  it('a button clicked names itself in the start, for the relay to send its label as the visitor’s reply', async () => {
    window.Parley = (() => undefined) as unknown as typeof window.Parley;
    run(campaign({ buttons: ['Pricing', 'Talk to sales'] }));
    await waitUntil(() => bubble() !== null, 'the bubble');
    const buttons = host()!.shadowRoot!.querySelectorAll<HTMLButtonElement>('.buttons button');
    expect([...buttons].map((each) => each.textContent)).to.deep.equal(['Pricing', 'Talk to sales']);
    buttons[1]!.click();
    Object.defineProperty(element, 'conversationId', { value: 'c_welcomed', configurable: true });
    await waitUntil(() => beacons.some((b) => b.path === '/v1/campaigns/start'), 'the start');
    expect(beacons.find((b) => b.path === '/v1/campaigns/start')!.body).to.deep.equal({
      site: 'pk_campaigns',
      campaign: 'cmp_test',
      variant: 0,
      conversation: 'c_welcomed',
      button: 1,
    });
  });

  it('shows nothing to a visitor who already has a conversation, or on a page no campaign names', () => {
    localStorage.setItem('parley:pk_campaigns:conversation', 'true');
    run(campaign());
    expect(host()).to.equal(null);
    localStorage.clear();
    run(campaign({ urls: ['/pricing'] }));
    expect(host()).to.equal(null);
    expect(beacons).to.deep.equal([]);
    expect(bubbleLoads).to.equal(0);
  });
});
