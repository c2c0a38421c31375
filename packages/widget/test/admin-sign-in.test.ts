import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { HttpAdminApi, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { HttpAuthApi } from '../src/chat-admin/auth-api.js';
import { TeamApi } from '../src/chat-admin/pages/team/team-api.js';
import { mount } from './admin-fixture.js';
import { CODE, FakeAuth, PASSWORD, RECOVERY, session } from './auth-fixture.js';
import { $, linkButton, settle, signInPage, signOutButton, text, waitUntil } from './helpers.js';

// Signing in with an account: email and password, the TOTP step, the refusals, the one-time links, and a site
// that requires two-factor sign-in. Driven from the keyboard where a user would.

beforeEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
});

async function signedIn(el: ChatAdmin): Promise<void> {
  await waitUntil(() => el.me !== undefined, 'signed in');
  await settle(el);
}

/** The sign-in page's live region (the relay's refusals). */
function errorText(page: ShadowRoot): string {
  return text(page.querySelector('#sign-in-error'));
}

describe('<chat-admin> sign-in with an account', () => {
  it('signs in from the keyboard alone (Tab, Enter), with the session cookie and no token', async () => {
    const auth = new FakeAuth();
    const { el, tokens, csrf } = await mount(undefined, false, { auth });
    const page = await signInPage(el);
    expect(page.activeElement, 'the email field is focused').to.equal(page.querySelector('#email'));
    await sendKeys({ type: 'ada@example.com' });
    await sendKeys({ press: 'Tab' });
    expect(page.activeElement).to.equal(page.querySelector('#password'));
    await sendKeys({ type: PASSWORD });
    const done = oneEvent(el, 'chat-admin-sign-in');
    await sendKeys({ press: 'Enter' });
    expect((await done).detail.me.name).to.equal('Ada');
    expect(auth.calls).to.deep.include(['login', 'ada@example.com', PASSWORD]);
    // The admin API goes by the cookie with the session's CSRF token; the socket carries no token.
    expect(csrf).to.deep.equal(['csrf_1']);
    expect(tokens).to.deep.equal([]);
    expect(sessionStorage.length).to.equal(0);
    await settle(el);
    expect($(el, '[role=listbox]')).to.exist;
    expect($(el, 'chat-admin-sign-in')).to.equal(null);
  });

  it('says one generic refusal, and the wait when rate-limited or locked, in a live region', async () => {
    const auth = new FakeAuth();
    const { el } = await mount(undefined, false, { auth });
    const page = await signInPage(el);
    const region = page.querySelector('#sign-in-error')!;
    expect(region.getAttribute('aria-live')).to.equal('assertive');
    const submit = async (password: string): Promise<void> => {
      (page.querySelector('#email') as HTMLInputElement).value = 'ada@example.com';
      (page.querySelector('#password') as HTMLInputElement).value = password;
      (page.querySelector('form') as HTMLFormElement).requestSubmit();
      await settle(el);
    };
    await submit('wrong password!');
    await waitUntil(() => errorText(page), 'the refusal');
    expect(errorText(page)).to.equal('Wrong email or password.');
    auth.refuseNext = FakeAuth.refusal('rate_limited', 'Too many requests.', 429, 120);
    await submit(PASSWORD);
    await waitUntil(() => errorText(page).includes('2 min'), 'the wait');
    expect(errorText(page)).to.equal('Too many attempts. Try again in 2 min.');
    auth.refuseNext = FakeAuth.refusal('locked', 'Locked.', 423, 900);
    await submit(PASSWORD);
    await waitUntil(() => errorText(page).includes('locked'), 'the lock');
    expect(errorText(page)).to.contain('Try again in 15 min.');
    expect(el.me).to.equal(undefined);
  });

  it('asks for the TOTP code, refuses a wrong one, and takes a recovery code instead', async () => {
    const auth = new FakeAuth();
    auth.totp = true;
    const { el } = await mount(undefined, false, { auth });
    const page = await signInPage(el);
    (page.querySelector('#email') as HTMLInputElement).value = 'ada@example.com';
    (page.querySelector('#password') as HTMLInputElement).value = PASSWORD;
    (page.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => page.querySelector('#code'), 'the code step');
    await settle(el);
    expect(text(page.querySelector('h1'))).to.equal('Two-factor sign-in');
    expect(page.activeElement).to.equal(page.querySelector('#code'));
    const code = page.querySelector('#code') as HTMLInputElement;
    expect(code.inputMode).to.equal('numeric');
    expect(code.autocomplete).to.equal('one-time-code');
    await sendKeys({ type: '000000' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => errorText(page), 'the refusal');
    expect(errorText(page)).to.equal('Wrong code.');

    linkButton(page, 'Use a recovery code').click();
    await settle(el);
    expect(page.activeElement).to.equal(page.querySelector('#recovery-code'));
    await sendKeys({ type: RECOVERY });
    await sendKeys({ press: 'Enter' });
    await signedIn(el);
    expect(auth.calls.at(-1)).to.deep.equal(['loginTotp', { challengeToken: 'chal_1', recoveryCode: RECOVERY }]);
  });

  it('takes the code from the app too', async () => {
    const auth = new FakeAuth();
    auth.totp = true;
    const { el } = await mount(undefined, false, { auth });
    const page = await signInPage(el);
    (page.querySelector('#email') as HTMLInputElement).value = 'ada@example.com';
    (page.querySelector('#password') as HTMLInputElement).value = PASSWORD;
    (page.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => page.querySelector('#code'), 'the code step');
    (page.querySelector('#code') as HTMLInputElement).value = `${CODE.slice(0, 3)} ${CODE.slice(3)}`;
    (page.querySelector('form') as HTMLFormElement).requestSubmit();
    await signedIn(el);
    expect(auth.calls.at(-1)).to.deep.equal(['loginTotp', { challengeToken: 'chal_1', code: CODE }]);
  });

  it('resumes the session the cookie holds without showing (or fetching) the form, and signs out through the relay', async () => {
    const auth = new FakeAuth();
    auth.current = session();
    const { el, csrf, client } = await mount(undefined, false, { auth });
    await signedIn(el);
    expect(csrf).to.deep.equal(['csrf_1']);
    expect(auth.calls).to.deep.equal([['session']]);
    const out = oneEvent(el, 'chat-admin-sign-out');
    await signOutButton(el).then((button) => button.click());
    await out;
    await waitUntil(() => auth.calls.some(([call]) => call === 'logout'), 'the logout');
    expect(client.closed).to.equal(true);
    await signInPage(el);
  });

  it('sends a reset link on request ("Forgot password?")', async () => {
    const auth = new FakeAuth();
    const { el } = await mount(undefined, false, { auth });
    const page = await signInPage(el);
    linkButton(page, 'Forgot password?').click();
    await settle(el);
    expect(page.activeElement).to.equal(page.querySelector('#email'));
    await sendKeys({ type: 'ada@example.com' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(page.querySelector('#sign-in-status')), 'the answer');
    expect(text(page.querySelector('#sign-in-status'))).to.contain('If that address has an account');
    expect(auth.calls).to.deep.include(['requestReset', 'ada@example.com']);
  });

  it('sets up two-factor sign-in first when the site requires it, with the recovery codes shown once', async () => {
    const auth = new FakeAuth();
    auth.current = session({ require2faSetup: true });
    const { el, csrf } = await mount(undefined, false, { auth });
    const page = await signInPage(el);
    expect(el.me).to.equal(undefined);
    expect(csrf, 'no staff route called before the setup').to.deep.equal([]);
    expect(text(page.querySelector('h1'))).to.equal('Two-factor sign-in');
    // The setup comes in chunks of its own, fetched only for such a session.
    await waitUntil(
      () => page.querySelector('chat-admin-totp')?.shadowRoot?.querySelector('button.primary'),
      'the setup',
    );
    const totp = page.querySelector('chat-admin-totp')!;
    const root = totp.shadowRoot!;
    (root.querySelector('button.primary') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('img.qr'), 'the QR code');
    const qr = root.querySelector('img.qr') as HTMLImageElement;
    expect(qr.src.startsWith('data:image/svg+xml,')).to.equal(true);
    expect(text(root.querySelector('#totp-secret'))).to.equal('JBSWY3DPEHPK3PXP');
    await waitUntil(() => root.activeElement === root.querySelector('#totp-code'), 'the code field focused');
    await sendKeys({ type: '111111' });
    // The password again (issue #33), in the field after the code.
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement).to.equal(root.querySelector('#totp-password'));
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(root.querySelector('.error')), 'the refusal');
    expect(auth.calls).to.deep.include(['totpEnable', PASSWORD, '111111']);
    (root.querySelector('#totp-code') as HTMLInputElement).value = CODE;
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelectorAll('.codes li').length === 10, 'the recovery codes');
    expect(text(root.querySelector('.codes li'))).to.equal('rc-0000-code');
    const download = root.querySelector('a[download]') as HTMLAnchorElement;
    expect(decodeURIComponent(download.href)).to.contain('rc-0009-code');
    [...root.querySelectorAll('button')].find((b) => text(b) === 'Done')!.click();
    await signedIn(el);
    expect(csrf).to.deep.equal(['csrf_1']);
    expect(auth.calls).to.deep.include(['totpEnable', PASSWORD, CODE]);
  });

  it('asks a session opened without the code, on a site that requires it, to sign in again with the code', async () => {
    const auth = new FakeAuth();
    auth.totp = true;
    // As the relay answers an invitation accepted with the password alone by an account that has two-factor on.
    auth.current = session({
      require2faCode: true,
      account: { id: 'acct_1', email: 'ada@example.com', name: 'Ada', totpEnabled: true },
    });
    const { el, csrf } = await mount(undefined, false, { auth });
    await waitUntil(() => $(el, 'chat-admin-sign-in')?.shadowRoot?.querySelector('h1'), 'the sign-in page');
    const page = $(el, 'chat-admin-sign-in')!.shadowRoot!;
    await settle(el);
    expect(el.me).to.equal(undefined);
    expect(csrf, 'no staff route called for a session held back').to.deep.equal([]);
    expect(text(page.querySelector('h1'))).to.equal('Two-factor sign-in');
    expect(text(page.querySelector('p.muted'))).to.contain('Acme Outdoor requires two-factor sign-in');
    const again = page.querySelector('button.primary') as HTMLButtonElement;
    expect(text(again)).to.equal('Sign in again');
    expect(page.activeElement, 'the way on is focused').to.equal(again);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => auth.calls.some(([call]) => call === 'logout'), 'the held session ended');
    await waitUntil(() => page.querySelector('#password'), 'the sign-in form');
    expect((page.querySelector('#email') as HTMLInputElement).value, 'the email filled in').to.equal('ada@example.com');
    (page.querySelector('#password') as HTMLInputElement).focus();
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => page.activeElement === page.querySelector('#code'), 'the code step');
    await sendKeys({ type: CODE });
    await sendKeys({ press: 'Enter' });
    await signedIn(el);
    expect(auth.calls).to.deep.include(['loginTotp', { challengeToken: 'chal_1', code: CODE }]);
    expect(csrf).to.deep.equal(['csrf_1']);
  });
});

describe('<chat-admin> one-time links', () => {
  it('creates the first owner from #setup=, taking the token out of the address at once', async () => {
    history.replaceState(null, '', '#setup=setup_secret_0123');
    const auth = new FakeAuth();
    const { el } = await mount(undefined, false, { auth, hash: true });
    expect(location.hash).to.equal('');
    expect(location.href).to.not.contain('setup_secret');
    const page = await signInPage(el);
    expect(text(page.querySelector('h1'))).to.equal('Create the owner account');
    await sendKeys({ type: 'ada@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Ada' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await signedIn(el);
    expect(auth.calls).to.deep.equal([
      ['inspectSetup', 'setup_secret_0123'],
      ['setup', { token: 'setup_secret_0123', email: 'ada@example.com', name: 'Ada', password: PASSWORD }],
    ]);
  });

  for (const [token, reason] of [
    ['wrong', 'No such link: it is mistyped, cut short, or replaced by a newer one.'],
    ['used', 'This link was used or has expired. Ask for a new one.'],
  ] as const)
    it(`says at once that a ${token} setup link does not work, with the ways to sign in or make a new one`, async () => {
      history.replaceState(null, '', `#setup=${token}`);
      const auth = new FakeAuth();
      const { el } = await mount(undefined, false, { auth, hash: true });
      const page = await signInPage(el);
      await waitUntil(() => text(page.querySelector('h1')) === 'This setup link does not work', 'the refusal');
      expect(text(page.querySelector('[role=alert]'))).to.equal(reason);
      expect(page.querySelector('#email'), 'no owner form').to.equal(null);
      expect(text(page.querySelector('.sign-in'))).to.not.contain('has no account yet');
      expect(text(page.querySelector('.command'))).to.equal('parley-relay account setup-link');
      expect(auth.calls).to.deep.equal([['inspectSetup', token]]);
      [...page.querySelectorAll('button')].find((b) => text(b) === 'Sign in')!.click();
      await waitUntil(() => page.querySelector('#password'), 'the sign-in form');
      expect(text(page.querySelector('h1'))).to.equal('Sign in to the inbox');
    });

  it('inspects an invitation, then accepts it with a name and a password, from the keyboard', async () => {
    history.replaceState(null, '', '#invite=inv_secret_0123');
    const auth = new FakeAuth();
    const { el } = await mount(undefined, false, { auth, hash: true });
    expect(location.hash).to.equal('');
    const page = await signInPage(el);
    await waitUntil(() => page.querySelector('#name'), 'the invitation');
    await settle(el);
    expect(text(page.querySelector('form'))).to.contain('You are invited to Acme Outdoor as agent.');
    expect(text(page.querySelector('form'))).to.contain('grace@example.com');
    expect(page.activeElement).to.equal(page.querySelector('#name'));
    await sendKeys({ type: 'Grace' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await signedIn(el);
    expect(auth.calls).to.deep.equal([
      ['inspect', 'inv_secret_0123'],
      ['accept', { token: 'inv_secret_0123', name: 'Grace', password: PASSWORD }],
    ]);
  });

  it('asks an existing account for its password only', async () => {
    history.replaceState(null, '', '#invite=inv_secret_0123');
    const auth = new FakeAuth();
    auth.invitation = { ...auth.invitation, accountExists: true };
    const { el } = await mount(undefined, false, { auth, hash: true });
    const page = await signInPage(el);
    await waitUntil(() => page.querySelector('#password'), 'the invitation');
    expect(page.querySelector('#name')).to.equal(null);
    expect((page.querySelector('#password') as HTMLInputElement).autocomplete).to.equal('current-password');
    expect(text(page.querySelector('form'))).to.contain('grace@example.com has an account');
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await signedIn(el);
    expect(auth.calls.at(-1), 'no name for an existing account').to.deep.equal([
      'accept',
      { token: 'inv_secret_0123', password: PASSWORD },
    ]);
  });

  it('takes the code the relay emailed when a handed-over invitation takes over an account, from the keyboard', async () => {
    history.replaceState(null, '', '#invite=inv_secret_0123');
    const auth = new FakeAuth();
    auth.invitation = { ...auth.invitation, accountExists: true };
    auth.mailCode = 'K7QM-P2XR';
    const { el } = await mount(undefined, false, { auth, hash: true });
    const page = await signInPage(el);
    await waitUntil(() => page.querySelector('#password'), 'the invitation');
    expect(page.querySelector('#code'), 'no code until the relay asks').to.equal(null);
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    // The relay's refusal says where the code went; its field comes first, with the focus, the password kept.
    await waitUntil(() => page.querySelector('#code'), 'the code field');
    await waitUntil(() => page.activeElement?.id === 'code', 'the focus on the code');
    expect(errorText(page)).to.contain('enter the code just emailed to grace@example.com');
    expect((page.querySelector('label[for=code]') as HTMLElement).textContent).to.equal('Code');
    expect((page.querySelector('#password') as HTMLInputElement).value).to.equal(PASSWORD);
    await sendKeys({ type: 'K7QM-XXXX' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => errorText(page) === 'Wrong code.', 'a wrong code said');
    const code = page.querySelector('#code') as HTMLInputElement;
    code.select();
    await sendKeys({ type: 'K7QM-P2XR' });
    await sendKeys({ press: 'Enter' });
    await signedIn(el);
    expect(auth.calls.slice(1)).to.deep.equal([
      ['accept', { token: 'inv_secret_0123', password: PASSWORD }],
      ['accept', { token: 'inv_secret_0123', password: PASSWORD, code: 'K7QM-XXXX' }],
      ['accept', { token: 'inv_secret_0123', password: PASSWORD, code: 'K7QM-P2XR' }],
    ]);
  });

  it('refuses a used link', async () => {
    history.replaceState(null, '', '#invite=used');
    const { el } = await mount(undefined, false, { hash: true });
    const page = await signInPage(el);
    await waitUntil(() => errorText(page), 'the refusal');
    expect(errorText(page)).to.equal('This link was used or has expired. Ask for a new one.');
    expect(page.querySelector('button[type=submit]')).to.equal(null);
  });

  it('sets a new password from #reset=, then offers sign-in', async () => {
    history.replaceState(null, '', '#reset=rst_secret_0123');
    const auth = new FakeAuth();
    const { el } = await mount(undefined, false, { auth, hash: true });
    expect(location.hash).to.equal('');
    const page = await signInPage(el);
    expect(text(page.querySelector('h1'))).to.equal('Set a new password');
    const password = page.querySelector('#password') as HTMLInputElement;
    expect(password.autocomplete).to.equal('new-password');
    expect(password.minLength).to.equal(10);
    await sendKeys({ type: 'a brand new password' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(page.querySelector('#sign-in-status')), 'done');
    expect(text(page.querySelector('#sign-in-status'))).to.equal('Your password is changed. Sign in with it.');
    expect(auth.calls).to.deep.equal([['reset', 'rst_secret_0123', 'a brand new password']]);
    expect(page.querySelector('#email')).to.exist;
  });
});

describe('HttpAuthApi and HttpAdminApi with the session cookie', () => {
  it('send the cookie (same origin), the CSRF token on changes, and one-time tokens only in bodies', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const answers: Response[] = [
      Response.json(session({ csrfToken: 'csrf_9' })),
      Response.json({ email: 'g@example.com', siteName: 'S', role: 'agent', accountExists: false }),
      new Response(null, { status: 204 }),
      Response.json(
        { error: { code: 'rate_limited', message: 'Too many requests.' } },
        { status: 429, headers: { 'retry-after': '30' } },
      ),
    ];
    const auth = new HttpAuthApi('https://relay.example/v1/auth/', async (url, init) => {
      seen.push({ url, init: init! });
      return answers.shift()!;
    });
    await auth.session();
    await auth.inspectInvitation('inv_secret');
    await auth.logout();
    const refused = await auth.login('a@example.com', 'x').catch((error: unknown) => error);
    expect(seen.map((each) => `${each.init.method} ${each.url}`)).to.deep.equal([
      'GET https://relay.example/v1/auth/session',
      'POST https://relay.example/v1/auth/invitations/inspect',
      'POST https://relay.example/v1/auth/logout',
      'POST https://relay.example/v1/auth/login',
    ]);
    for (const each of seen) expect(each.init.credentials).to.equal('same-origin');
    expect(seen[1]!.init.body).to.equal(JSON.stringify({ token: 'inv_secret' }));
    expect((seen[2]!.init.headers as Record<string, string>)['x-parley-csrf']).to.equal('csrf_9');
    expect((seen[0]!.init.headers as Record<string, string>)['x-parley-csrf']).to.equal(undefined);
    expect(refused).to.include({ status: 429, code: 'rate_limited', retryAfter: 30 });

    const adminSeen: RequestInit[] = [];
    const api = new HttpAdminApi('https://relay.example/v1/admin', { csrf: 'csrf_9' }, async (_url, init) => {
      adminSeen.push(init!);
      return Response.json({ items: [], invitations: [] });
    });
    await api.team();
    await new TeamApi(api).invite({ email: 'g@example.com', role: 'agent' });
    const [get, post] = adminSeen as [RequestInit, RequestInit];
    expect(get.credentials).to.equal('same-origin');
    expect(get.headers).to.not.have.property('authorization');
    expect(get.headers).to.not.have.property('x-parley-csrf');
    expect((post.headers as Record<string, string>)['x-parley-csrf']).to.equal('csrf_9');
  });

  it('name the session the inbox learnt of after they were made: a sign-out carries its CSRF token', async () => {
    // Made while the first request still asked for the session (the sign-in page's providers), as the inbox does.
    let current: string | undefined;
    const sent: RequestInit[] = [];
    const auth = new HttpAuthApi(
      'https://relay.example/v1/auth',
      async (_url, init) => {
        sent.push(init!);
        return new Response(null, { status: 204 });
      },
      () => current,
    );
    current = 'csrf_later';
    await auth.logout();
    expect((sent[0]!.headers as Record<string, string>)['x-parley-csrf']).to.equal('csrf_later');
    // The inbox signing out has let go of its session by the time the request goes: it names the token itself.
    current = undefined;
    await auth.logout('csrf_taken');
    expect((sent[1]!.headers as Record<string, string>)['x-parley-csrf']).to.equal('csrf_taken');
  });
});
