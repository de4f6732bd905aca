/**
 * A failure the user can fix (a setting, the org's answer, a declaration), as opposed to a bug.
 * It carries no JavaScript trace: the dynamic-provider host logs `${e}: ${e.stack}` for every
 * error a method throws, so an expected error prints its message once, and a bug still shows
 * where it happened.
 */
export class ExpectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    this.stack = "";
  }
}
