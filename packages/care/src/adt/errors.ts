/**
 * A message that is HL7 but cannot be applied (ACK `AE`): the reason in words, where in the
 * message (ERR-2 error location, `SEG^seq^field`), and the HL7 table 0357 error code (100
 * segment sequence error, 101 required field missing, 200 unsupported message type, 201
 * unsupported event code, 203 unsupported version id, 204 unknown key identifier, 207
 * application internal error).
 */
export class AdtError extends Error {
  constructor(
    message: string,
    readonly location: string,
    readonly code: '100' | '101' | '102' | '200' | '201' | '203' | '204' | '207',
  ) {
    super(message);
    this.name = 'AdtError';
  }
}
