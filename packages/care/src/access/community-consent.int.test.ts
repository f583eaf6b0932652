import type { Consent, Observation, Patient } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG } from './testing/story.js';
import { found, openStory, statusOf, type StoryWorld } from './testing/setup.js';

/**
 * A community organisation sees nothing clinical of a person — until the person's consent names
 * it: then exactly what that provision permits (its resource types, no sensitive category unless
 * named), read-only. Ana's consent shares with the whole network; that alone opens nothing to the
 * food bank.
 */
describe.each(testDatabaseKinds())(
  'what a consent naming a community organisation opens, on %s',
  (kind) => {
    let world: StoryWorld;

    beforeAll(async () => {
      world = await openStory(kind, { cacheTtlMs: 0 });
    });
    afterAll(async () => {
      await world?.dispose();
    });

    it('opens nothing clinical while the consent only names the network; then the types it names for the food bank', async () => {
      const fred = () => world.as('foodBankWorker');
      const before = await fred();
      expect(await found(() => world.repo.read(before, 'Observation', 'ana-obs-network'))).toBe(
        false,
      );

      const consent = await world.repo.read<Consent>(SYSTEM_CONTEXT, 'Consent', 'ana-consent');
      await world.repo.update(SYSTEM_CONTEXT, {
        ...consent,
        provision: {
          ...consent.provision,
          provision: [
            ...(consent.provision?.provision ?? []),
            {
              type: 'permit',
              actor: [
                {
                  role: {
                    coding: [
                      {
                        system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                        code: 'IRCP',
                      },
                    ],
                  },
                  reference: { reference: `Organization/${ORG.foodBank}` },
                },
              ],
              class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Observation' }],
            },
          ],
        },
      } satisfies Consent);

      const ctx = await fred();
      expect(await found(() => world.repo.read(ctx, 'Observation', 'ana-obs-network'))).toBe(true);
      // Only the types named, and no sensitive category the consent does not name for it.
      expect(await found(() => world.repo.read(ctx, 'Condition', 'ana-cond-psy'))).toBe(false);
      // The person is still shown as the referral's minimum.
      const ana = await world.repo.read<Patient>(ctx, 'Patient', 'ana');
      expect(ana.meta?.tag?.some((t) => t.code === 'SUBSETTED')).toBe(true);
      // Ben's consent names no community organisation: nothing of his.
      expect(await found(() => world.repo.read(ctx, 'Observation', 'ben-obs-network'))).toBe(false);
      // What the consent shows it may read, not write.
      const obs = await world.repo.read<Observation>(ctx, 'Observation', 'ana-obs-network');
      expect(await statusOf(() => world.repo.update(ctx, { ...obs, status: 'amended' }))).toBe(403);
    });
  },
);
