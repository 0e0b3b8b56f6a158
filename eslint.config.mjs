// Lint: type-aware typescript-eslint, React hooks and refresh, Prettier last (STYLE §11).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import noOnlyTests from 'eslint-plugin-no-only-tests'
import reactHooks from 'eslint-plugin-react-hooks'
import reactRefresh from 'eslint-plugin-react-refresh'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Imports the whole core refuses; the domain and handler rules below repeat them, because a later
// `no-restricted-imports` replaces an earlier one for the same file.
const CORE_PATHS = ['electron']
const CORE_PATTERNS = [
  {
    group: ['**/renderer/**', '**/electron/main/**'],
    message: 'The core never imports the renderer or the Electron shell.',
  },
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/out/**',
      'db/migrations/**',
      'test/fixtures/**',
      'test/e2e/artifacts/**',
      '**/*.mjs',
      // Declarations of those plain-JavaScript launchers: checked by tsc where they are imported.
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'no-only-tests': noOnlyTests },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-only-tests/no-only-tests': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE §6).' },
      ],
    },
  },
  {
    // The core never reaches for a platform: no electron, no DOM (DESIGN §1).
    files: ['electron/core/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: CORE_PATHS, patterns: CORE_PATTERNS }],
    },
  },
  {
    // The domain is pure (DESIGN §2): no platform module, no validator, no database, no wire
    // types, no AppError. It fails with `Result` (domain/result.ts); the contract mirrors its types.
    files: ['electron/core/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...CORE_PATHS,
            { name: 'zod', message: 'The domain is pure: validate at the boundary (contract/).' },
          ],
          patterns: [
            ...CORE_PATTERNS,
            { group: ['node:*'], message: 'The domain is pure: no platform modules.' },
            { group: ['**/db', '**/db/**'], message: 'The domain never imports db/.' },
            {
              group: ['**/contract', '**/contract/**'],
              message: 'The domain declares its own types; the contract mirrors them.',
            },
            {
              group: ['**/errors'],
              message: 'The domain returns a Result (domain/result.ts), never AppError.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract is bundled into the renderer: zod, its own files, and the domain's types (only
    // types, erased from the bundle: a DTO or a schema's type is declared once, in the domain).
    files: ['electron/core/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_PATHS,
          patterns: [
            ...CORE_PATTERNS,
            {
              group: ['**/db', '**/db/**', '../*', '!../domain', '../errors'],
              message: 'The contract imports only zod, itself and domain types.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/domain', '**/domain/**'],
              allowTypeImports: true,
              message: 'The contract imports only types from the domain (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    // Handlers orchestrate only: shared work lives in services/, never in another handler.
    files: ['electron/core/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_PATHS,
          patterns: [
            ...CORE_PATTERNS,
            {
              group: ['./*', '../handlers/*', '**/core/handlers/*'],
              message: 'A handler never imports another handler: share through services/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer may import only the contract from electron/, and never db/ (STYLE §5).
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['error', { allowConstantExport: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/db/**', '**/db'], message: 'The renderer never imports db/.' },
            {
              regex: '^(\\.\\./)+electron/(?!core/contract)',
              message: 'The renderer may import only electron/core/contract/**.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['*.config.ts', '**/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
)
