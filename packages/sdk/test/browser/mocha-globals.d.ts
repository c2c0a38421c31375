// The few Mocha globals web-test-runner provides, typed here rather than adding @types/mocha.
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;
declare function afterEach(body: () => void | Promise<void>): void;
declare function beforeEach(body: () => void | Promise<void>): void;
