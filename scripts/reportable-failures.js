// Loaded in the browser suites' pages before the tests (scripts/wtr-page.mjs): a failed assertion's actual and
// expected values that `structuredClone` refuses (DOM nodes, functions, objects holding them) are replaced by a
// description of them, so that the runner can send the failure and the report names the test and what it saw.
// chai itself, the instance @open-wc/testing re-exports: importing @open-wc/testing here, before the test framework
// has made mocha's globals, would register its fixtures' cleanup nowhere (it looks for `afterEach` once, as it loads).
import chai from '@esm-bundle/chai';

/** True when the value survives the copy the runner makes of a test's results. */
function cloneable(value) {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** What a report can show of a value it cannot carry: a node's markup (its first 300 characters), or its string. */
function described(value) {
  if (value instanceof Element) {
    const markup = value.outerHTML;
    return markup.length > 300 ? `${markup.slice(0, 300)}…` : markup;
  }
  if (value instanceof Node) return `[${value.nodeName}]`;
  return typeof value === 'function' ? `[function ${value.name || '(anonymous)'}]` : String(value);
}

const { assert } = chai.Assertion.prototype;
chai.Assertion.prototype.assert = function assertReportably(...args) {
  try {
    return assert.apply(this, args);
  } catch (error) {
    if (error instanceof chai.AssertionError)
      for (const key of ['actual', 'expected'])
        if (key in error && !cloneable(error[key])) error[key] = described(error[key]);
    throw error;
  }
};
