/**
 * Capability folders of `care` must not import each other in a circle (care/plans ⇄ care/roster):
 * what two capabilities share lives in a shared home both import. Tests are left out: a test may
 * use another capability's story (its `testing/` world) without making the folders depend on each
 * other. Run after `.dependency-cruiser.cjs` by `npm run check:deps`.
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Two capability folders import each other: move what both need to a shared home (care/shared).',
      scope: 'folder',
      from: { path: '^packages/care/src/' },
      to: { circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: [...base.options.exclude.path, '\\.test\\.tsx?$'] },
  },
};
