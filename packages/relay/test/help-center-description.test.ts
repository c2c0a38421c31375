import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  articleDescription,
  bodyText,
  describe as describeText,
  DESCRIPTION_MAX,
} from '../src/help-center/page-description.js';

// The portal's meta descriptions (issue #88): an article's summary, else the first sentences of its body as plain
// text, cut as search results would show them.

describe('the portal’s descriptions', () => {
  it('reads the body’s prose: no tags, entities decoded, headings and code blocks left out unless nothing else', () => {
    assert.equal(
      bodyText(
        '<h2>Before</h2>\n<p>Open <strong>Settings</strong> &amp; then &lt;b&gt; &#x1F600; &quot;x&quot;&#39;</p>\n<pre><code>npm i\n</code></pre>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n',
      ),
      'Open Settings & then <b> 😀 "x"\' One Two',
    );
    assert.equal(bodyText('<h2>Only</h2>\n<pre><code>a &lt; b</code></pre>\n'), 'Only a < b');
    // A long body is read from its start only, and a tag cut there is not text.
    assert.equal(
      bodyText(`<p>${'a '.repeat(1990)}</p><p><a href="https://example.com/${'x'.repeat(50)}">`).length,
      3979,
    );
  });

  it('keeps a short text whole, ends at a sentence when the first ones say enough, else at a word with …', () => {
    assert.equal(describeText('  Short   one. ', 'en'), 'Short one.');
    const sentences =
      'Open Settings and choose Reset password. You will get a mail with a link that works for an hour. Follow it and pick a new password. Then sign in.';
    assert.equal(
      describeText(`${sentences} ${sentences}`, 'en'),
      'Open Settings and choose Reset password. You will get a mail with a link that works for an hour. Follow it and pick a new password. Then sign in.',
    );
    const words = describeText(`Short. ${'carrier, '.repeat(30)}`, 'en');
    assert.ok(words.length <= DESCRIPTION_MAX, words);
    assert.match(words, /^Short\. carrier, .*carrier…$/);
    // One word longer than the limit (a URL) is cut inside, never inside a character; emoji are words of their own.
    assert.equal(describeText(`https://${'x'.repeat(300)}`, 'en'), `https://${'x'.repeat(146)}…`);
    assert.equal(describeText(`${'a'.repeat(153)}😀${'b'.repeat(9)}`, 'en'), `${'a'.repeat(153)}…`);
    assert.equal(describeText('😀'.repeat(200), 'en'), `${'😀'.repeat(77)}…`);
    // Japanese has no spaces: its sentences still end at 。
    const japanese = 'ご注文の変更は発送前であれば可能です。'.repeat(12);
    const cut = describeText(japanese, 'ja');
    assert.ok(cut.length <= DESCRIPTION_MAX && cut.endsWith('です。'), cut);
    // An unknown locale tag cuts by the default rules.
    assert.ok(describeText(`${sentences} ${sentences}`, 'x-nonsense-tag-!').length <= DESCRIPTION_MAX);
  });

  it('prefers the summary, and has none for an empty body', () => {
    assert.equal(articleDescription({ summary: ' Forgot it? ', locale: 'en' }, '<p>Body.</p>'), 'Forgot it?');
    assert.equal(articleDescription({ summary: null, locale: 'en' }, '<p>Body.</p>\n'), 'Body.');
    assert.equal(articleDescription({ summary: null, locale: 'en' }, ''), undefined);
  });
});
