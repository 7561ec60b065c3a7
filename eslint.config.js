// Lint rules, including the layer boundaries of ARCHITECTURE.md. The boundaries are plain
// `no-restricted-imports` patterns so that a violation names the rule it breaks in words.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const OURS_OUTSIDE_SCHEMAS = {
  regex: '(^|/)(src|sync-server|tests|scripts)(/|$)',
  message: 'schemas/ is the shared domain: it imports nothing of ours (ARCHITECTURE.md, layers).',
};
const PACKAGES_OTHER_THAN_ZOD = {
  regex: '^(?!(zod|node-diff3)(/|$))[^./]',
  message:
    'schemas/ runs on the tablet and the server: it may import only zod (and node-diff3 for text merges).',
};
const CLIENT_FROM_SERVER = {
  regex: '(^|/)src(/|$)',
  message: 'sync-server never imports the client (src/). Shared code belongs in schemas/.',
};
const SERVER_FROM_CLIENT = {
  regex: '(^|/)sync-server(/|$)',
  message: 'The client never imports sync-server/. Shared code belongs in schemas/.',
};
const DEXIE_OUTSIDE_DB = {
  regex: '^dexie(/|$)',
  message: 'Only src/db/ touches Dexie; use its repositories.',
};
const PREACT_IN_SYNC = {
  regex: '^(preact|@preact|@testing-library/preact)(/|$)',
  message: 'The client sync engine (src/sync/) knows nothing of Preact.',
};
const TESTS_FROM_PRODUCTION = {
  regex: '(^|/)tests(/|$)',
  message: 'Production code never imports from tests/.',
};

const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

// Features must not import each other: each feature folder gets a rule naming its siblings.
const featuresDir = new URL('./src/features/', import.meta.url);
let features = [];
try {
  features = readdirSync(featuresDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
} catch {
  features = [];
}
export const featureRule = (feature, all) => {
  const others = all.filter((f) => f !== feature);
  return {
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: restrict(
      DEXIE_OUTSIDE_DB,
      SERVER_FROM_CLIENT,
      TESTS_FROM_PRODUCTION,
      ...others.map((other) => ({
        regex: `(^|/)features/${other}(/|$)|^\\.\\./${other}(/|$)`,
        message: `Features do not import each other (${feature} -> ${other}): move the shared part to src/ui, src/lib or schemas/.`,
      })),
    ),
  };
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.test-artifacts/', 'dev-dist/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'eslint.config.js', '.ci/**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['schemas/**/*.ts'],
    ignores: ['schemas/**/*.test.ts'],
    rules: restrict(OURS_OUTSIDE_SCHEMAS, PACKAGES_OTHER_THAN_ZOD),
  },
  {
    files: ['sync-server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(CLIENT_FROM_SERVER, TESTS_FROM_PRODUCTION),
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/db/**', 'src/sync/**', 'src/features/**', '**/*.test.{ts,tsx}'],
    rules: restrict(DEXIE_OUTSIDE_DB, SERVER_FROM_CLIENT, TESTS_FROM_PRODUCTION),
  },
  {
    files: ['src/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(SERVER_FROM_CLIENT, TESTS_FROM_PRODUCTION, PREACT_IN_SYNC),
  },
  {
    files: ['src/sync/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(DEXIE_OUTSIDE_DB, SERVER_FROM_CLIENT, TESTS_FROM_PRODUCTION, PREACT_IN_SYNC),
  },
  ...features.map((f) => featureRule(f, features)),
);
