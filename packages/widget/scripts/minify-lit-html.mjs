// The indentation inside lit's html`` templates, squeezed out of a bundle: esbuild leaves a template's text as it is
// written, and the element's templates are indented for reading. Only what cannot change what a browser renders
// goes: each run of HTML white space (space, tab, line feed, carriage return, form feed) that holds a line break
// becomes that one line break, in text between tags and between a tag's attributes, never inside a quoted attribute
// value. Such a run renders as one space, or as nothing beside a block, either way (the widget's one pre-wrap element,
// the message bubble, is written on one line). Line breaks stay, so a source map's lines stay right.
import ts from 'typescript';

/** The white space runs with a line break in `text`, a template's static part, read from `state` on. */
function squeeze(text, state) {
  let out = '';
  for (let i = 0; i < text.length;) {
    const char = text[i];
    if (state.quote) {
      if (char === state.quote) state.quote = '';
      out += char;
      i++;
      continue;
    }
    const run = /^[ \t\n\r\f]+/.exec(text.slice(i))?.[0];
    if (run) {
      out += run.includes('\n') ? '\n' : run;
      i += run.length;
      continue;
    }
    if (char === '<') state.tag = true;
    else if (char === '>') state.tag = false;
    else if (state.tag && (char === '"' || char === "'")) state.quote = char;
    out += char;
    i++;
  }
  return out;
}

/**
 * `code` (a TypeScript module) with the text of its html`` templates squeezed; `undefined` when it has none. The
 * parts of a template are read in order, so an expression inside an attribute value (`class="a ${b} c"`) keeps the
 * value's quotes in view; templates nested in expressions are squeezed on their own.
 */
export function minifyLitHtml(code, fileName) {
  if (!code.includes('html`')) return undefined;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits = [];
  const part = (node, state, closing) => {
    const start = node.getStart(source) + 1;
    const end = node.end - closing;
    const text = code.slice(start, end);
    const squeezed = squeeze(text, state);
    if (squeezed !== text) edits.push([start, end, squeezed]);
  };
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'html') {
      const state = { tag: false, quote: '' };
      const { template } = node;
      if (ts.isNoSubstitutionTemplateLiteral(template)) part(template, state, 1);
      else {
        part(template.head, state, 2);
        for (const span of template.templateSpans) part(span.literal, state, ts.isTemplateTail(span.literal) ? 1 : 2);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (edits.length === 0) return undefined;
  let out = code;
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  return out;
}
