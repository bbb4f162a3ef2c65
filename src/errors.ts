/** Operational errors: context first, cause in parentheses. Each has a code that the CLI maps to exit code 2. */
export abstract class DbrefError extends Error {
  abstract readonly code: string;
}

/** A database could not be reached or read (the message never contains a password). */
export class ConnectionError extends DbrefError {
  readonly code = 'connection';
}

/** Introspection queries failed after connecting. */
export class IntrospectionError extends DbrefError {
  readonly code = 'introspection';
}

/** A schema source (path, file, snapshot) is missing or unreadable. */
export class SourceError extends DbrefError {
  readonly code = 'source';
}

export class ConfigError extends DbrefError {
  readonly code = 'config';
}

export class UsageError extends DbrefError {
  readonly code = 'usage';
}

export function isDbrefError(error: unknown): error is DbrefError {
  return error instanceof DbrefError;
}
