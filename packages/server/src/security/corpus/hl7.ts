import type { CorpusCase } from './case.js';

/**
 * Malformed HL7 v2 messages and MLLP frames belong here (wrong segment separators, missing MSH,
 * truncated frames, a start block without an end block, oversized frames, unknown encoding
 * characters), each answered with an AE/AR ACK and no write. The server has no HL7 v2 endpoint
 * or MLLP listener yet, so there is nothing to send them to: when one lands, its cases go in this
 * list and the runner sends them over the listener's socket.
 */
export function hl7Cases(): CorpusCase[] {
  return [];
}
