// ESLint with typescript-eslint's type-checked rules over every TypeScript file in the repository.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'bench/**/out/**',
      'e2e/artifacts/**',
      '.careweave/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.check.json',
          './packages/web/tsconfig.json',
          './e2e/tsconfig.json',
          './bench/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `async` without `await` is how Fastify tells a promise-style hook from a callback-style one,
      // and how a function that throws hands its caller a rejection rather than a synchronous throw.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore names a value that is deliberately left out (`{ id: _id, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers (`expect.any(String)`) are typed `any` by design.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The care domain goes through the Repository: its read models are `repo.readModels` (on the
    // pool) or `readModelsIn(tx)` (in a write's transaction), never the database handle itself
    // nor a read-model function handed one (store/src/read-models/README.md).
    files: ['packages/care/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/care/src/**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='db']",
          message:
            'care reaches the database through the Repository: use repo.readModels, repo.search/read or readModelsIn(tx).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@careweave/store',
              importNames: [
                'queryWorklist',
                'countWorklist',
                'teamPatients',
                'queryCaseload',
                'insertNotifications',
                'listNotifications',
                'countUnreadNotifications',
                'markNotificationsRead',
                'markThreadRead',
                'threadReadMarkers',
                'unreadMessageCounts',
                'insertAccessGrant',
                'activeAccessGrants',
                'accessGrantsForPatient',
                'loadRiskInputs',
                'upsertRiskPatients',
                'deleteRiskPatients',
                'duePatients',
                'currentRisk',
                'setRiskOverride',
                'setRiskEnrolled',
                'riskTierCounts',
                'historyWatermark',
                'changedPatients',
                'startRiskRun',
                'finishRiskRun',
                'abandonRiskRun',
                'lastRiskRun',
                'runningRiskRun',
                'claimRiskJob',
                'riskCandidates',
                'measureCases',
                'measureSubjects',
                'patientRecords',
                'sharedResourcesOfType',
                'visiblePatientIds',
                'openDatabase',
              ],
              message:
                'care uses read models through repo.readModels (pool) or readModelsIn(tx) (a write transaction).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
