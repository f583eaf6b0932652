/** The patient's team message threads (being built: issue 7). */
export function MessagesPanel(_props: { patientId: string }) {
  return null;
}
