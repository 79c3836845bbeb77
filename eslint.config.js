// Flat config: typescript-eslint's recommended rules over every TypeScript file, plus the layering of
// docs/architecture.md: no runtime import cycles, and nothing below bot/ imports it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Folders below the program: they may not import bot/ (the running program) or admin/ (the staff web).
const fromBelow = (folder, banned) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: banned.map((b) => ({
          regex: `^(\\.\\./)+${b}(/|$)`,
          message: `${folder}/ sits below ${b}/ (docs/architecture.md): move the shared piece down into core/ instead.`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'models/migrations/**', '**/public/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // Runtime cycles only: a type-only import vanishes at run time.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
    },
  },
  // The kernel imports nothing of ours.
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'core/ is the kernel: it imports nothing of ours (docs/architecture.md).' }] },
      ],
    },
  },
  fromBelow('models', ['bot', 'admin', 'handlers', 'jobs', 'reports']),
  fromBelow('knowledge', ['bot', 'admin', 'handlers', 'jobs', 'reports']),
  fromBelow('handlers', ['bot', 'admin']),
  fromBelow('reports', ['bot', 'admin']),
  // Jobs enqueue rows; the bot's workers send them (docs/architecture.md §Outbound).
  fromBelow('jobs', ['bot', 'admin']),
  // bot/channels never import a handler.
  {
    files: ['bot/channels/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+handlers/', message: 'A channel never imports a handler (docs/architecture.md).' }] },
      ],
    },
  },
);
