import { expect } from '@open-wc/testing';
import type { Campaign } from '@parley/protocol/admin';
import { AdminApiError, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { showPage, text, waitUntil } from './helpers.js';

function campaign(id: string, over: Partial<Campaign> = {}): Campaign {
  return {
    id,
    name: `Campaign ${id}`,
    status: 'live',
    variants: ['Questions about plans?', 'Need a hand?'],
    buttons: ['Yes'],
    sender: { kind: 'bot' },
    urls: ['/pricing'],
    delaySeconds: 30,
    scrollPercent: 0,
    exitIntent: false,
    visitors: 'all',
    identified: 'all',
    languages: [],
    startAt: null,
    endAt: null,
    businessHoursOnly: false,
    frequency: { kind: 'once' },
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}

async function openCampaigns(el: ChatAdmin) {
  const page = await showPage(el, 'Campaigns', 'chat-admin-campaigns');
  await waitUntil(() => page.shadowRoot?.querySelector('.campaigns, .muted'), 'the Campaigns page');
  await page.updateComplete;
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement>(root: ShadowRoot, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

const counts = (shown: number, opened: number, conversations: number, replied: number, csat: number | null) => ({
  shown,
  opened,
  conversations,
  replied,
  ratings: csat === null ? 0 : 1,
  csat,
});

describe('<chat-admin> Campaigns', () => {
  it('lists campaigns with their results per variant; pauses, resumes and deletes after a confirmation', async () => {
    const { el, api } = await mount();
    api.campaigns = [campaign('cmp_a')];
    api.campaignStats = {
      cmp_a: {
        total: counts(10, 4, 3, 2, 4.5),
        variants: [
          { variant: 0, text: 'Questions about plans?', counts: counts(6, 3, 2, 2, 4.5) },
          { variant: 1, text: 'Need a hand?', counts: counts(4, 1, 1, 0, null) },
        ],
      },
    };
    const { page, root } = await openCampaigns(el);
    await waitUntil(() => root.querySelector('.campaign .figures'), 'the results');
    const figures = [...root.querySelectorAll('.campaign .figures')].map((dl) =>
      [...dl.querySelectorAll('dd')].map(text),
    );
    expect(figures).to.deep.equal([
      ['10', '4', '3', '2', '4.5'],
      ['6', '3', '2', '2', '4.5'],
      ['4', '1', '1', '0', '–'],
    ]);
    expect(text(root.querySelector('.campaign .state'))).to.equal('Live');

    root.querySelector<HTMLButtonElement>('button[aria-label="Pause: Campaign cmp_a"]')!.click();
    await waitUntil(() => text(root.querySelector('.campaign .state')) === 'Paused', 'paused');
    expect(api.campaignCalls.at(-1)).to.deep.equal(['update', 'cmp_a', { status: 'paused' }]);
    root.querySelector<HTMLButtonElement>('button[aria-label="Resume: Campaign cmp_a"]')!.click();
    await waitUntil(() => text(root.querySelector('.campaign .state')) === 'Live', 'live again');

    root.querySelector<HTMLButtonElement>('button[aria-label="Delete: Campaign cmp_a"]')!.click();
    await page.updateComplete;
    expect(api.campaigns.length, 'not before the confirmation').to.equal(1);
    const confirm = [...root.querySelectorAll<HTMLButtonElement>('.campaign button')].find(
      (b) => text(b) === 'Delete',
    )!;
    confirm.click();
    await waitUntil(() => root.querySelectorAll('.campaign').length === 0, 'deleted');
    expect(api.campaigns).to.deep.equal([]);
  });

  it('creates a campaign from the form, with a live preview of the bubble as visitors see it', async () => {
    const { el, api } = await mount();
    const { page, root } = await openCampaigns(el);
    const preview = () => root.querySelector('.preview-host')!.shadowRoot!;
    await waitUntil(() => root.querySelector('.preview-host')?.shadowRoot?.querySelector('.bubble'), 'the preview');
    expect(text(preview().querySelector('.text'))).to.equal('Your message');

    field<HTMLInputElement>(root, '#campaign-name').value = 'Pricing help';
    const message = field<HTMLTextAreaElement>(root, '#campaign-text0');
    message.value = 'Comparing plans? Ask us.';
    field<HTMLTextAreaElement>(root, '#campaign-text1').value = 'Which plan fits you?';
    field<HTMLTextAreaElement>(root, '#campaign-buttons').value = 'Talk to sales\nLater';
    message.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await page.updateComplete;
    expect(text(preview().querySelector('.from'))).to.equal('The bot');
    expect(text(preview().querySelector('.text'))).to.equal('Comparing plans? Ask us.');
    expect([...preview().querySelectorAll('.buttons button')].map(text)).to.deep.equal(['Talk to sales', 'Later']);

    field<HTMLTextAreaElement>(root, '#campaign-urls').value = '/pricing\n/docs/*';
    root.querySelector<HTMLInputElement>('input[name=delay]')!.value = '20';
    root.querySelector<HTMLInputElement>('input[name=days]')!.value = '7';
    root.querySelector<HTMLInputElement>('input[name=exit]')!.checked = true;
    field<HTMLInputElement>(root, '#campaign-languages').value = 'en, FR';
    root.querySelector<HTMLButtonElement>('form[data-save=campaign] button.primary')!.click();
    await waitUntil(() => root.querySelectorAll('.campaign').length === 1, 'created');
    const [, body] = api.campaignCalls[0]! as [string, Record<string, unknown>];
    expect(body).to.deep.include({
      name: 'Pricing help',
      variants: ['Comparing plans? Ask us.', 'Which plan fits you?'],
      buttons: ['Talk to sales', 'Later'],
      sender: { kind: 'bot' },
      urls: ['/pricing', '/docs/*'],
      delaySeconds: 20,
      exitIntent: true,
      languages: ['en', 'fr'],
      frequency: { kind: 'days', days: 7 },
      startAt: null,
    });
    expect(text(root.querySelector('.campaign h3'))).to.equal('Pricing help');
  });

  it('says the relay’s refusal beside the form and keeps what was typed', async () => {
    const { el, api } = await mount();
    api.campaignRefusal = new AdminApiError('conflict', 'A site runs at most 10 live campaigns; pause one first.', 409);
    const { root } = await openCampaigns(el);
    field<HTMLInputElement>(root, '#campaign-name').value = 'One too many';
    field<HTMLTextAreaElement>(root, '#campaign-text0').value = 'Hi';
    const create = root.querySelector<HTMLButtonElement>('form[data-save=campaign] button.primary')!;
    create.focus();
    create.click();
    await waitUntil(
      () => /at most 10 live campaigns/.test(text(root.querySelector('form[data-save=campaign] .actions'))),
      'the refusal',
    );
    expect(field<HTMLInputElement>(root, '#campaign-name').value).to.equal('One too many');
    expect(api.campaigns).to.deep.equal([]);
  });
});
