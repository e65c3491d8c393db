// @ts-check
// ESLint flat config: the recommended sets of ESLint, typescript-eslint, eslint-plugin-astro and
// eslint-plugin-solid. Every rule turned off here says why in one line; the tree has no file-wide disables.
// Rules are syntactic only (no type-aware linting): `npm run check` runs the type checkers.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import solid from 'eslint-plugin-solid/configs/typescript';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'dist/',
    'data/',
    '.astro/',
    'reports/',
    'test-results/',
    'playwright-report/',
    'test/e2e/.screens/',
    // Byte-exact inputs of tests, not code.
    'test/fixtures/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  {
    name: 'service-desk/rules',
    rules: {
      // A leading underscore marks a deliberately unused name; `const { a: _a, ...rest }` is how an object drops a key.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: 'service-desk/astro-frontmatter',
    files: ['**/*.astro'],
    // The frontmatter is TypeScript: parse it with typescript-eslint's parser.
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    name: 'service-desk/node',
    // Server code, integrations, CLI, tests and tool configs run on Node.
    files: ['**/*.{js,mjs,cjs,ts,mts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'service-desk/islands',
    files: ['src/islands/**/*.tsx'],
    // Its rules are typed with typescript-eslint's RuleModule, which ESLint 10's `Plugin` type does not accept
    // (a known typing gap between the two packages; the plugin works at run time).
    plugins: { solid: /** @type {import('eslint').ESLint.Plugin} */ (/** @type {unknown} */ (solid.plugins.solid)) },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...solid.rules,
      // Solid assigns `let el; <input ref={el} />` in its compiled output, which this rule cannot see.
      'no-unassigned-vars': 'off',
    },
  },
);
