/** The identity provider refused the credentials or the refresh token: the user must sign in again. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    /** The OAuth error code, e.g. `invalid_grant`. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** The identity provider could not be reached or answered something unusable; worth retrying. */
export class TransientAuthError extends Error {
  override readonly name = 'TransientAuthError';
}
