/** A referral's status in the words both sides read. */
export const STATUS_WORDS: Readonly<Record<string, string>> = {
  requested: 'New',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  completed: 'Completed',
  rejected: 'Declined',
  failed: 'Could not be done',
  cancelled: 'Cancelled by the referrer',
  'entered-in-error': 'Entered in error',
};
