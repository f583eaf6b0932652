/**
 * Entry point of an import worker thread: prepares (parses, validates, indexes, serialises) what
 * the importer's main thread sends and posts the result back; the main thread writes it.
 */
import { parentPort } from 'node:worker_threads';
import { runPrepareTask, type PrepareResult, type PrepareTask } from './prepare.js';

parentPort?.on('message', (message: { seq: number; task: PrepareTask }) => {
  let result: PrepareResult;
  try {
    result = runPrepareTask(message.task);
  } catch (err) {
    result = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage({ seq: message.seq, result });
});
