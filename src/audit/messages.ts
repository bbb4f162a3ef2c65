import type { QualifiedName } from '../types.js';

export type MissingKind = 'relation' | 'column' | 'function' | 'not-null';

/** What an error message says is missing, before it is tied to a log line. */
export interface MissingObject {
  kind: MissingKind;
  /** The relation (relation, column, not-null) or the function (function), as the message names it. */
  object: QualifiedName;
  column?: string;
  /** Function errors: the argument list as the message gives it (`uuid, text`, `org_id`). */
  args?: string;
  /** The SQLSTATE or PostgREST code the message implies, when the text alone tells. */
  impliedCode?: string;
  /** The words of the message that said so. */
  text: string;
}

/** `public.x` → { schema: 'public', name: 'x' }; `"My Table"` keeps its case; `x` → { schema: null, name: 'x' }. */
export function splitQualified(text: string): QualifiedName {
  const parts: string[] = [];
  for (const m of text.trim().matchAll(/"((?:[^"]|"")*)"|([^."]+)/g)) parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.trim());
  if (parts.length >= 2) return { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
  return { schema: null, name: parts[0] ?? text };
}

type Classifier = (m: RegExpExecArray) => Omit<MissingObject, 'text'>;

/**
 * The messages PostgreSQL, PostgREST and ORMs print for missing objects, most specific first. Each applies to text
 * anywhere in a line, so the same table serves server logs, JSON payloads and application output.
 */
const PATTERNS: [RegExp, Classifier][] = [
  [
    /null value in column "((?:[^"]|"")+)" of relation "((?:[^"]|"")+)" violates not-null constraint/,
    (m) => ({ kind: 'not-null', object: splitQualified(m[2]!), column: m[1]!, impliedCode: '23502' }),
  ],
  [
    /null value in column "((?:[^"]|"")+)" violates not-null constraint/,
    (m) => ({ kind: 'not-null', object: { schema: null, name: '' }, column: m[1]!, impliedCode: '23502' }),
  ],
  [
    /column "((?:[^"]|"")+)" of relation "((?:[^"]|"")+)" does not exist/,
    (m) => ({ kind: 'column', object: splitQualified(m[2]!), column: m[1]!, impliedCode: '42703' }),
  ],
  [
    /column "?([\w$]+)"?\."?([\w$]+)"? does not exist/,
    (m) => ({ kind: 'column', object: { schema: null, name: m[1]! }, column: m[2]!, impliedCode: '42703' }),
  ],
  [/column "((?:[^"]|"")+)" does not exist/, (m) => ({ kind: 'column', object: { schema: null, name: '' }, column: m[1]!, impliedCode: '42703' })],
  [/relation "((?:[^"]|"")+)" does not exist/, (m) => ({ kind: 'relation', object: splitQualified(m[1]!), impliedCode: '42P01' })],
  [
    /(?:function|procedure) ([\w$."]+)\(([^)]*)\) does not exist/,
    (m) => ({ kind: 'function', object: splitQualified(m[1]!), args: m[2]!.trim(), impliedCode: '42883' }),
  ],
  // Servers with lc_messages in German, French or Spanish.
  [/Spalte »([^«]+)« von Relation »([^«]+)« existiert nicht/, (m) => ({ kind: 'column', object: splitQualified(m[2]!), column: m[1]!, impliedCode: '42703' })],
  [/Spalte »([^«]+)« existiert nicht/, (m) => ({ kind: 'column', object: { schema: null, name: '' }, column: m[1]!, impliedCode: '42703' })],
  [/Relation »([^«]+)« existiert nicht/, (m) => ({ kind: 'relation', object: splitQualified(m[1]!), impliedCode: '42P01' })],
  [/la colonne « ([^»]+) » de la relation « ([^»]+) » n'existe pas/, (m) => ({ kind: 'column', object: splitQualified(m[2]!), column: m[1]!, impliedCode: '42703' })],
  [/la colonne « ([^»]+) » n'existe pas/, (m) => ({ kind: 'column', object: { schema: null, name: '' }, column: m[1]!, impliedCode: '42703' })],
  [/la relation « ([^»]+) » n'existe pas/, (m) => ({ kind: 'relation', object: splitQualified(m[1]!), impliedCode: '42P01' })],
  [/no existe la columna «([^»]+)» en la relación «([^»]+)»/, (m) => ({ kind: 'column', object: splitQualified(m[2]!), column: m[1]!, impliedCode: '42703' })],
  [/no existe la columna «([^»]+)»/, (m) => ({ kind: 'column', object: { schema: null, name: '' }, column: m[1]!, impliedCode: '42703' })],
  [/no existe la relación «([^»]+)»/, (m) => ({ kind: 'relation', object: splitQualified(m[1]!), impliedCode: '42P01' })],
  // PostgREST 12+: PGRST205, PGRST202, PGRST204.
  [/Could not find the table '([^']+)' in the schema cache/, (m) => ({ kind: 'relation', object: splitQualified(m[1]!), impliedCode: 'PGRST205' })],
  [
    /Could not find the function ([\w$."]+)\(([^)]*)\) in the schema cache/,
    (m) => ({ kind: 'function', object: splitQualified(m[1]!), args: m[2]!.trim(), impliedCode: 'PGRST202' }),
  ],
  [
    /Could not find the function ([\w$."]+) without parameters in the schema cache/,
    (m) => ({ kind: 'function', object: splitQualified(m[1]!), args: '', impliedCode: 'PGRST202' }),
  ],
  // PostgREST 10/11 wording.
  [
    /Could not find the ([\w$."]+)\(([^)]*)\) function in the schema cache/,
    (m) => ({ kind: 'function', object: splitQualified(m[1]!), args: m[2]!.trim(), impliedCode: 'PGRST202' }),
  ],
  [
    /Could not find the '([^']+)' column of '([^']+)' in the schema cache/,
    (m) => ({ kind: 'column', object: splitQualified(m[2]!), column: m[1]!, impliedCode: 'PGRST204' }),
  ],
  // Prisma P2021 / P2022.
  [/The table `([^`]+)` does not exist in the current database/, (m) => ({ kind: 'relation', object: splitQualified(m[1]!), impliedCode: 'P2021' })],
  [
    /The column `([^`]+)` does not exist in the current database/,
    (m) => {
      const q = splitQualified(m[1]!);
      return q.schema === null
        ? { kind: 'column', object: { schema: null, name: '' }, column: q.name, impliedCode: 'P2022' }
        : { kind: 'column', object: { schema: null, name: q.schema }, column: q.name, impliedCode: 'P2022' };
    },
  ],
];

/** The missing object an error message names, or undefined when the message is about something else. */
export function classifyMessage(message: string): MissingObject | undefined {
  for (const [re, classify] of PATTERNS) {
    const m = re.exec(message);
    if (m) return { ...classify(m), text: m[0] };
  }
  return undefined;
}

/** The `pattern` text of a message, for the cheap test before JSON parsing: any of the phrases above. */
export const MESSAGE_HINT = /does not exist|violates not-null constraint|in the schema cache|in the current database|existiert nicht|n'existe pas|no existe/;
