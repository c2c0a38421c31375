import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HtmlTooDeepError,
  htmlReplyText,
  htmlToText,
  maxHtmlDepth,
  maxHtmlText,
} from '../src/inbound-email/html-text.js';

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

describe('htmlReplyText', () => {
  it('drops a marked-up quote with everything in it: no bullet, cell separator or line break leaks out', () => {
    assert.equal(
      htmlReplyText(
        '<blockquote class="gmail_quote"><ul><li>old</ul><table><tr><td>a<td>b</table><br></blockquote>After',
      ),
      'After',
    );
    assert.equal(htmlReplyText('<p>Yes</p><div class="GMAIL_ATTR x"/><p>and more</p>'), 'Yes\n\nand more');
  });

  it('leaves quotes to htmlToText when not asked: the converter alone keeps everything', () => {
    assert.equal(
      htmlToText('<p>Yes</p><div class="gmail_quote">On Mon, Jane wrote:</div>'),
      'Yes\n\nOn Mon, Jane wrote:',
    );
  });

  it('reads 1 MiB hostile bodies through to the right kind of output (timed in bench/diagnostics/html-hostile.mjs)', () => {
    const mib = 1024 * 1024;
    const fill = (unit: string): string => unit.repeat(Math.ceil(mib / unit.length));
    assert.throws(() => htmlReplyText(fill('<div>')), HtmlTooDeepError, 'deep nesting is refused');
    const paragraphs = htmlReplyText(fill('<p>x'));
    assert.equal(paragraphs, 'x\n\n'.repeat(maxHtmlText / 3 + 1).trim(), 'unclosed paragraphs, read up to the limit');
    assert.equal(htmlReplyText(`<div class="${'a'.repeat(mib)}">kept</div>`), 'kept', 'a huge attribute');
    assert.equal(htmlReplyText(`<a href="https://${'a'.repeat(mib)}">link</a>`), 'link', 'a huge link');
    assert.equal(
      htmlReplyText(`<div class="yahoo_quoted${' x'.repeat(mib / 2)}">q</div>a`),
      'a',
      'a quote’s long class',
    );
    assert.equal(htmlReplyText(fill('<')), fill('<'), 'many < are text');
    assert.equal(htmlReplyText(`&${'a'.repeat(mib)};`), `&${'a'.repeat(mib)};`, 'a long unknown entity is text');
    assert.equal(htmlReplyText(fill('&amp;')), '&'.repeat(mib / 5 + 1), 'many entities');
    assert.equal(htmlReplyText(`<${'b'.repeat(mib)}>x`), 'x', 'a huge tag name');
    assert.equal(htmlReplyText(`<!--${'-'.repeat(mib)}`), '', 'an unclosed comment');
  });
});
