import { type ErrorCode, type ErrorParams, plainWording, wordError } from './render/errors.ts';

export type { ErrorCode, ErrorParams, PermissionAction } from './render/errors.ts';

/** A code's params argument: optional for the codes whose sentence needs none. */
type ParamsArg<C extends ErrorCode> = undefined extends ErrorParams<C> ? [params?: ErrorParams<C>] : [params: ErrorParams<C>];

/**
 * A problem the person can fix (bad option, unknown id, missing permission), as a code and its
 * params (Sapphire's UserError identifier and context). The edge words it for its screen (see
 * src/render/errors.ts) and shows it ephemerally; anything else is an unexpected error, shown only as
 * an error id. Decide on `code`, never on `message`: the message is the plain wording, for logs.
 */
export class UserError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly params: ErrorParams<C>;

  constructor(code: C, ...[params]: ParamsArg<C>) {
    super(wordError({ code, params: params as ErrorParams<C> }, plainWording));
    this.name = 'UserError';
    this.code = code;
    this.params = params as ErrorParams<C>;
  }
}
