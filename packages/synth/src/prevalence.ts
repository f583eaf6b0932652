/**
 * Target prevalence of each modelled condition by age band and sex, with the published source of
 * every table. Values are the share of people who carry the condition on their problem list at the
 * end of the history (`asOf`), in percent, rounded from the cited tables; where a source gives only
 * an overall sex ratio, the age-band figure is split by that ratio (noted per table).
 *
 * The person model (person-model.ts) draws each condition from a logistic model with a shared latent
 * burden factor (so conditions cluster in the same people) and calibrates the intercept per
 * age band and sex so that the *marginal* prevalence still equals these targets.
 */
import { clamp, expit } from './random.js';

/** The chronic conditions the generator models. */
/** Which diabetes complication, if any, is coded (ICD-10-CM E11.2x/E11.4x/E11.3x). */
export type DiabetesComplication = 'kidney' | 'neuropathy' | 'retinopathy';

export type ConditionKey =
  | 'hypertension'
  | 'diabetes'
  | 'heart-failure'
  | 'copd'
  | 'asthma'
  | 'ckd'
  | 'depression'
  | 'anxiety'
  | 'dementia'
  | 'alcohol-use'
  | 'opioid-use'
  | 'breast-cancer'
  | 'prostate-cancer'
  | 'lung-cancer'
  | 'colorectal-cancer';

/** Administrative sex as the generator uses it. */
export type Sex = 'female' | 'male';

/** Prevalence (percent) from `minAge` up to the next band's `minAge`. */
export interface AgeBand {
  minAge: number;
  male: number;
  female: number;
}

/** A condition's targets and how strongly it loads on the shared latent burden factor. */
export interface ConditionTarget {
  key: ConditionKey;
  bands: readonly AgeBand[];
  /** Coefficient on the latent burden z-score; larger means more clustering with other illness. */
  loading: number;
  source: string;
}

function b(minAge: number, male: number, female: number): AgeBand {
  return { minAge, male, female };
}

/** All condition targets, in a fixed order (the order in which the person model draws them). */
export const CONDITION_TARGETS: readonly ConditionTarget[] = [
  {
    key: 'hypertension',
    // NCHS Data Brief No. 289 (Fryar CD et al., 2017), "Hypertension prevalence and control among
    // adults: United States, 2015–2016", NHANES, BP >= 140/90 or taking medication; figure 2 (age by sex).
    bands: [b(0, 0, 0), b(18, 9.2, 5.6), b(40, 37.2, 29.4), b(60, 58.5, 66.8)],
    loading: 0.7,
    source: 'NCHS Data Brief 289 (NHANES 2015–2016)',
  },
  {
    key: 'diabetes',
    // CDC National Diabetes Statistics Report 2020, diagnosed diabetes by age (18–44 3.0%, 45–64 13.8%,
    // 65+ 21.4%); split by sex with the report's men:women ratio (~1.17). Type 2 assumed (~95%, ADA).
    bands: [b(0, 0, 0), b(18, 3.2, 2.8), b(45, 14.9, 12.7), b(65, 23.1, 19.7)],
    loading: 0.9,
    source: 'CDC National Diabetes Statistics Report 2020',
  },
  {
    key: 'heart-failure',
    // AHA Heart Disease and Stroke Statistics 2023 Update, chart "Prevalence of HF by sex and age"
    // (NHANES 2017–2020); approximate values read from the chart (20–39 band used from 18).
    bands: [b(0, 0, 0), b(18, 0.3, 0.2), b(40, 1.5, 1.2), b(60, 5.5, 3.8), b(80, 11.8, 10.9)],
    loading: 1.1,
    source: 'AHA Heart Disease & Stroke Statistics 2023',
  },
  {
    key: 'copd',
    // CDC, Wheaton AG et al., "Employment and activity limitations among adults with COPD — United
    // States, 2013", MMWR 2015;64(11):290–295 (BRFSS): by age, women:men ≈ 6.8:5.7.
    bands: [
      b(0, 0, 0),
      b(18, 2.9, 3.5),
      b(45, 6.1, 7.1),
      b(55, 8.8, 10.4),
      b(65, 11.0, 13.0),
      b(75, 10.7, 12.5),
    ],
    loading: 1.0,
    source: 'CDC MMWR 2015;64(11) (BRFSS 2013)',
  },
  {
    key: 'asthma',
    // CDC "Most Recent National Asthma Data" (NHIS 2021): current asthma, children ≈ 6.5%
    // (boys > girls), adults ≈ 8% (women ≈ 10%, men ≈ 6%).
    bands: [b(0, 7.0, 5.9), b(18, 5.9, 10.0)],
    loading: 0.5,
    source: 'CDC Most Recent National Asthma Data (NHIS 2021)',
  },
  {
    key: 'ckd',
    // CDC Chronic Kidney Disease Surveillance System / "CKD in the United States, 2023" (NHANES
    // 2017–March 2020): all-stage CKD 18–44 6%, 45–64 12%, 65+ 34%, women slightly more than men.
    // Modelled here is *coded* CKD stage 3–4, the stages that reach problem lists, which is most of
    // the 65+ share and a small part of the younger share.
    bands: [b(0, 0, 0), b(18, 0.8, 0.9), b(45, 4.0, 4.6), b(65, 12.0, 13.5), b(75, 28.0, 31.0)],
    loading: 1.0,
    source: 'CDC CKD Surveillance System (NHANES 2017–2020)',
  },
  {
    key: 'depression',
    // NIMH "Major Depression" statistics from SAMHSA NSDUH 2021: past-year major depressive episode,
    // 18–25 18.6%, 26–49 9.3%, 50+ 4.5%; women 10.3%, men 6.2% (ratio applied to each band).
    bands: [b(0, 0, 0), b(18, 14.0, 23.1), b(26, 7.0, 11.5), b(50, 3.4, 5.6)],
    loading: 0.8,
    source: 'NIMH / NSDUH 2021',
  },
  {
    key: 'anxiety',
    // NIMH "Generalized Anxiety Disorder" statistics (NCS-R): past-year GAD 2.7%; 18–29 2.0%,
    // 30–44 3.5%, 45–59 3.4%, 60+ 1.5%; women 3.4%, men 1.9% (ratio applied to each band).
    bands: [b(0, 0, 0), b(18, 1.4, 2.5), b(30, 2.5, 4.4), b(45, 2.4, 4.3), b(60, 1.1, 1.9)],
    loading: 0.6,
    source: 'NIMH GAD statistics (NCS-R)',
  },
  {
    key: 'dementia',
    // Alzheimer's Association, 2023 Alzheimer's Disease Facts and Figures: 65–74 5.0%, 75–84 13.1%,
    // 85+ 33.3%; women are almost two-thirds of cases (≈12% vs 9% of people 65+); younger-onset
    // dementia ≈ 0.1% of people under 65.
    bands: [b(0, 0, 0), b(45, 0.1, 0.1), b(65, 4.3, 5.6), b(75, 11.3, 14.7), b(85, 28.6, 37.3)],
    loading: 0.6,
    source: "Alzheimer's Association 2023 Facts and Figures",
  },
  {
    key: 'alcohol-use',
    // SAMHSA NSDUH 2019 (DSM-IV): past-year alcohol use disorder 18–25 ≈ 9.3%, 26+ ≈ 4.5%, men about
    // twice women; the 65+ band (≈1.5%) follows NESARC-III (Grant BF et al., JAMA Psychiatry 2015).
    bands: [b(0, 0, 0), b(18, 11.0, 7.5), b(26, 6.3, 3.2), b(65, 2.4, 1.0)],
    loading: 0.8,
    source: 'NSDUH 2019; NESARC-III',
  },
  {
    key: 'opioid-use',
    // SAMHSA NSDUH 2019: past-year opioid use disorder ≈ 0.6% of people 12+ (1.6 million), men ≈ 1.5×
    // women; lower after 65.
    bands: [b(0, 0, 0), b(18, 0.9, 0.5), b(65, 0.2, 0.15)],
    loading: 1.0,
    source: 'NSDUH 2019',
  },
  {
    key: 'breast-cancer',
    // NCI SEER 5-year limited-duration prevalence of female breast cancer by age (approximate).
    bands: [b(0, 0, 0), b(18, 0, 0.1), b(40, 0, 0.6), b(50, 0, 1.3), b(65, 0, 2.2), b(75, 0, 2.4)],
    loading: 0.3,
    source: 'NCI SEER 5-year limited-duration prevalence',
  },
  {
    key: 'prostate-cancer',
    // NCI SEER 5-year limited-duration prevalence of prostate cancer by age (approximate).
    bands: [b(0, 0, 0), b(50, 1.0, 0), b(65, 3.5, 0), b(75, 4.5, 0)],
    loading: 0.3,
    source: 'NCI SEER 5-year limited-duration prevalence',
  },
  {
    key: 'lung-cancer',
    // NCI SEER 5-year limited-duration prevalence of lung and bronchus cancer by age (approximate).
    bands: [b(0, 0, 0), b(45, 0.08, 0.09), b(65, 0.35, 0.33), b(75, 0.45, 0.38)],
    loading: 0.6,
    source: 'NCI SEER 5-year limited-duration prevalence',
  },
  {
    key: 'colorectal-cancer',
    // NCI SEER 5-year limited-duration prevalence of colorectal cancer by age (approximate).
    bands: [b(0, 0, 0), b(18, 0.04, 0.04), b(50, 0.18, 0.15), b(65, 0.4, 0.32), b(75, 0.6, 0.5)],
    loading: 0.3,
    source: 'NCI SEER 5-year limited-duration prevalence',
  },
];

const TARGETS_BY_KEY = new Map(CONDITION_TARGETS.map((t) => [t.key, t]));

/** Returns the band index that applies at `age` (bands are sorted by minAge). */
function bandIndex(target: ConditionTarget, age: number): number {
  let index = 0;
  target.bands.forEach((band, i) => {
    if (age >= band.minAge) {
      index = i;
    }
  });
  return index;
}

/** Target prevalence (a probability, 0–1) of `key` for a person of this age and sex. */
export function targetPrevalence(key: ConditionKey, age: number, sex: Sex): number {
  const target = TARGETS_BY_KEY.get(key);
  if (!target) {
    throw new Error(`Unknown condition ${key}`);
  }
  const band = target.bands[bandIndex(target, age)];
  if (!band) {
    return 0;
  }
  return (sex === 'male' ? band.male : band.female) / 100;
}

// Standard normal grid used to integrate over the latent factor (±6 sd, 121 points).
const GRID: { z: number; w: number }[] = (() => {
  const points: { z: number; w: number }[] = [];
  const step = 0.1;
  let total = 0;
  for (let i = -60; i <= 60; i++) {
    const z = i * step;
    const w = Math.exp(-0.5 * z * z);
    points.push({ z, w });
    total += w;
  }
  return points.map((p) => ({ z: p.z, w: p.w / total }));
})();

/**
 * Finds the intercept α with E_z[expit(α + loading·z)] = p for z ~ N(0,1). Adding a latent factor on
 * the logit scale lowers the marginal prevalence of rare conditions, so the intercept must be solved
 * for rather than set to logit(p).
 */
export function calibrateIntercept(p: number, loading: number): number {
  if (p <= 0) {
    return -Infinity;
  }
  if (p >= 1) {
    return Infinity;
  }
  let lo = -25;
  let hi = 25;
  for (let iter = 0; iter < 60; iter++) {
    const mid = (lo + hi) / 2;
    let mean = 0;
    for (const { z, w } of GRID) {
      mean += w * expit(mid + loading * z);
    }
    if (mean < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

const interceptCache = new Map<string, number>();

/** Probability that this person has `key`, given their latent burden z-score. */
export function conditionProbability(
  key: ConditionKey,
  age: number,
  sex: Sex,
  latent: number,
): number {
  const target = TARGETS_BY_KEY.get(key);
  if (!target) {
    throw new Error(`Unknown condition ${key}`);
  }
  const bi = bandIndex(target, age);
  const cacheKey = `${key}|${bi}|${sex}`;
  let alpha = interceptCache.get(cacheKey);
  if (alpha === undefined) {
    alpha = calibrateIntercept(targetPrevalence(key, age, sex), target.loading);
    interceptCache.set(cacheKey, alpha);
  }
  if (alpha === -Infinity) {
    return 0;
  }
  return clamp(expit(alpha + target.loading * latent), 0, 1);
}

/** A social need screened by the AHC-HRSN tool. */
export type SocialNeedKey = 'food' | 'housing' | 'transport' | 'utilities' | 'safety';

/**
 * Share of screened adults with each need, and the loading on area deprivation. Approximate,
 * rounded positive-screen rates among Medicare and Medicaid beneficiaries screened with the AHC tool
 * (CMS Accountable Health Communities Model, first and second evaluation reports, RTI International
 * 2020/2021): ≈ one in three had at least one core need, food and housing the most common, safety the
 * least. Screening tool: Billioux A et al., NAM Perspectives 2017, doi:10.31478/201705b.
 */
export const SOCIAL_NEED_TARGETS: Readonly<
  Record<SocialNeedKey, { rate: number; loading: number }>
> = {
  food: { rate: 0.18, loading: 1.1 },
  housing: { rate: 0.1, loading: 1.1 },
  transport: { rate: 0.09, loading: 0.9 },
  utilities: { rate: 0.08, loading: 0.9 },
  safety: { rate: 0.03, loading: 0.6 },
};

const needIntercepts = new Map<SocialNeedKey, number>();

/** Probability of a social need for an adult with this deprivation z-score. */
export function socialNeedProbability(key: SocialNeedKey, deprivation: number): number {
  const target = SOCIAL_NEED_TARGETS[key];
  let alpha = needIntercepts.get(key);
  if (alpha === undefined) {
    alpha = calibrateIntercept(target.rate, target.loading);
    needIntercepts.set(key, alpha);
  }
  return expit(alpha + target.loading * deprivation);
}
