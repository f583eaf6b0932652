/**
 * The layers of ARCHITECTURE.md, checked on every `npm test` (`npm run check:deps`):
 *
 *   cli ─► server ─► care ─► store ─► fhir        cli ─► synth ─► fhir
 *   web ─► (HTTP) server; web may import types from contract and fhir; server, care ─► contract
 *
 * Arrows between packages are seen through their built entry points (`@careweave/x` resolves to
 * `packages/x/dist/…`), so a rule names the package folder, not `src`.
 */

/** A path inside a package, source or built. */
const pkg = (name) => `^packages/${name}/`;

const layer = (name, from, forbidden, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: pkg(from) },
  to: { path: forbidden.map(pkg) },
});

/** Packages that only `store` may import: the SQL drivers. */
const SQL_DRIVERS = ['^pg$', '^pg-', '^@electric-sql/pglite'];
/** Packages that only `server` may import: HTTP. */
const HTTP_SERVER = ['^fastify$', '^@fastify/'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a module both sides import.',
      from: {},
      to: { circular: true },
    },
    layer(
      'fhir-is-the-floor',
      'fhir',
      ['store', 'care', 'server', 'cli', 'synth', 'web', 'contract'],
      'fhir holds FHIR knowledge with no I/O; it imports no other Careweave package.',
    ),
    layer(
      'store-below-care',
      'store',
      ['care', 'server', 'cli', 'synth', 'web'],
      'store speaks SQL for the layers above it and never imports them (domain rules come in through WriteHooks).',
    ),
    layer(
      'care-below-server',
      'care',
      ['server', 'cli', 'synth', 'web'],
      'care is the domain: no HTTP, no CLI; server calls care, never the other way.',
    ),
    layer(
      'server-below-cli',
      'server',
      ['cli', 'synth', 'web/src'],
      'server is started by cli; it does not import the command line, the synthetic data or the web sources.',
    ),
    layer(
      'synth-beside-the-stack',
      'synth',
      ['store', 'care', 'server', 'cli', 'web', 'contract'],
      'synth makes FHIR resources only; loading them is cli’s job.',
    ),
    layer(
      'contract-is-types-and-constants',
      'contract',
      ['fhir', 'store', 'care', 'server', 'cli', 'synth', 'web'],
      'contract is the shared vocabulary of server and web; it depends on nothing of ours.',
    ),
    layer(
      'web-talks-http',
      'web',
      ['store', 'care', 'server', 'cli', 'synth', 'fhir'],
      'web reaches the server over HTTP only; it may import the contract package (and FHIR types from @medplum/fhirtypes).',
    ),
    {
      name: 'sql-only-in-store',
      severity: 'error',
      comment:
        'SQL drivers belong to store: every query goes through the Repository or a store read model.',
      from: { path: '^packages/', pathNot: pkg('store') },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-no-pkg', 'npm-unknown'],
        path: SQL_DRIVERS.map((p) => p.replace('^', '^node_modules/').replace('$', '(/|$)')),
      },
    },
    {
      name: 'http-only-in-server',
      severity: 'error',
      comment:
        'Fastify belongs to server: care and store take plain values, never a request or a reply.',
      from: { path: '^packages/', pathNot: pkg('server') },
      to: { path: HTTP_SERVER.map((p) => p.replace('^', '^node_modules/').replace('$', '(/|$)')) },
    },
    {
      name: 'testing-helpers-only-in-tests',
      severity: 'error',
      comment:
        'Test worlds and test databases (`…/testing`, `@careweave/x/testing`) are for tests, never for production code.',
      from: { path: '^packages/[^/]+/src/', pathNot: ['\\.test\\.tsx?$', '/testing(/|\\.ts$)'] },
      to: { path: '/testing(/|\\.[jt]s$)' },
    },
    {
      name: 'no-reaching-into-another-package',
      severity: 'error',
      comment:
        'Import another package by its name (`@careweave/store`, `@careweave/server/testing`), never by a relative path into its sources.',
      from: { path: '^(packages|e2e)/([^/]+)/' },
      to: { path: '^packages/([^/]+)/src/', pathNot: '^packages/$2/src/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['(^|/)out/', '^e2e/artifacts/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
