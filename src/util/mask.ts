const URL_WITH_PASSWORD = /\b(postgres(?:ql)?:\/\/[^:/@\s]*:)([^@\s]*)(@)/gi;

/** Replaces the password of every connection URL in a text with `***`. */
export function maskPasswords(text: string): string {
  return text.replace(URL_WITH_PASSWORD, '$1***$3');
}

/** A connection URL for messages: password masked, query string kept (sslmode matters when debugging). */
export function maskUrl(url: string): string {
  return maskPasswords(url);
}
