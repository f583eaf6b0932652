/**
 * Capability folders of `care` must not import each other in a circle (care/plans ⇄ care/roster):
 * what two capabilities share lives in a shared home both import. Tests are left out: a test may
 * use another capability's story (its `testing/` world) without making the folders depend on each
 * other. Run after `.dependency-cruiser.cjs` by `npm run check:deps`.
 */
const base = require('./.dependency-cruiser.cjs');

/**
 * Temporary: the folders that import each other today through helpers living in one capability's
 * folder (provenanceFor, checkVersion, readMany, withRetry). Moving those to care/shared empties
 * this list.
 */
const KNOWN_FOLDER_CYCLES = ['plans', 'roster', 'tasks', 'notifications'];

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Two capability folders import each other: move what both need to a shared home (care/shared).',
      scope: 'folder',
      from: {
        path: '^packages/care/src/',
        pathNot: KNOWN_FOLDER_CYCLES.map((folder) => `^packages/care/src/${folder}(/|$)`),
      },
      to: { circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: [...base.options.exclude.path, '\\.test\\.tsx?$'] },
  },
};
