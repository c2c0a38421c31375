import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HtmlTooDeepError, htmlToText, maxHtmlDepth } from '../src/email/html-text.js';

describe('htmlToText', () => {
  it('decodes entities and collapses white space', () => {
    assert.equal(
      htmlToText('Fish&nbsp;&amp;   chips,\n  &lt;b&gt; &#x41;&#66; &eacute;t&eacute;'),
      'Fish\u00a0& chips, <b> AB été',
    );
  });

  it('breaks lines at <br>, paragraphs and blocks, never more than one blank line in a row', () => {
    assert.equal(
      htmlToText('one<br>two<br><br>three<p>para</p><p></p><p></p><div>block</div><h1>Title</h1>end'),
      'one\ntwo\n\nthree\n\npara\n\nblock\n\nTitle\n\nend',
    );
  });

  it('writes list items with a bullet, numbered in an ordered list, nested ones indented', () => {
    assert.equal(
      htmlToText('<ul><li>one<li>two<ul><li>inner</li></ul></ul><ol><li>first</li><li>second</li></ol>'),
      '- one\n- two\n  - inner\n\n1. first\n2. second',
    );
  });

  it('writes a table row per line, its cells separated, empty cells left out', () => {
    assert.equal(
      htmlToText('<table><tr><th>Order</th><td></td><td>4411</td></tr><tr><td>Date<td>Monday</table>after'),
      'Order | 4411\nDate | Monday\n\nafter',
    );
  });

  it('shows a link’s address after its text when they differ (web and mail only)', () => {
    assert.equal(
      htmlToText(
        'See <a href="https://shop.example/o?a=1&amp;b=2">your order</a>, <a href="https://shop.example/">https://shop.example</a>, ' +
          '<a href="mailto:jane@example.com">jane@example.com</a>, <a href="javascript:alert(1)">this</a>.',
      ),
      'See your order (https://shop.example/o?a=1&b=2), https://shop.example, jane@example.com, this.',
    );
  });

  it('drops script, style, title and comments; keeps pre as written', () => {
    assert.equal(
      htmlToText(
        '<html><head><title>Re: hi</title><style>p { color: red }</style></head><body><script>alert("x")</script>' +
          '<!-- hidden -->Hello<pre>a   b\n  c</pre></body></html>',
      ),
      'Hello\n\na   b\n  c',
    );
  });

  it('marks every line of a quote with "> ", however deep, so the quote stripper drops it', () => {
    assert.equal(
      htmlToText('Yes.<blockquote>On Mon, Jane wrote:<br>Hi<blockquote>older</blockquote></blockquote>'),
      'Yes.\n\n> On Mon, Jane wrote:\n> Hi\n\n> older',
    );
  });

  it(`takes ${maxHtmlDepth} levels of nesting and refuses one more, whatever closes after`, () => {
    assert.equal(htmlToText(`${'<div>'.repeat(maxHtmlDepth)}deep${'</div>'.repeat(maxHtmlDepth)}`), 'deep');
    assert.throws(() => htmlToText(`${'<span>'.repeat(maxHtmlDepth + 1)}x`), HtmlTooDeepError);
    assert.throws(() => htmlToText(`${'<div>'.repeat(600_000 / 11)}x${'</div>'.repeat(600_000 / 11)}`), {
      message: 'The HTML nests deeper than 400 levels.',
    });
  });

  it('closes what HTML closes implicitly: unclosed paragraphs, items and cells do not nest', () => {
    assert.equal(htmlToText(`${'<p>x'.repeat(maxHtmlDepth * 2)}`).split('\n\n').length, maxHtmlDepth * 2);
    assert.equal(htmlToText(`<ul>${'<li>x'.repeat(maxHtmlDepth * 2)}</ul>`).split('\n').length, maxHtmlDepth * 2);
    assert.equal(
      htmlToText(`<a href="https://a.example/">a<a href="https://b.example/">b</a>`),
      'a (https://a.example/)b (https://b.example/)',
    );
  });
});
