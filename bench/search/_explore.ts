import { openDatabase } from '@careweave/store';
import { explainShape } from './explain.js';
import { SHAPES } from './shapes.js';
const db = await openDatabase({ databaseUrl: process.env['DATABASE_URL'] });
const only = process.argv[2];
for (const shape of SHAPES) {
  if (only && !shape.name.includes(only)) continue;
  const [sample] = await shape.sample(db, 1);
  const plans = await explainShape(db, shape, sample ?? {});
  console.log('=====', plans.shape, plans.request);
  for (const a of plans.api) console.log('--- API\n' + a);
  console.log('--- RAW\n' + plans.raw);
  console.log('seq scans:', plans.seqScans);
}
await db.close();
