import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, mount } from '../admin-fixture.js';
import { attribute } from '../fakes/attributes-fake.js';
import { $, $$, choose, settle, viewDialogWithCriteria } from '../helpers.js';

// The saved view dialog with custom attribute criteria, and the bulk bar, at 1280 px and 390 px, light and dark
// (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`saved views screenshots, ${width} px, ${theme}`, () => {
      it('the view dialog with attribute criteria', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount([conversation('c1'), conversation('c2'), conversation('c3')], false);
        el.setAttribute('theme', theme);
        api.attributeDefinitions = [
          attribute('plan', 'list', { options: ['Free', 'Pro', 'Enterprise'] }),
          attribute('seats', 'number'),
          attribute('company', 'text'),
        ];
        const rows = (await viewDialogWithCriteria(el, 2))();
        choose(rows[0]!.querySelectorAll('select')[2]!, 'Pro');
        (rows[0]!.querySelector('label.verified-only input') as HTMLInputElement).click();
        choose(rows[1]!.querySelector('select')!, 'contact.seats');
        await settle(el);
        choose($$(el, 'dialog .criterion')[1]!.querySelectorAll('select')[1]!, 'gt');
        const seats = $$(el, 'dialog .criterion')[1]!.querySelector('input') as HTMLInputElement;
        seats.value = '10';
        seats.dispatchEvent(new Event('input'));
        ($(el, 'dialog input[name=name]') as HTMLInputElement).value = 'Big Pro accounts';
        await settle(el);
        await shot(`views-dialog-attributes-${width}-${theme}`);
      });
    });
