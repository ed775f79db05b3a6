import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import lwcConfig from '@salesforce/eslint-config-lwc/recommended.js';

export default [
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      'dist/**',
      'artifacts/**',
      'out/**',
      '.sfdx/**',
      '.sf/**',
      'force-app/main/default/staticresources/**',
    ],
  },
  // Salesforce LWC: the rules Salesforce recommends for Lightning Web Components.
  ...lwcConfig.map((c) => ({ ...c, files: ['force-app/**/lwc/**/*.js'] })),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  // Companion, sandbox, scripts: TypeScript.
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['companion/**/*.ts', 'scripts/**/*.ts'] })),
  {
    files: ['companion/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['companion/sandbox/cli.ts', 'scripts/**/*.ts', 'companion/**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
  // The admin preview's browser shell (companion/sandbox/admin-preview/client), bundled with the LWC panels.
  {
    files: ['companion/sandbox/admin-preview/client/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['*.js', 'scripts/**/*.js', 'scripts/**/*.mjs'],
    ...js.configs.recommended,
    languageOptions: { globals: { ...globals.node } },
  },
];
