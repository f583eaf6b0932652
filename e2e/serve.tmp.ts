import { startWorkspace } from './support/workspace.ts';
const ws = await startWorkspace({ patients: 50 });
console.log('URL', ws.url);
process.on('SIGTERM', () => void ws.close().then(() => process.exit(0)));
setInterval(() => {}, 1 << 30);
