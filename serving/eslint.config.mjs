// ESLint (flat config) for the local server, the SavedModel loader, the tools and their tests: `npm run lint`.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/', 'models/'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
      'no-shadow': 'error',
      'no-param-reassign': 'error',
      'object-shorthand': 'error',
      'no-implicit-coercion': ['error', { allow: ['!!'] }],
      curly: ['error', 'multi-line'],
    },
  },
];
