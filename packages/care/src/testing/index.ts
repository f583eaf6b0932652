/**
 * `@careweave/care/testing`: the hand-built care network the access tests (care and server) tell
 * their stories with, and the care-plan world built on it. For tests only; not part of the
 * production entry point.
 */
export * as accessStory from '../access/testing/story.js';
export * as careStory from '../plans/testing/world.js';
