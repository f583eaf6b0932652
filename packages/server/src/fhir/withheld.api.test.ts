import { accessStory } from '@careweave/care/testing';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoryServer, type StoryServer } from '../access/testing.js';
import { withheldCount } from './withheld.js';

/**
 * Withheld data is signalled, never silently missing: the team GP's search of Ana's
 * conditions hides her substance-use diagnosis (authored elsewhere, not named in her consent), and
 * the answer says one more row is hidden than the psychologist's does. Someone who may not see Ana
 * learns nothing, not even a count.
 */
describe.each(testDatabaseKinds())('withheld-rows signal on %s', (kind) => {
  let server: StoryServer;
  beforeAll(async () => {
    server = await startStoryServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts what the scope hid from a patient search, and nothing for a patient the caller cannot see', async () => {
    const hidden = async (user: keyof typeof accessStory.USERS): Promise<number> =>
      withheldCount(
        server.repo,
        await server.access.contextFor(accessStory.USERS[user]),
        'Condition',
        [['patient', 'Patient/ana']],
      );
    const gp = await hidden('gpOnTeam');
    const psychologist = await hidden('psychologist');
    expect(gp - psychologist).toBe(1);
    expect(gp).toBeGreaterThan(0);
    expect(await hidden('gpNotOnTeam')).toBe(0);
    expect(
      await withheldCount(
        server.repo,
        await server.access.contextFor(accessStory.USERS.gpOnTeam),
        'Condition',
        [['code', 'x']],
      ),
    ).toBe(0);
  });
});
