// @vitest-environment jsdom
import type { MedicationReconciliationView, ReconciliationInput } from '@careweave/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { MedicationReconciliationPage } from './components/MedicationReconciliationPage';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const OPEN: MedicationReconciliationView = {
  patientId: 'ana',
  stay: {
    encounter: 'Encounter/stay-1',
    class: 'IMP',
    status: 'finished',
    admitted: '2026-12-07T09:30:00Z',
    discharged: '2026-12-10T16:00:00Z',
    where: 'Riverside Hospital',
  },
  dischargeListReceived: true,
  task: {
    id: 't1',
    code: 'medication-reconciliation',
    description: 'Reconcile',
    status: 'requested',
    due: '2027-01-09',
    encounter: 'Encounter/stay-1',
  },
  lines: [
    {
      key: 'rxnorm-860975',
      medication: 'Metformin 500 mg tablet',
      change: 'stopped',
      before: { reference: 'MedicationStatement/m1', dosage: '500 mg twice daily' },
    },
    {
      key: 'rxnorm-314076',
      medication: 'Lisinopril 10 mg tablet',
      change: 'dose-changed',
      before: { reference: 'MedicationStatement/m2', dosage: '10 mg once daily' },
      discharge: { reference: 'MedicationRequest/d2', dosage: '20 mg once daily' },
    },
    {
      key: 'rxnorm-1364435',
      medication: 'Apixaban 5 mg tablet',
      change: 'added',
      discharge: { reference: 'MedicationRequest/d3', dosage: '5 mg twice daily' },
    },
  ],
};

function signedIn(): void {
  sessionStorage.setItem('careweave.session', JSON.stringify({ accessToken: 'token' }));
  sessionStorage.setItem(
    'careweave.user',
    JSON.stringify({
      name: 'Nora',
      role: 'care-coordinator',
      organizations: [],
      fhirUser: 'Practitioner/coord',
    }),
  );
}

describe('the medication reconciliation screen', () => {
  it('shows the lists side by side, asks for every decision and a reason, and records them', async () => {
    signedIn();
    const posts: ReconciliationInput[] = [];
    let recorded: MedicationReconciliationView | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          const body = JSON.parse(init.body as string) as ReconciliationInput;
          posts.push(body);
          const decided: MedicationReconciliationView = {
            ...OPEN,
            task: { ...OPEN.task!, status: 'completed' },
            lines: OPEN.lines.map((l) => {
              const d = body.decisions.find((x) => x.key === l.key)!;
              return {
                ...l,
                decision: { decision: d.decision, ...(d.reason ? { reason: d.reason } : {}) },
              };
            }),
            reconciled: {
              by: 'Practitioner/coord',
              byName: 'Nora Coordinator',
              at: '2026-12-11T10:00:00Z',
              record: 'List/r1',
            },
          };
          recorded = decided;
          return jsonResponse(decided);
        }
        if (url.startsWith('/api/transitions/patients/ana/medication-reconciliation'))
          return jsonResponse(recorded ?? OPEN);
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    render(<MedicationReconciliationPage patientId="ana" encounter="Encounter/stay-1" />, {
      wrapper: Providers,
    });
    const table = await screen.findByRole('table', {
      name: 'Medicines before admission and at discharge',
    });
    const row = (name: string): HTMLElement =>
      within(table).getByText(name).closest('tr') as HTMLElement;
    expect(
      within(row('Metformin 500 mg tablet')).getByText('Not on the discharge list'),
    ).toBeTruthy();
    expect(within(row('Lisinopril 10 mg tablet')).getByText('Dose changed')).toBeTruthy();
    expect(within(row('Lisinopril 10 mg tablet')).getByText('20 mg once daily')).toBeTruthy();
    expect(within(row('Apixaban 5 mg tablet')).getByText('Added in hospital')).toBeTruthy();

    // Nothing decided: nothing is sent, and the screen says what is missing.
    fireEvent.click(screen.getByRole('button', { name: 'Record reconciliation' }));
    expect(
      await screen.findByText('Choose continue, stop or change for Metformin 500 mg tablet.'),
    ).toBeTruthy();
    expect(posts).toEqual([]);

    fireEvent.click(within(row('Metformin 500 mg tablet')).getByText('Stop'));
    fireEvent.click(within(row('Lisinopril 10 mg tablet')).getByText('Change'));
    fireEvent.click(within(row('Apixaban 5 mg tablet')).getByText('Continue'));
    fireEvent.click(screen.getByRole('button', { name: 'Record reconciliation' }));
    expect(await screen.findByText('Say why Metformin 500 mg tablet is to stop.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Reason to stop Metformin/), {
      target: { value: 'eGFR 28' },
    });
    fireEvent.change(screen.getByLabelText(/Reason to change Lisinopril/), {
      target: { value: 'BP high' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Record reconciliation' }));
    await waitFor(() =>
      expect(posts).toEqual([
        {
          encounter: 'Encounter/stay-1',
          decisions: [
            { key: 'rxnorm-860975', decision: 'stop', reason: 'eGFR 28' },
            { key: 'rxnorm-314076', decision: 'change', reason: 'BP high' },
            { key: 'rxnorm-1364435', decision: 'continue' },
          ],
        },
      ]),
    );
    expect(await screen.findByText(/Recorded by Nora Coordinator/)).toBeTruthy();
  });

  it('says so when the hospital sent no discharge list, and when the stay cannot be opened', async () => {
    signedIn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse({ ...OPEN, dischargeListReceived: false, lines: [OPEN.lines[0]] }),
      ),
    );
    render(<MedicationReconciliationPage patientId="ana" />, { wrapper: Providers });
    expect(await screen.findByText('No discharge medication list received')).toBeTruthy();
    cleanup();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(
          {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'error',
                code: 'not-found',
                details: { text: 'Patient/ana has no hospital stay to reconcile' },
              },
            ],
          },
          404,
        ),
      ),
    );
    render(<MedicationReconciliationPage patientId="ana" />, { wrapper: Providers });
    expect(await screen.findByText(/has no hospital stay to reconcile/)).toBeTruthy();
  });
});
