// The page every browser suite's tests run in (web-test-runner's `testRunnerHtml`): the test framework, after a
// module that keeps a failed assertion reportable (scripts/reportable-failures.js).

/**
 * A failed chai assertion whose actual or expected value was a DOM node never reached the report: web-test-runner
 * copies the page's results with `structuredClone` to send them, which refuses nodes, and the run ended after two
 * minutes as "Browser tests did not finish" without naming the test or the failure (modernweb-dev/web#2967, still
 * open upstream in @web/dev-server-core). Seen here: `expect(card(el)).to.equal(null)` on a card that was there.
 *
 * @param {string} testFramework the framework's module, as web-test-runner passes it
 */
export const testRunnerHtml = (testFramework) =>
  '<!DOCTYPE html><html><head></head><body>' +
  '<script type="module" src="/scripts/reportable-failures.js"></script>' +
  `<script type="module" src="${testFramework}"></script>` +
  '</body></html>';
