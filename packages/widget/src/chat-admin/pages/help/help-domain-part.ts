import { html, nothing, type TemplateResult } from 'lit';
import type { HelpDomain } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { HelpStrings } from './help-strings.js';

/** The same rule as the relay's (`isPortalHost` in the protocol), checked here first to say it beside the field. */
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;

/** What the portal address card needs of its page (`ChatAdminHelp`). */
export interface DomainHost {
  readonly busy: boolean;
  run(action: (api: AdminApi) => Promise<unknown>, status?: string): Promise<boolean>;
  saveState(key?: string): TemplateResult;
  say(text: string, refused?: boolean): void;
}

/**
 * The help center page's portal address card: where the portal is, and a custom domain for it (`PUT
 * /v1/admin/help/domain`). The DNS and TLS the operator must set up are in docs/help-center.md.
 */
export function helpDomainPart(
  page: DomainHost,
  texts: HelpStrings,
  domain: HelpDomain | undefined,
  saved: (domain: HelpDomain) => void,
): TemplateResult {
  const t = texts;
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('host') ?? '')
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '');
    if (value !== '' && (!HOST.test(value) || /^\d+$/.test(value.split('.').at(-1)!))) return page.say(t.badHost, true);
    void page.run(async (api) => {
      saved(await api.request<HelpDomain>('PUT', '/help/domain', { host: value === '' ? null : value }));
    }, t.saved);
  };
  return html`<section class="card" aria-labelledby="help-domain-title">
    <h2 id="help-domain-title">${t.domainTitle}</h2>
    <p class="intro">
      ${t.portalAt}
      ${domain ? html`<a href=${domain.portalUrl} target="_blank" rel="noopener"><code>${domain.portalUrl}</code></a>` : nothing}
    </p>
    <form @submit=${submit} data-save="domain" novalidate>
      <label for="help-host">${t.domain}</label>
      <input
        id="help-host"
        name="host"
        autocomplete="off"
        spellcheck="false"
        inputmode="url"
        placeholder="help.example.com"
        maxlength="253"
        .value=${domain?.host ?? ''}
        aria-describedby="help-host-help"
      />
      <p class="help" id="help-host-help">${t.domainHelp}</p>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${page.busy}>${t.saveDomain}</button>
        ${page.saveState('domain')}
      </div>
    </form>
  </section>`;
}
