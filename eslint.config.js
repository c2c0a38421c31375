// ESLint flat config: typescript-eslint's recommended rules for every package, with the few house rules
// that catch real mistakes (floating promises on the relay's hot path, focused or skipped tests).
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
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design; tests poke at JSON answers,
    // where `any` is the honest type. Source code decodes the wire with the protocol's schemas instead.
    files: ['**/test/**', '**/test-services/**', 'tests/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
