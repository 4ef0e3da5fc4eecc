/**
 * A problem the person can fix (bad option, unknown id, missing permission). Its message is shown
 * to them as is, ephemerally; anything else is an unexpected error and is shown only as an error id.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
