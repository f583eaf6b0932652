import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runPrepareTask, type PrepareResult, type PrepareTask } from './prepare.js';

interface Pending {
  seq: number;
  task: PrepareTask;
  resolve: (result: PrepareResult) => void;
  reject: (err: Error) => void;
}

/**
 * How many preparing threads an import uses: `CAREWEAVE_IMPORT_WORKERS` if set, else one per core.
 * 0 prepares on the calling thread (tests run the TypeScript sources, which plain workers cannot load).
 */
export function defaultWorkerCount(): number {
  const fromEnv = process.env['CAREWEAVE_IMPORT_WORKERS'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return Math.max(0, Number.parseInt(fromEnv, 10) || 0);
  }
  const fromSource = import.meta.url.endsWith('.ts');
  const loaderCanFollow = process.execArgv.some((a) => a.includes('tsx'));
  return fromSource && !loaderCanFollow ? 0 : availableParallelism();
}

/**
 * Starts `worker.js` next to this module; from the TypeScript sources (run with tsx), the thread
 * first registers tsx's loader, which worker threads do not inherit.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./worker.js', import.meta.url));
  }
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}

/**
 * A pool of worker threads running `runPrepareTask`, so validation and indexing use every core
 * while the main thread writes. With size 0 tasks run inline, one at a time.
 */
export class PreparePool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private seq = 0;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker();
      worker.on('message', (message: { seq: number; result: PrepareResult }) =>
        this.done(worker, message.result),
      );
      worker.on('error', (err) => this.failed(worker, err));
      worker.unref();
      this.idle.push(worker);
    }
  }

  /** Prepares one task on the next free thread. */
  run(task: PrepareTask): Promise<PrepareResult> {
    if (this.size === 0) {
      return new Promise((resolve) => resolve(runPrepareTask(task)));
    }
    if (this.idle.length === 0 && this.busy.size === 0) {
      return Promise.reject(new Error('no import worker thread is running'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ seq: this.seq++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const next = this.queue.shift() as Pending;
      this.busy.set(worker, next);
      worker.ref();
      worker.postMessage({ seq: next.seq, task: next.task });
    }
  }

  private done(worker: Worker, result: PrepareResult): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    pending?.resolve(result);
    this.dispatch();
  }

  private failed(worker: Worker, err: Error): void {
    // A crashed thread (e.g. out of memory) fails its task; the others carry on.
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    pending?.reject(err);
    if (this.idle.length === 0 && this.busy.size === 0) {
      for (const queued of this.queue.splice(0)) {
        queued.reject(new Error(`every import worker thread failed: ${err.message}`));
      }
    }
  }
}
