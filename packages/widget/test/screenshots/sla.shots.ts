import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, mount, open } from '../admin-fixture.js';
import { $, settle, showPage } from '../helpers.js';

// Settings → SLA policies (issue #86): the list in order with the default last, the editor of a policy, and the open
// conversation's clocks in its header (one amber before its deadline, one red after), at 1280 and 390 px, light and dark.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`SLA screenshots, ${width} px, ${theme}`, () => {
      it('the policies, a policy’s editor and the clocks in a thread', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount([conversation('c1', { lastSeq: 1 })]);
        el.setAttribute('theme', theme);
        await api.request('POST', '/sla/policies', {
          name: 'Urgent',
          firstResponseMinutes: 15,
          nextResponseMinutes: 30,
          businessHours: true,
          raisePriorityTo: 'urgent',
          match: { priorities: ['high', 'urgent'] },
        });
        await api.request('POST', '/sla/policies', {
          name: 'Email',
          firstResponseMinutes: 480,
          resolutionMinutes: 2880,
          match: { channels: ['email'] },
        });
        await api.request('POST', '/sla/policies', { name: 'Everyone', firstResponseMinutes: 60, isDefault: true });
        api.slaAttainment.policy = [
          { id: 'slp_1', name: 'Urgent', target: 'firstResponse', met: 41, breached: 3, attainment: 41 / 44 },
          { id: 'slp_1', name: 'Urgent', target: 'nextResponse', met: 118, breached: 9, attainment: 118 / 127 },
          { id: 'slp_3', name: 'Everyone', target: 'firstResponse', met: 230, breached: 12, attainment: 230 / 242 },
        ];
        const page = await showPage(el, 'SLA policies', 'chat-admin-sla');
        const root = () => page.shadowRoot!;
        await waitUntil(() => root().querySelectorAll('li.item').length === 3, 'the policies');
        await waitUntil(() => root().querySelector('table[data-attainment]'), 'the attainment');
        await settle(page);
        await shot(`sla-policies-${width}-${theme}`);
        root().querySelector('table[data-attainment]')!.scrollIntoView();
        await settle(page);
        await shot(`sla-attainment-${width}-${theme}`);
        (root().querySelector('li.item .edit') as HTMLButtonElement).click();
        await waitUntil(() => root().querySelector('li.item form'), 'the editor');
        await settle(page);
        await shot(`sla-editor-${width}-${theme}`);
        const now = Date.now();
        const clock = (target: string, dueIn: number, warnIn: number, state = 'running') => ({
          target,
          cycle: 0,
          policyId: 'slp_1',
          startedAt: now - 600_000,
          dueAt: now + dueIn,
          warnAt: now + warnIn,
          state,
          pausedSince: null,
          pausedMs: 0,
          warnedAt: null,
          metAt: null,
          breachedAt: state === 'breached' ? now : null,
        });
        api.slaClocks.set('c1', {
          policy: { id: 'slp_1', name: 'Urgent', businessHours: true },
          clocks: [
            clock('firstResponse', -4 * 60_000, -6 * 60_000, 'breached') as never,
            clock('nextResponse', 5 * 60_000, -60_000) as never,
            clock('resolution', 5 * 3_600_000, 3_600_000) as never,
          ],
          now,
        });
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-sla-clocks .sla-clock'), 'the clocks', { timeout: 15_000 });
        await settle(el);
        await shot(`sla-thread-${width}-${theme}`);
      });
    });
