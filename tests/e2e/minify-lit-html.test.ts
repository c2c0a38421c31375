// The widget bundle's squeezing of html`` templates (packages/widget/scripts/minify-lit-html.mjs): indentation goes,
// nothing a browser renders differently does. The built element itself is exercised by the other widget tests here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minifyLitHtml } from '../../packages/widget/scripts/minify-lit-html.mjs';

const squeeze = (code: string): string | undefined => minifyLitHtml(code, 'x.ts');

describe('minifyLitHtml', () => {
  it('turns each white space run with a line break into that line break, in text and between attributes', () => {
    const code =
      'const t = html`<div>\n    <button\n      class="a"\n      @click=${go}\n    >\n      ${label}\n    </button>\n  </div>`;';
    assert.equal(
      squeeze(code),
      'const t = html`<div>\n<button\nclass="a"\n@click=${go}\n>\n${label}\n</button>\n</div>`;',
    );
  });

  it('leaves a quoted attribute value as written, across the expressions inside it', () => {
    const code = 'html`<p class="msg\n    ${side}  x\n   y" title=\'a\n  b\'>\n  hi</p>`';
    assert.equal(squeeze(code), 'html`<p class="msg\n    ${side}  x\n   y" title=\'a\n  b\'>\nhi</p>`');
  });

  it('keeps runs without a line break, and any other white space character', () => {
    const code = 'html`${a} ${b}<b> x  y </b>${html` ${c}`}\u00a0\n  z`';
    assert.equal(squeeze(code), 'html`${a} ${b}<b> x  y </b>${html` ${c}`}\u00a0\nz`');
  });

  it('squeezes a template nested in an expression on its own', () => {
    const code = 'html`<ul>\n  ${items.map((i) => html`<li>\n    ${i}\n  </li>`)}\n</ul>`';
    assert.equal(squeeze(code), 'html`<ul>\n${items.map((i) => html`<li>\n${i}\n</li>`)}\n</ul>`');
  });

  it('touches no other template, and says so when a module has no html`` at all', () => {
    assert.equal(
      squeeze('css`a {\n  color: red;\n}`; const s = `a\n  b`; html`<i>\n  x</i>`'),
      'css`a {\n  color: red;\n}`; const s = `a\n  b`; html`<i>\nx</i>`',
    );
    assert.equal(squeeze('const s = `a\n  b`;'), undefined);
  });
});
