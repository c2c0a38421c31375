// ESLint flat config: typescript-eslint's recommended rules for every package, with the few house rules
// that catch real mistakes: promises nobody awaits or catches (TypeScript files are linted with type
// information for that), promises passed where a callback's result is ignored, focused or skipped tests.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'bench/results/**',
      '**/*.tsbuildinfo',
      '.tmp/**',
      'release/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'Focused tests hide the rest of the suite.' },
        { object: 'describe', property: 'only', message: 'Focused tests hide the rest of the suite.' },
        { object: 'it', property: 'skip', message: 'Run the test or delete it.' },
        { object: 'describe', property: 'skip', message: 'Run the test or delete it.' },
      ],
    },
  },
  {
    // Rules that need the type checker. Only these, not all of recommendedTypeChecked: tried on the tree it reports
    // ~370 findings, ~260 of them no-unsafe-* on the JSON answers tests poke at (the wire in src is decoded by the
    // protocol's schemas), 44 require-await: too many to read, so the promise rules only.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['packages/relay/scripts/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises that the runner awaits itself.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
            // @open-wc/semantic-dom-diff types chai's Equal as returning a promise (for its DOM-diff form);
            // `expect(a).to.equal(b)` asserts synchronously.
            { from: 'package', package: 'chai', name: ['Equal'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design; tests poke at JSON answers,
    // where `any` is the honest type. Source code decodes the wire with the protocol's schemas instead.
    files: ['**/test/**', '**/test-services/**', 'tests/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
