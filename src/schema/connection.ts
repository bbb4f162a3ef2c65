import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { ConnectionError } from '../errors.js';
import { maskUrl } from '../util/mask.js';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full' | 'no-verify';

const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

export interface ConnectOptions {
  /** Give up connecting after this long (default 10 s). */
  connectionTimeoutMillis?: number;
  applicationName?: string;
}

export interface ParsedConnection {
  config: pg.ClientConfig;
  sslMode: SslMode | null;
  /** The URL for messages, password masked. */
  masked: string;
}

/**
 * A connection URL for messages with every form of password hidden: the userinfo password (up to the last `@`, so a
 * password with an unencoded `@` or `/` is hidden whole) and a `password=` query parameter.
 */
export function maskConnectionUrl(url: string): string {
  let text = url;
  const scheme = text.indexOf('://');
  if (scheme >= 0) {
    const at = text.lastIndexOf('@');
    const colon = text.indexOf(':', scheme + 3);
    if (at > scheme && colon > scheme && colon < at) text = `${text.slice(0, colon + 1)}***${text.slice(at)}`;
  }
  text = text.replace(/([?&]password=)[^&#]*/gi, '$1***');
  return maskUrl(text);
}

/** Parses a postgres:// or postgresql:// URL following libpq conventions (sslmode included); throws ConnectionError. */
export function parseConnectionUrl(url: string): ParsedConnection {
  const masked = maskConnectionUrl(url);
  const invalid = (reason: string) => new ConnectionError(`invalid connection URL ${masked} (${reason})`);
  const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (protocol !== 'postgres' && protocol !== 'postgresql') {
    throw invalid(protocol ? `unsupported scheme "${protocol}:", expected postgres:// or postgresql://` : 'expected postgres:// or postgresql://');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('not a valid URL');
  }
  if (parsed.port !== '' && !/^\d+$/.test(parsed.port)) throw invalid(`bad port "${parsed.port}"`);
  const sslParam = parsed.searchParams.get('sslmode');
  if (sslParam !== null && !SSL_MODES.includes(sslParam as SslMode)) {
    throw invalid(`unknown sslmode "${sslParam}", expected one of ${SSL_MODES.join(', ')}`);
  }
  const sslMode = sslParam as SslMode | null;

  // libpq semantics (require encrypts without verifying); `no-verify` is pg's extension for hosted providers.
  const libpqUrl = sslMode === 'no-verify' || sslMode === 'allow' ? withoutParam(url, 'sslmode') : url;
  let options: ReturnType<typeof parseConnectionString>;
  try {
    options = parseConnectionString(libpqUrl, { useLibpqCompat: true });
  } catch (error) {
    throw invalid(describeParseError(error));
  }
  const config: pg.ClientConfig = {
    user: options.user || undefined,
    password: options.password || undefined,
    host: options.host || undefined,
    port: options.port ? Number(options.port) : undefined,
    database: options.database || undefined,
  };
  if (sslMode === 'no-verify') config.ssl = { rejectUnauthorized: false };
  else if (sslMode === 'allow' || sslMode === 'disable') config.ssl = false;
  else if (options.ssl !== undefined) config.ssl = options.ssl as pg.ClientConfig['ssl'];
  if (options.application_name) config.application_name = options.application_name;
  if (options.options) config.options = options.options;
  return { config, sslMode, masked };
}

function withoutParam(url: string, name: string): string {
  return url.replace(new RegExp(`([?&])${name}=[^&#]*&?`, 'i'), '$1').replace(/[?&]$/, '');
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/verify-ca requires/i.test(message)) return 'sslmode=verify-ca requires sslrootcert';
  if (/ENOENT/.test(message)) return 'an ssl certificate file does not exist';
  return message.split('\n')[0] ?? 'unreadable';
}

/** Connects a pg Client; every failure becomes one ConnectionError line with the password masked. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const { config, sslMode, masked } = parseConnectionUrl(url);
  const password = typeof config.password === 'string' ? config.password : undefined;
  const base: pg.ClientConfig = {
    ...config,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    application_name: config.application_name ?? options.applicationName ?? 'dbref',
  };
  try {
    return await open(base);
  } catch (error) {
    // libpq's prefer: try TLS, fall back to a plain connection when the server has none.
    if (sslMode === 'prefer' && /does not support SSL/i.test(errorMessage(error))) {
      try {
        return await open({ ...base, ssl: false });
      } catch (retryError) {
        throw connectionError(masked, retryError, password);
      }
    }
    throw connectionError(masked, error, password);
  }
}

async function open(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The short cause of a failed connection, as one line: `connection refused`, `host not found`, the server's text. */
export function describeConnectionError(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: unknown[] };
  // Node reports a host with several addresses (localhost → ::1, 127.0.0.1) as an AggregateError.
  if (Array.isArray(err.errors) && err.errors.length > 0 && !err.code) return describeConnectionError(err.errors[0]);
  const message = errorMessage(error);
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'ENOENT':
      return 'no server socket at that path';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `${message}; use sslmode=no-verify to skip certificate verification`;
  }
  if (/connection timeout|timeout expired/i.test(message)) return 'timed out';
  if (/does not support SSL/i.test(message)) return 'the server does not support SSL; use sslmode=disable or prefer';
  return message.split('\n')[0] || 'unknown error';
}

function connectionError(masked: string, error: unknown, password: string | undefined): ConnectionError {
  let reason = describeConnectionError(error);
  if (password) reason = reason.split(password).join('***');
  return new ConnectionError(`cannot connect to ${masked} (${maskConnectionUrl(reason)})`);
}
