// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { CarePlanPanel } from './components/CarePlanPanel';
import { PlanPage } from './components/PlanPage';
import { TeamSection } from './components/TeamSection';
import { domainColumns, progressText } from './model/plan-model';
import type { PlanView } from '@careweave/contract';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const goal = (
  id: string,
  description: string,
  extra: Partial<PlanView['domains'][number]['goals'][number]> = {},
) => ({
  id,
  version: '1',
  description,
  inPersonsWords: false,
  lifecycleStatus: 'active' as const,
  goal: {
    resourceType: 'Goal' as const,
    id,
    lifecycleStatus: 'active' as const,
    description: { text: description },
    subject: { reference: 'Patient/p1' },
  },
  ...extra,
});

function planView(version: string): PlanView {
  return {
    plan: {
      resourceType: 'CarePlan',
      id: 'plan1',
      status: 'active',
      intent: 'plan',
      title: 'Diabetes + depression',
      subject: { reference: 'Patient/p1' },
    },
    version,
    patient: { id: 'p1', name: 'Rosa Delgado' },
    domains: [
      {
        domain: 'physical',
        goals: [
          goal('g1', 'HbA1c below 58 mmol/mol', {
            priority: 'high-priority',
            dueDate: '2027-05-01',
            achievementStatus: 'in-progress',
          }),
        ],
        activities: [
          {
            reference: 'Task/t1',
            title: 'Review HbA1c',
            status: 'completed',
            done: true,
            overdue: false,
            owner: 'Practitioner/gp',
            ownerDisplay: 'Dr. Helen Cho',
          },
          {
            reference: 'Task/t2',
            title: 'Foot check',
            status: 'requested',
            done: false,
            overdue: true,
            due: '2026-01-01',
            owner: 'Practitioner/gp',
            ownerDisplay: 'Dr. Helen Cho',
          },
        ],
      },
      {
        domain: 'mental',
        goals: [
          goal('g2', 'I want to enjoy gardening again', { inPersonsWords: true, personalRank: 1 }),
        ],
        activities: [],
      },
      {
        domain: 'social',
        goals: [],
        activities: [
          {
            reference: 'Task/t3',
            title: 'Food bank referral',
            status: 'requested',
            done: false,
            overdue: false,
            owner: 'Practitioner/sw',
            ownerDisplay: 'Grace Mensah',
          },
        ],
      },
      { domain: 'self-care', goals: [], activities: [] },
    ],
    team: [
      {
        reference: 'Practitioner/gp',
        display: 'Dr. Helen Cho',
        role: 'gp',
        organization: 'Organization/practice',
      },
      {
        reference: 'Practitioner/sw',
        display: 'Grace Mensah',
        role: 'social-worker',
        organization: 'Organization/network',
      },
    ],
    progress: {
      goals: 2,
      goalsAchieved: 0,
      activities: 3,
      activitiesDone: 1,
      activitiesOverdue: 1,
    },
  };
}

const conflictOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'conflict', diagnostics: 'Version mismatch' }],
};

/** A fake server for the plan endpoints; `goalPosts` answers POST …/goals in turn. */
function fakeServer(goalPosts: (() => Response)[] = []) {
  let version = 1;
  const calls: { url: string; method: string; headers: Record<string, string>; body?: unknown }[] =
    [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    calls.push({
      url,
      method,
      headers: (init.headers ?? {}) as Record<string, string>,
      ...(init.body ? { body: JSON.parse(init.body as string) } : {}),
    });
    if (method === 'PATCH') return jsonResponse(conflictOutcome, 412); // the goal changed meanwhile
    if (method === 'POST' && url === '/api/plans/plan1/goals') {
      const answer = goalPosts.shift()?.() ?? jsonResponse(planView(String(++version)), 201);
      if (answer.status === 412) version++; // someone else's change landed first
      return answer;
    }
    if (url.startsWith('/api/plans?patient='))
      return jsonResponse({
        plans: [
          {
            id: 'plan1',
            title: 'Diabetes + depression',
            status: 'active',
            version: String(version),
          },
        ],
      });
    if (url === '/api/plans/plan1')
      return jsonResponse(planView(String(version)), 200, { ETag: `W/"${version}"` });
    if (url === '/api/plans/plan1/changes') return jsonResponse({ changes: [] });
    if (url.includes('/history'))
      return jsonResponse({
        history: [
          {
            version: '1',
            at: '2026-11-01T10:00:00Z',
            achievementStatus: 'in-progress',
            lifecycleStatus: 'active',
          },
        ],
      });
    if (url.startsWith('/api/roster/patients/')) return jsonResponse({ careTeams: [] });
    if (url.startsWith('/api/roster/roles')) return jsonResponse({ roles: [] });
    if (url.startsWith('/api/plan-templates')) return jsonResponse({ templates: [] });
    if (url.startsWith('/api/referrals?patient='))
      return jsonResponse({
        items: [],
        counts: { new: 0, accepted: 0, 'in-progress': 0, closed: 0 },
      });
    if (url === '/api/plans/plan1/activities')
      return jsonResponse(planView(String(++version)), 201);
    if (url.startsWith('/fhir/R4/Organization?'))
      return jsonResponse({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Organization',
              id: 'food-bank',
              name: 'Riverside Community Food Bank',
            },
          },
        ],
      });
    if (url.startsWith('/fhir/R4/Patient/'))
      return jsonResponse({
        resourceType: 'Patient',
        id: 'p1',
        name: [{ given: ['Rosa'], family: 'Delgado' }],
      });
    return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls };
}

describe('the plan model', () => {
  it('shows the four domains always and "unassigned" only when something is in it', () => {
    expect(domainColumns([]).map((c) => c.domain)).toEqual([
      'physical',
      'mental',
      'social',
      'self-care',
    ]);
    const unassigned = {
      domain: 'unassigned' as const,
      goals: [],
      activities: planView('1').domains[0]?.activities ?? [],
    };
    expect(domainColumns([unassigned]).map((c) => c.domain)).toEqual([
      'physical',
      'mental',
      'social',
      'self-care',
      'unassigned',
    ]);
  });

  it('says progress in words', () => {
    expect(progressText(planView('1').progress)).toEqual({
      goals: '0 of 2 goals achieved',
      activities: '1 of 3 activities done',
      overdue: '1 overdue',
    });
  });
});

describe('the plan page', () => {
  it("lays the domains side by side with the person's own goals, owners, due dates and progress", async () => {
    fakeServer();
    render(<PlanPage patientId="p1" />, { wrapper: Providers });
    await screen.findByText('1 of 3 activities done');
    screen.getByText('0 of 2 goals achieved');
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Physical',
      'Mental',
      'Social',
      'Self-care',
    ]);
    const mental = screen.getByRole('region', { name: 'Mental' });
    within(mental).getByText('In their words');
    within(mental).getByText('matters most #1');
    within(mental).getByText('“I want to enjoy gardening again”');
    const physical = screen.getByRole('region', { name: 'Physical' });
    within(physical).getByText('overdue');
    within(physical).getByText('High priority');
    expect(within(physical).getAllByText(/Dr\. Helen Cho · due/)).toHaveLength(2);
    expect(within(physical).getByLabelText<HTMLSelectElement>('Achievement status').value).toBe(
      'in-progress',
    );
    await within(physical).findByText(/History: In progress/);
    screen.getByRole('link', { name: 'Rosa Delgado' });
    screen.getByText('Version 1');
  });

  it('keeps the goal and says so when someone else changed the plan first, then saves it with the new version', async () => {
    const { calls } = fakeServer([() => jsonResponse(conflictOutcome, 412)]);
    render(<PlanPage patientId="p1" />, { wrapper: Providers });
    fireEvent.click(await screen.findByRole('button', { name: 'Add goal' }));
    fireEvent.change(screen.getByLabelText(/^Goal\b/), {
      target: { value: 'Walk to the market on my own' },
    });
    fireEvent.click(screen.getByLabelText("In the person's own words"));
    fireEvent.change(screen.getByLabelText('Domain'), { target: { value: 'self-care' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save goal' }));

    const notice = await screen.findByText(
      'Someone else changed this plan — it has been reloaded; your change was not saved, please apply it again',
    );
    expect(notice.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByLabelText<HTMLTextAreaElement>(/^Goal\b/).value).toBe(
      'Walk to the market on my own',
    );
    const first = calls.find((c) => c.method === 'POST');
    expect(first?.headers['If-Match']).toBe('W/"1"');
    // The plan was re-read: the header shows the other coordinator's version.
    await screen.findByText('Version 2');

    fireEvent.click(screen.getByRole('button', { name: 'Save goal' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save goal' })).toBeNull());
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]?.headers['If-Match']).toBe('W/"2"');
    expect(posts[1]?.body).toEqual({
      description: 'Walk to the market on my own',
      domain: 'self-care',
      inPersonsWords: true,
    });
  });

  it("changes a goal's achievement status with the goal's version and explains a conflict beside the goal", async () => {
    const { calls } = fakeServer();
    render(<PlanPage patientId="p1" />, { wrapper: Providers });
    const physical = await screen.findByRole('region', { name: 'Physical' });
    fireEvent.change(within(physical).getByLabelText('Achievement status'), {
      target: { value: 'improving' },
    });
    await within(physical).findByText(/Someone else changed this plan/);
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch).toMatchObject({
      url: '/api/plans/plan1/goals/g1',
      headers: { 'If-Match': 'W/"1"' },
      body: { achievementStatus: 'improving' },
    });
  });

  it('adds a referral to a community service as an activity, with the team member responsible', async () => {
    const { calls } = fakeServer();
    render(<PlanPage patientId="p1" />, { wrapper: Providers });
    fireEvent.click(await screen.findByRole('button', { name: 'Add activity' }));
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'service-request' } });
    fireEvent.change(screen.getByLabelText(/^Activity/), {
      target: { value: 'Weekly food parcels' },
    });
    await screen.findByRole('option', { name: 'Riverside Community Food Bank' });
    fireEvent.change(screen.getByLabelText(/^Service/), {
      target: { value: 'Organization/food-bank' },
    });
    fireEvent.change(screen.getByLabelText('Domain'), { target: { value: 'social' } });
    fireEvent.change(screen.getByLabelText(/^Owner/), { target: { value: 'Practitioner/sw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save activity' }));
    await waitFor(() =>
      expect(
        calls.some((c) => c.method === 'POST' && c.url === '/api/plans/plan1/activities'),
      ).toBe(true),
    );
    expect(calls.find((c) => c.url === '/api/plans/plan1/activities')?.body).toMatchObject({
      kind: 'service-request',
      performer: 'Organization/food-bank',
      owner: 'Practitioner/sw',
      title: 'Weekly food parcels',
      domain: 'social',
    });
  });

  it("shows the server's reason when a write is refused", async () => {
    fakeServer([
      () =>
        jsonResponse(
          {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'error',
                code: 'forbidden',
                details: { text: "You are not on this patient's care team" },
              },
            ],
          },
          403,
        ),
    ]);
    render(<PlanPage patientId="p1" />, { wrapper: Providers });
    fireEvent.click(await screen.findByRole('button', { name: 'Add goal' }));
    fireEvent.change(screen.getByLabelText(/^Goal\b/), {
      target: { value: 'Sleep through the night' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save goal' }));
    await screen.findByText("You are not on this patient's care team");
  });
});

describe('creating a plan', () => {
  it('offers the templates with their counts, or a blank plan with a title, and says why the server refused', async () => {
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (init.method === 'POST') {
          posts.push(JSON.parse(init.body as string));
          return jsonResponse(
            {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'conflict',
                  details: { text: 'Patient/p1 already has an active integrated-care plan' },
                },
              ],
            },
            409,
          );
        }
        if (url.startsWith('/api/plans?')) return jsonResponse({ plans: [] });
        if (url === '/api/plan-templates')
          return jsonResponse({
            templates: [
              {
                id: 'copd-self-management',
                title: 'COPD self-management',
                description: 'A written action plan for flare-ups',
                goals: 3,
                actions: 5,
              },
            ],
          });
        return jsonResponse({
          resourceType: 'Patient',
          id: 'p1',
          name: [{ given: ['Rosa'], family: 'Delgado' }],
        });
      }),
    );
    render(<PlanPage patientId="p1" />, { wrapper: Providers });
    const template = await screen.findByLabelText<HTMLSelectElement>('Template');
    await screen.findByRole('option', { name: 'COPD self-management — 3 goals, 5 activities' });
    fireEvent.change(template, { target: { value: 'copd-self-management' } });
    screen.getByText('A written action plan for flare-ups');
    expect(screen.queryByLabelText(/^Plan title/)).toBeNull();
    fireEvent.change(template, { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(/^Plan title/), {
      target: { value: 'Staying well at home' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create plan' }));
    await screen.findByText('Patient/p1 already has an active integrated-care plan');
    expect(posts).toEqual([{ patient: 'Patient/p1', title: 'Staying well at home' }]);
  });
});

describe('the care plan panel of the summary', () => {
  it('shows progress and opens the plan', async () => {
    fakeServer();
    render(<CarePlanPanel patientId="p1" />, { wrapper: Providers });
    await screen.findByText('1 of 3 activities done');
    expect(screen.getByRole('link', { name: 'Open care plan' }).getAttribute('href')).toBe(
      '/patients/p1/plan',
    );
  });

  it('offers to create a plan when there is none', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ plans: [] })),
    );
    render(<CarePlanPanel patientId="p1" />, { wrapper: Providers });
    await screen.findByText('No active care plan yet.');
    expect(screen.getByRole('link', { name: 'Create a care plan' }).getAttribute('href')).toBe(
      '/patients/p1/plan',
    );
  });
});

describe('adding a team member', () => {
  it('finds a practitioner by name, suggests the role from their job and shows a consent refusal in words', async () => {
    const posts: unknown[] = [];
    const directory = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: {
            resourceType: 'PractitionerRole',
            id: 'r1',
            practitioner: { reference: 'Practitioner/x1' },
            organization: { reference: 'Organization/east' },
            code: [
              {
                coding: [{ system: 'http://snomed.info/sct', code: '106328005' }],
                text: 'Social worker',
              },
            ],
          },
        },
        {
          resource: {
            resourceType: 'Practitioner',
            id: 'x1',
            name: [{ given: ['Ada'], family: 'Okafor' }],
          },
          search: { mode: 'include' },
        },
        {
          resource: { resourceType: 'Organization', id: 'east', name: 'Eastside Clinic' },
          search: { mode: 'include' },
        },
      ],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url.startsWith('/api/roster/patients/'))
          return jsonResponse({
            careTeams: [
              { careTeam: { resourceType: 'CareTeam', id: 'ct1', status: 'active' }, members: [] },
            ],
          });
        if (url === '/api/roster/roles')
          return jsonResponse({
            roles: [
              { role: 'gp', code: { coding: [{ code: '62247001' }] } },
              { role: 'social-worker', code: { coding: [{ code: '106328005' }] } },
            ],
          });
        if (url.startsWith('/fhir/R4/PractitionerRole?')) return jsonResponse(directory);
        if (init.method === 'POST') {
          posts.push({ url, body: JSON.parse(init.body as string) });
          return jsonResponse(
            {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'business-rule',
                  details: {
                    text: "The patient's consent does not allow sharing with Eastside Clinic",
                  },
                },
              ],
            },
            422,
          );
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    render(<TeamSection view={planView('1')} />, { wrapper: Providers });
    fireEvent.click(await screen.findByRole('button', { name: 'Add team member' }));
    fireEvent.change(screen.getByLabelText(/^Find a practitioner/), {
      target: { value: 'okafor' },
    });
    fireEvent.click(
      await screen.findByLabelText(
        'Ada Okafor — Social worker — Eastside Clinic',
        {},
        { timeout: 3000 },
      ),
    );
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLSelectElement>(/^Role/).value).toBe('social-worker'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add to team' }));
    await screen.findByText("The patient's consent does not allow sharing with Eastside Clinic");
    expect(posts).toEqual([
      {
        url: '/api/roster/care-teams/ct1/members',
        body: { member: 'Practitioner/x1', role: 'social-worker' },
      },
    ]);
  });
});

describe('ending a team membership', () => {
  it('asks why and ends the member’s participation in the active team; the person themself has no such button', async () => {
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url.startsWith('/api/roster/patients/'))
          return jsonResponse({
            careTeams: [
              { careTeam: { resourceType: 'CareTeam', id: 'ct1', status: 'active' }, members: [] },
            ],
          });
        if (init.method === 'POST') {
          posts.push({ url, body: JSON.parse(init.body as string) });
          return jsonResponse({ resourceType: 'CareTeam', id: 'ct1', status: 'active' });
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    const view = planView('1');
    render(
      <TeamSection
        view={{
          ...view,
          team: [
            ...view.team,
            { reference: 'Patient/p1', display: 'Rosa Delgado', role: 'patient' },
          ],
        }}
      />,
      { wrapper: Providers },
    );
    fireEvent.click(await screen.findByRole('button', { name: "End Grace Mensah's membership" }));
    expect(screen.queryByRole('button', { name: "End Rosa Delgado's membership" })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'End membership' }));
    expect(posts).toEqual([]); // a reason is required
    fireEvent.change(screen.getByLabelText(/^Why \(reason\)/), {
      target: { value: 'Housing case closed' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'End membership' }));
    await waitFor(() =>
      expect(posts).toEqual([
        {
          url: '/api/roster/care-teams/ct1/members/end',
          body: { member: 'Practitioner/sw', reason: 'Housing case closed' },
        },
      ]),
    );
  });
});
