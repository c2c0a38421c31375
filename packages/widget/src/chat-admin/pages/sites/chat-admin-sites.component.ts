import { html, nothing, type TemplateResult } from 'lit';
import { AccountPage } from '../account/account-page.js';
import { SitesApi } from './sites-api.js';

/**
 * The Sites page of the settings area: the sites the account belongs to, with its role in each, the current one
 * marked and the others a switch away (`POST /v1/auth/site`, then the inbox starts again on that site); admins of
 * the relay's default site create sites (`POST /v1/admin/sites`; the new site's first admin token shown once).
 *
 * @summary The account's sites: switch, create.
 * @tag chat-admin-sites
 */
export class ChatAdminSites extends AccountPage {
  static override properties = {
    ...AccountPage.properties,
    _created: { state: true },
  };

  /** A site just made, with its first admin token, shown once. */
  declare private _created: { name: string; adminToken: string } | undefined;

  #switch(siteId: string): Promise<boolean> {
    return this.run(async () => {
      const session = await (await this.inbox.auth()).switchSite(siteId);
      this.inbox.setPage('inbox');
      await this.inbox.signInSession(session);
    });
  }

  #onCreate = async (event: SubmitEvent): Promise<void> => {
    const form = event.currentTarget as HTMLFormElement;
    const { name, origins } = this.fields(event);
    const allowedOrigins = (origins ?? '').split(/\s+/).filter(Boolean);
    this._created = undefined;
    const done = await this.run(async () => {
      const site = await new SitesApi(this.api!).create({
        name: name!,
        ...(allowedOrigins.length > 0 && { allowedOrigins }),
      });
      this._created = { name: site.name, adminToken: site.adminToken };
      // Signed in with an account, its creator is the new site's owner: read the session again so it is listed.
      if (this.inbox.state.session) this.inbox.set({ session: await (await this.inbox.auth()).session() });
    });
    if (done) form.reset();
  };

  protected override render(): TemplateResult {
    const t = this.t;
    const { session, me } = this.inbox.state;
    const current = session?.site.id ?? me?.site.id;
    const sites = session?.sites ?? (me ? [{ ...me.site, role: me.role }] : []);
    return html`<section class="card" aria-labelledby="sites-title">
        <h2 id="sites-title">${t.sitesTitle}</h2>
        <p class="muted">${t.sitesIntro}</p>
        ${this.renderLive()}
        <ul class="sites">
          ${sites.map(
            (site) => html`<li class="row" data-id=${site.id}>
              <strong>${site.name}</strong>
              <span class="muted">${t.roles[site.role]}</span>
              ${
                site.id === current
                  ? html`<span class="badge" aria-current="true">${t.current}</span>`
                  : session
                    ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.#switch(site.id)}>${t.switchTo}</button>`
                    : nothing
              }
            </li>`,
          )}
        </ul>
      </section>
      ${
        this.memberRole !== 'agent'
          ? html`<form class="card" aria-labelledby="new-site-title" @submit=${this.#onCreate} data-save="site">
              <h2 id="new-site-title">${t.newSite}</h2>
              <label for="site-name">${t.siteName}</label>
              <input id="site-name" name="name" maxlength="120" required />
              <label for="site-origins">${t.origins}</label>
              <textarea id="site-origins" name="origins" rows="2" aria-describedby="site-origins-help"></textarea>
              <p id="site-origins-help" class="help">${t.originsHelp}</p>
              <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.create}</button>${this.saveState('site')}</div>
              ${
                this._created
                  ? html`<div class="card once" id="new-site">
                      <p>${t.siteCreated(this._created.name)} ${t.siteTokenOnce}</p>
                      <code>${this._created.adminToken}</code>
                      <button type="button" class="secondary" @click=${() => this.copy(this._created!.adminToken)}>${t.copy}</button>
                    </div>`
                  : nothing
              }
            </form>`
          : nothing
      }`;
  }
}
