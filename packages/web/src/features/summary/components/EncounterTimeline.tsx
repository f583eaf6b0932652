import type { Encounter } from '@medplum/fhirtypes';
import { Box } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import { SETTING_LABELS, settingOf, type Setting } from '../model/encounters';

const LANES: readonly Setting[] = ['inpatient', 'emergency', 'ambulatory'];
const WIDTH = 760;
const LANE_H = 26;
const LEFT = 150;
const YEAR = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: 'UTC' });

function Marker({ setting, x, w }: { setting: Setting; x: number; w: number }) {
  const y = LANES.indexOf(setting) * LANE_H + LANE_H / 2;
  switch (setting) {
    case 'inpatient':
      return (
        <rect x={x - 4} y={y - 7} width={Math.max(8, w)} height={14} className="tl-inpatient" />
      );
    case 'emergency':
      return (
        <polygon
          points={`${x},${y - 8} ${x + 7},${y + 6} ${x - 7},${y + 6}`}
          className="tl-emergency"
        />
      );
    default:
      return <circle cx={x} cy={y} r={3.5} className="tl-ambulatory" />;
  }
}

/**
 * Encounters on a time line, one lane per setting. Lanes differ by shape (bar, triangle, dot) and
 * label, not only by colour; each mark has a tooltip; the table below is the keyboard-usable view.
 */
export function EncounterTimeline({ encounters }: { encounters: readonly Encounter[] }) {
  const dated = encounters.filter((e) => e.period?.start);
  if (dated.length === 0) {
    return null;
  }
  const times = dated.map((e) => Date.parse(e.period?.start ?? ''));
  const min = Math.min(...times);
  const max = Math.max(Date.now(), ...times);
  const span = Math.max(1, max - min);
  const x = (t: number): number => LEFT + ((t - min) / span) * (WIDTH - LEFT - 12);
  const years: number[] = [];
  for (let y = new Date(min).getUTCFullYear() + 1; Date.UTC(y, 0, 1) <= max; y++) {
    years.push(Date.UTC(y, 0, 1));
  }
  const counts = LANES.map(
    (s) => `${dated.filter((e) => settingOf(e) === s).length} ${SETTING_LABELS[s].toLowerCase()}`,
  ).join(', ');
  const height = LANES.length * LANE_H + 18;
  return (
    // Focusable and labelled: it scrolls sideways on a narrow screen (axe: scrollable-region-focusable).
    <Box
      className="timeline"
      style={{ overflowX: 'auto' }}
      role="region"
      aria-label="Encounter timeline"
      tabIndex={0}
    >
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`Encounter timeline from ${formatDate(new Date(min).toISOString())}: ${counts}`}
      >
        {LANES.map((s, i) => (
          <g key={s}>
            <line
              x1={LEFT}
              x2={WIDTH - 8}
              y1={i * LANE_H + LANE_H / 2}
              y2={i * LANE_H + LANE_H / 2}
              className="tl-lane"
            />
            <text x={4} y={i * LANE_H + LANE_H / 2 + 4} className="tl-label">
              {SETTING_LABELS[s]}
            </text>
          </g>
        ))}
        {years.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={LANES.length * LANE_H} className="tl-year" />
            <text x={x(t) + 3} y={height - 4} className="tl-label">
              {YEAR.format(new Date(t))}
            </text>
          </g>
        ))}
        {dated.map((e) => {
          const start = Date.parse(e.period?.start ?? '');
          const end = e.period?.end ? Date.parse(e.period.end) : start;
          const setting = settingOf(e);
          return (
            <g key={e.id}>
              <title>{`${SETTING_LABELS[setting]} · ${formatDate(e.period?.start)} · ${e.serviceProvider?.display ?? ''}`}</title>
              <Marker setting={setting} x={x(start)} w={x(end) - x(start)} />
            </g>
          );
        })}
      </svg>
    </Box>
  );
}
