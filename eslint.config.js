// The project's rules, with ARCHITECTURE.md's made checkable: stages never import the inputs readers,
// one module runs programs (src/exec.ts) and one speaks HTTP (src/http/), fetch is never used (its
// bundled undici can crash the process), no promise is left floating in this concurrent code, src/ is
// linted with type information (catches take `unknown`, parsed JSON is checked before use), and no
// import circle exists.
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import jest from 'eslint-plugin-jest'
import tseslint from 'typescript-eslint'

const node = {
  process: 'readonly',
  console: 'readonly',
  URL: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly'
}

const INPUTS = {
  group: ['**/inputs/*', '**/inputs/*.js'],
  message: 'Stages take their request types; only src/inputs/ reads inputs (ARCHITECTURE.md).'
}
const CHILD_PROCESS = {
  name: 'node:child_process',
  message: 'Programs run through src/exec.ts (argument arrays, cancellation, workflow commands off).'
}
const CHILD_PROCESS_BARE = { ...CHILD_PROCESS, name: 'child_process' }
const HTTP = ['node:http', 'node:https', 'http', 'https'].map(name => ({
  name,
  message: 'HTTP goes through src/http/ (time-outs, redirects, proxies, no undici).'
}))

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Use src/http/client.ts: the bundled undici can crash the process.' }
      ]
    }
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error'
    }
  },
  // src/ with type information: what flows untyped from JSON.parse or a catch is checked where it enters.
  ...tseslint.configs.recommendedTypeChecked.map(config => ({ ...config, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()]
    },
    rules: {
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      // No import circle, type-only imports included: a module's dependencies form a tree.
      'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: false }]
    }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/inputs/**', 'src/main.ts', 'src/exec.ts', 'src/http/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [INPUTS], paths: [CHILD_PROCESS, CHILD_PROCESS_BARE, ...HTTP] }
      ]
    }
  },
  {
    files: ['src/inputs/**/*.ts', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [CHILD_PROCESS, CHILD_PROCESS_BARE, ...HTTP] }] }
  },
  {
    files: ['src/exec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [INPUTS], paths: HTTP }] }
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [INPUTS], paths: [CHILD_PROCESS, CHILD_PROCESS_BARE] }]
    }
  },
  { files: ['__tests__/**/*.ts'], ...jest.configs['flat/recommended'] }
)
