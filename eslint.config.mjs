// ESLint flat config: typescript-eslint recommended rules, plus the architecture rules from
// DESIGN.md §2 — the domain core never imports adapters, the bot framework, Azure SDKs,
// restify, node I/O or process.env; and the Bot Framework SDK stays in the bot adapter, the
// wiring and the dialogs, so a later move to the Microsoft 365 Agents SDK is a contained change.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The package binary is plain CommonJS run by Node.
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters/**', '**/emulator/**', '**/cli/**', '**/dialogs/**'],
              message: 'src/core must not import adapters, the emulator, the CLI or dialogs (DESIGN.md §2).',
            },
            {
              group: [
                'botbuilder*',
                '@azure/*',
                '@azure-rest/*',
                'restify',
                'fs',
                'node:fs',
                'fs/promises',
                'node:fs/promises',
                'http',
                'https',
                'node:http',
                'node:https',
                'net',
                'node:net',
                'child_process',
                'node:child_process',
              ],
              message: 'src/core is pure: no SDKs, servers or I/O (DESIGN.md §2).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
      ],
    },
  },
  {
    // botbuilder* only in the bot adapter, the wiring (src/app) and the conversation (dialogs/).
    // Exceptions: the bot-state storage adapters implement botbuilder's own Storage port.
    // (src/core has its own, stricter rule above; listing it here would replace that rule.)
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    ignores: [
      'src/core/**',
      'src/adapters/bot/**',
      'src/app/**',
      'src/adapters/storage/file-bot-storage.ts',
      'src/adapters/storage/sqlite/sqlite-bot-storage.ts',
      'src/adapters/storage/table/table-bot-storage.ts',
      'bench/echo-bot.ts',
      'src/adapters/storage/storage-factory.ts',
      'src/adapters/health/guarded-stores.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
              message: 'The Bot Framework SDK stays in src/adapters/bot, src/app and dialogs/ (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
);
