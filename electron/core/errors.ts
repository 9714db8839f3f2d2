import type { ErrorCode, FieldIssue } from '../api/result.js';

/** A failure core expects and can name; the dispatcher turns it into an error value with this message. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
