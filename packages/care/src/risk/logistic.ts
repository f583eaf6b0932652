/**
 * L2-regularised (ridge) logistic regression fitted by iteratively reweighted least squares
 * (Newton–Raphson): McCullagh P, Nelder JA, Generalized Linear Models, 2nd ed. 1989, §4.4; the
 * ridge penalty as in le Cessie S, van Houwelingen JC, Appl Stat 1992;41:191–201. The linear
 * algebra (Cholesky solve of the Newton system) is `ml-matrix`.
 *
 * Features are standardised internally so one penalty suits all of them; the intercept is not
 * penalised; coefficients are returned on the original scale.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** A fitted model: `logit(p) = intercept + Σ coefficients[j] · x[j]`. */
export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

/** Fitting options. */
export interface LogisticOptions {
  /** Ridge penalty on standardised coefficients (0 = maximum likelihood). Default 1. */
  lambda?: number;
  maxIterations?: number;
  /** Stop when no standardised coefficient moves more than this. */
  tolerance?: number;
}

/** The logistic function. */
export function expit(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The log-odds of a probability (clamped away from 0 and 1). */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
}

/** Fits `y ~ x` (rows of features, 0/1 outcomes). */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: LogisticOptions = {},
): LogisticFit {
  const n = rows.length;
  if (n === 0 || n !== y.length) {
    throw new RangeError(`Need as many outcomes as rows (rows ${n}, outcomes ${y.length})`);
  }
  const k = rows[0]?.length ?? 0;
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;

  // Standardise: z = (x − mean) / sd (constant columns keep sd 1).
  const mean = new Array<number>(k).fill(0);
  const sd = new Array<number>(k).fill(0);
  for (const r of rows) for (let j = 0; j < k; j++) mean[j] = (mean[j] ?? 0) + (r[j] ?? 0) / n;
  for (const r of rows)
    for (let j = 0; j < k; j++) sd[j] = (sd[j] ?? 0) + ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
  // A (numerically) constant column carries no information: z = 0, coefficient 0.
  const constant = mean.map((m, j) => Math.sqrt(sd[j] ?? 0) <= 1e-9 * (1 + Math.abs(m)));
  for (let j = 0; j < k; j++) sd[j] = constant[j] ? 1 : Math.sqrt(sd[j] ?? 0);
  const p1 = k + 1;
  const z = new Float64Array(n * p1);
  rows.forEach((r, i) => {
    z[i * p1] = 1;
    for (let j = 0; j < k; j++)
      z[i * p1 + j + 1] = constant[j] ? 0 : ((r[j] ?? 0) - (mean[j] ?? 0)) / (sd[j] ?? 1);
  });

  let beta = new Float64Array(p1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const hessian = new Float64Array(p1 * p1);
    const gradient = new Float64Array(p1);
    for (let i = 0; i < n; i++) {
      const off = i * p1;
      let eta = 0;
      for (let j = 0; j < p1; j++) eta += (z[off + j] ?? 0) * (beta[j] ?? 0);
      const p = expit(eta);
      const w = Math.max(p * (1 - p), 1e-10);
      const residual = (y[i] ?? 0) - p;
      for (let a = 0; a < p1; a++) {
        const za = z[off + a] ?? 0;
        gradient[a] = (gradient[a] ?? 0) + za * residual;
        for (let b = a; b < p1; b++)
          hessian[a * p1 + b] = (hessian[a * p1 + b] ?? 0) + w * za * (z[off + b] ?? 0);
      }
    }
    for (let a = 1; a < p1; a++) {
      hessian[a * p1 + a] = (hessian[a * p1 + a] ?? 0) + lambda;
      gradient[a] = (gradient[a] ?? 0) - lambda * (beta[a] ?? 0);
    }
    const h = new Matrix(p1, p1);
    for (let a = 0; a < p1; a++)
      for (let b = a; b < p1; b++)
        h.set(a, b, hessian[a * p1 + b] ?? 0).set(b, a, hessian[a * p1 + b] ?? 0);
    const step = new CholeskyDecomposition(h).solve(Matrix.columnVector(Array.from(gradient)));
    const next = new Float64Array(p1);
    let move = 0;
    for (let j = 0; j < p1; j++) {
      const d = step.get(j, 0);
      next[j] = (beta[j] ?? 0) + d;
      move = Math.max(move, Math.abs(d));
    }
    beta = next;
    converged = move < tolerance;
  }
  // Back to the original scale.
  const coefficients = Array.from({ length: k }, (_, j) => (beta[j + 1] ?? 0) / (sd[j] ?? 1));
  const intercept = (beta[0] ?? 0) - coefficients.reduce((s, c, j) => s + c * (mean[j] ?? 0), 0);
  return { intercept, coefficients, iterations, converged };
}

/** The linear predictor of a row. */
export function linearPredictor(
  fit: Pick<LogisticFit, 'intercept' | 'coefficients'>,
  x: readonly number[],
): number {
  return fit.coefficients.reduce((s, c, j) => s + c * (x[j] ?? 0), fit.intercept);
}
