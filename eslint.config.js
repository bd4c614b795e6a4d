import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Type-checked linting (`recommendedTypeChecked`): every TypeScript file is linted with the types of the
// tsconfig.json that includes it (found by the project service); see docs/architecture.md "Tooling".
export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'dist-packages/**',
      '**/node_modules/**',
      '**/coverage/**',
      'packages/sdk/src/generated/**',
      'packages/mock-server/src/config/generated/**',
      'test-artifacts/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          // Hand-written declarations for a plain .mjs helper (scripts/pack-check), outside every tsconfig.
          allowDefaultProject: ['scripts/pack-check/*.d.mts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Implementations of Promise-returning interfaces (stores, players, transports, test fakes) stay `async` so a throw becomes a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain Node scripts (bin, release scripts, bench workers, this file): linted without types; JSDoc casts of
    // JSON.parse/import() results are invisible to the no-unsafe-* rules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['packages/mock-server/src/console/js/**'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The console's browser JavaScript is `// @ts-check`ed from JSDoc by tsconfig.console.json: lint it with those types.
    files: ['packages/mock-server/src/console/**/*.js'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: {
        projectService: false,
        project: ['packages/mock-server/tsconfig.console.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Admin API answers reach the console as JSON typed `any` (api.js `admin()`); tsc --checkJs checks the
      // console's own JSDoc types, and typing every answer in JSDoc would double the server's reply types.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
