/**
 * The person's own portal (`/api/me/…`): what a patient, or a family caregiver with a proxy
 * grant, sees and changes of the patient's record. Every answer names whose record it is.
 */

/** Domain error codes of the portal (in `OperationOutcome.issue.details.coding`). */
export const PortalError = {
  /** The caller is not a patient or a caregiver with a proxy grant (403). */
  NOT_A_PERSON: 'portal-not-a-person',
  /** The person has not shared this part of their record with the caregiver (403). */
  NOT_SHARED: 'portal-not-shared',
  /** Only the person themself may do this (a caregiver may look, not change) (403). */
  PERSON_ONLY: 'portal-person-only',
  /** The activity is not one of the person's own (422). */
  NOT_MY_ACTIVITY: 'portal-not-my-activity',
  /** The person has no active care plan yet (422). */
  NO_PLAN: 'portal-no-plan',
  /** The organisation is not one the consent screen offers (422). */
  UNKNOWN_ORGANISATION: 'portal-unknown-organisation',
} as const;

/** The parts of the portal, each of which a caregiver sees only if the person shared it. */
export const PORTAL_SECTIONS = [
  'plan',
  'team',
  'messages',
  'questionnaires',
  'referrals',
  'consent',
  'access-log',
] as const;
export type PortalSection = (typeof PORTAL_SECTIONS)[number];

/** `GET /api/me`: who is looking, and whose record it is. */
export interface PortalHome {
  viewer: {
    kind: 'patient' | 'caregiver';
    /** `Patient/…` or `RelatedPerson/…`. */
    reference: string;
    name?: string;
    /** A caregiver's relationship to the person, in words ("daughter"). */
    relationship?: string;
  };
  /** Whose record this is. */
  person: { id: string; name: string; birthDate?: string };
  /** The sections the viewer may open (a patient: all; a caregiver: what the person shared). */
  sections: PortalSection[];
}

/** A comment on a goal (a `Goal.note`). */
export interface PortalComment {
  text: string;
  at?: string;
  by?: string;
  /** Written by the person (or their caregiver) rather than the team. */
  mine: boolean;
}

/** A goal as the portal shows it, in plain words. */
export interface PortalGoal {
  id: string;
  version?: string;
  text: string;
  /** The person said it in their own words ("what matters to me"). */
  inMyWords: boolean;
  /** The person's own ranking (1 = matters most). */
  rank?: number;
  domain: string;
  /** Plain words for where the goal stands, e.g. "Getting better". */
  progress: string;
  achieved: boolean;
  dueDate?: string;
  comments: PortalComment[];
}

/** A plan activity as the portal shows it. */
export interface PortalActivity {
  /** `Task/…` or `ServiceRequest/…`. */
  reference: string;
  title: string;
  /** Who will do it: "You", a team member's name, or an organisation. */
  who: string;
  mine: boolean;
  done: boolean;
  /** Plain words for the status, e.g. "Not started", "Done". */
  status: string;
  due?: string;
  overdue: boolean;
  /** The goal it serves. */
  goal?: string;
}

/** `GET /api/me/plan` (and the answer of every plan change from the portal). */
export interface PortalPlan {
  plan?: {
    id: string;
    title: string;
    version?: string;
    lastReviewed?: string;
    nextReview?: string;
  };
  goals: PortalGoal[];
  /** What I will do. */
  mine: PortalActivity[];
  /** What each team member will do. */
  team: PortalActivity[];
  progress: { goals: number; goalsAchieved: number; activities: number; activitiesDone: number };
}

/** `GET /api/me/team`: one member of the person's care team. */
export interface PortalTeamMember {
  reference: string;
  name: string;
  /** The role in words ("Care coordinator"). */
  role?: string;
  organisation?: string;
  /** How to reach them (phone, email) from the directory. */
  contact: { system: string; value: string }[];
  /** The care coordinator of record. */
  coordinator: boolean;
}

/** `GET /api/me/team`. */
export interface PortalTeam {
  members: PortalTeamMember[];
}

/** A message of a portal thread, with who has read it. */
export interface PortalMessage {
  id: string;
  text: string;
  sent?: string;
  from: string;
  mine: boolean;
  /** Team members who have read it (their read marker is at or after it). */
  readBy: { name: string; at: string }[];
}

/** A thread as the portal lists it. */
export interface PortalThread {
  id: string;
  topic: string;
  lastMessageAt?: string;
  lastMessage?: string;
  messages: number;
  unread: number;
}

/** `GET /api/me/messages`. */
export interface PortalThreads {
  threads: PortalThread[];
}

/** `GET /api/me/messages/{id}`. */
export interface PortalThreadDetail {
  thread: PortalThread;
  messages: PortalMessage[];
}

/** A questionnaire the team asked the person to fill in. */
export interface PortalAssignment {
  /** `Task/…`. */
  task: string;
  instrument: string;
  title: string;
  due?: string;
  overdue: boolean;
  askedBy?: string;
}

/** One result of a questionnaire, explained in plain words. */
export interface PortalResult {
  date: string;
  score: number;
  /** e.g. "moderate". */
  band?: string;
  /** e.g. "Your answers suggest moderate symptoms of depression." */
  words: string;
}

/** `GET /api/me/questionnaires`. */
export interface PortalQuestionnaires {
  assigned: PortalAssignment[];
  /** Every questionnaire the person may fill in: PHQ-9, GAD-7 and social needs. */
  available: { instrument: string; title: string; questionnaire: string; about: string }[];
  results: { instrument: string; title: string; results: PortalResult[]; trend?: string }[];
}

/** `GET /api/me/referrals`. */
export interface PortalReferrals {
  referrals: {
    reference: string;
    what: string;
    to?: string;
    /** Plain words: "Sent", "Accepted", "Done". */
    status: string;
    requested?: string;
    outcome?: string;
  }[];
  appointments: {
    reference: string;
    what: string;
    start?: string;
    end?: string;
    where?: string;
    with: string[];
    status: string;
  }[];
}

/** The sensitive categories the person decides about, per organisation. */
export const CONSENT_CATEGORIES = ['mental-health', 'substance-use', 'hiv', 'violence'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

/** What one organisation may see under the person's consent. */
export interface ConsentChoice {
  /** Shares the general record (written by other organisations) with this organisation. */
  shares: boolean;
  categories: Record<ConsentCategory, boolean>;
}

/** One row of the consent screen. */
export interface ConsentOrganization extends ConsentChoice {
  id: string;
  name: string;
  /** Why the organisation is listed ("on your care team", "you were seen there"). */
  why?: string;
}

/** `GET /api/me/consent`. */
export interface PortalConsent {
  /** The Consent in force (absent when the person never gave one). */
  consent?: { id: string; version?: string; updated?: string };
  organisations: ConsentOrganization[];
  /** Every other organisation of the network. */
  everyoneElse: ConsentChoice;
  /** Family and friends the person gave access to, and what they see. */
  caregivers: { reference: string; name: string; sees: string[] }[];
  /** Earlier versions, newest first. */
  history: { version: string; at?: string }[];
}

/** `PUT /api/me/consent` (with `If-Match` of the consent version). */
export interface ConsentUpdate {
  organisations: ({ id: string } & ConsentChoice)[];
  everyoneElse?: ConsentChoice;
}

/** One line of "Who looked at my record". */
export interface AccessLogRow {
  at: string;
  who: string;
  role?: string;
  organisation?: string;
  /** What they did, in words ("looked at your care plan"). */
  what: string;
  breakTheGlass: boolean;
  /** The reason given for break-the-glass. */
  reason?: string;
}

/** `GET /api/me/access-log`. */
export interface PortalAccessLog {
  entries: AccessLogRow[];
}

/** `POST /api/me/priorities`: what matters to me, in my words. */
export interface PortalPriorityRequest {
  text: string;
  /** A life domain the priority belongs to (e.g. "health", "home"). */
  domain?: string;
}

/** `POST /api/me/goals/{id}/comments`. */
export interface PortalCommentRequest {
  text: string;
}

/** `POST /api/me/activities/{id}/done`. */
export interface PortalActivityDoneRequest {
  note?: string;
}

/**
 * `POST /api/me/messages` (a new thread: `topic` and `text`) and `POST /api/me/messages/{id}`
 * (a reply: `text` only, the thread is in the path).
 */
export interface PortalMessageRequest {
  topic?: string;
  text: string;
}

/** The answer to a portal message: the thread it went to and the new message's id. */
export interface PortalMessageSent {
  thread: string;
  message: string;
}

/** `POST /api/me/questionnaires/{instrument}`'s answer. */
export interface PortalQuestionnaireSubmitted {
  /** `QuestionnaireResponse/…`. */
  response: string;
  /** The answers raised a safety concern (e.g. PHQ-9 item 9 above 0): the team was told. */
  safety: boolean;
}
