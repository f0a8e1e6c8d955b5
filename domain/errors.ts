/**
 * The few kinds of refusal the product knows. Workflows throw them as ApplicationFailure with
 * the kind as its type; the API maps the kind to an HTTP status in one place.
 */
export const ERROR_STATUS = {
  validation: 422,
  conflict: 409,
  forbidden: 403,
  not_found: 404,
  unauthorized: 401,
  too_many_requests: 429,
  unavailable: 503,
} as const;
export type ErrorKind = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Field → reason, shown inline by react-admin forms. */
    readonly errors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isErrorKind = (value: unknown): value is ErrorKind => typeof value === 'string' && value in ERROR_STATUS;
