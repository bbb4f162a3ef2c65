import picomatch from 'picomatch';
import { DOCS_BASE } from './extractor.js';
import { resolveEmbeds } from './embeds.js';
import { fingerprint } from './fingerprint.js';
import { SchemaIndex } from './schema/index.js';
import type { Declaration, Finding, Location, QualifiedName, Reference, SchemaSnapshot, Severity } from './types.js';

export type SeveritySetting = Severity | 'off';
type TemplateData = Record<string, string | number>;

export interface CheckMeta<M extends string, H extends string> {
  /** kebab-case, names the problem (`missing-column`), never reused. */
  id: string;
  description: string;
  defaultSeverity: SeveritySetting;
  /** Message templates by id: one sentence, names in double quotes, `{{placeholders}}` filled from `data`. */
  messages: Record<M, string>;
  /** Help templates by id: the remedy or a nearest-name suggestion. */
  help?: Record<H, string>;
  /** Needs every reference of the project (orphan checks): skipped by `--staged`/`--changed` unless `--all-rules`. */
  wholeProject?: boolean;
}

export interface ReportDescriptor<M extends string, H extends string> {
  messageId: M;
  data?: TemplateData;
  helpId?: H;
  helpData?: TemplateData;
  /** The reference the finding is about; supplies location, relation and column unless given. */
  reference?: Reference;
  relation?: QualifiedName;
  column?: string;
  location?: Location;
  related?: Location[];
}

export interface CheckContext<M extends string, H extends string> {
  /** Static references (exact or inferred), without ignored relations. Dynamic ones never reach a check. */
  references: readonly Reference[];
  declarations: readonly Declaration[];
  schema: SchemaIndex;
  options: Readonly<Record<string, unknown>>;
  report(descriptor: ReportDescriptor<M, H>): void;
}

export interface Check<M extends string = string, H extends string = string> {
  meta: CheckMeta<M, H> & { docsUrl: string };
  check(ctx: CheckContext<M, H>): void;
}

/** Defines a check; `messageId`/`helpId` are typed from `meta.messages`/`meta.help`, so a typo fails `tsc`. */
export function defineCheck<const M extends string, const H extends string = never>(definition: {
  meta: CheckMeta<M, H>;
  check(ctx: CheckContext<M, H>): void;
}): Check<M, H> {
  return { meta: { ...definition.meta, docsUrl: `${DOCS_BASE}/${definition.meta.id}.md` }, check: definition.check };
}

// eslint-style bivariance: any Check can be run by runChecks.
export type AnyCheck = Check<any, any>;

/** `{{name}}` → data.name; a placeholder without data stays as written so the gap is visible. */
export function fillTemplate(template: string, data: TemplateData = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}

export interface RunChecksOptions {
  references: readonly Reference[];
  declarations: readonly Declaration[];
  snapshot: SchemaSnapshot;
  /** Per-check severity overrides; `off` disables a check. */
  severities?: Record<string, SeveritySetting>;
  /** Relation globs never checked or reported: `audit_*` (any schema), `archive.*` (schema-qualified). */
  ignoreRelations?: string[];
  /** Schema globs never checked or reported. */
  ignoreSchemas?: string[];
  searchPath?: string[];
  /** Per-check options, by check id. */
  options?: Record<string, Record<string, unknown>>;
  /** Skip checks with `meta.wholeProject` (used by `--staged` / `--changed`). */
  skipWholeProject?: boolean;
  /** Filled with the milliseconds each check took (`--performance`). */
  timings?: Record<string, number>;
}

/** References that are never judged: their names could not be computed statically. */
export function isUnchecked(reference: Reference): boolean {
  return reference.confidence === 'dynamic';
}

/** Runs the checks over the whole project and returns findings sorted by file, line, column, rule. */
export function runChecks(checks: readonly AnyCheck[], input: RunChecksOptions): Finding[] {
  const schema = new SchemaIndex(input.snapshot, input.searchPath ? { searchPath: input.searchPath } : {});
  const ignored = ignoreMatcher(schema, input.ignoreRelations ?? [], input.ignoreSchemas ?? []);
  const references = resolveEmbeds(input.references, schema).filter((r) => !isUnchecked(r) && !ignored.reference(r));
  const declarations = input.declarations.filter(
    (d) => d.confidence !== 'dynamic' && !ignored.name(d.relation, false),
  );
  const findings: Finding[] = [];

  for (const check of checks) {
    const severity = input.severities?.[check.meta.id] ?? check.meta.defaultSeverity;
    if (severity === 'off') continue;
    if (input.skipWholeProject && check.meta.wholeProject) continue;
    const started = performance.now();
    check.check({
      references,
      declarations,
      schema,
      options: input.options?.[check.meta.id] ?? {},
      report(d) {
        const template: string = check.meta.messages[d.messageId] ?? d.messageId;
        const helpTemplate = d.helpId !== undefined ? check.meta.help?.[d.helpId] : undefined;
        const location = d.location ?? d.reference?.location;
        const relation = concreteRelation(schema, d.relation ?? d.reference?.relation, d.reference);
        const column = d.column ?? d.reference?.column;
        const message = fillTemplate(template, d.data);
        const finding: Finding = {
          ruleId: check.meta.id,
          messageId: d.messageId,
          message,
          severity,
          fingerprint: fingerprint({ ruleId: check.meta.id, relation, column, file: location?.file, text: d.reference?.written ?? message }),
        };
        if (helpTemplate !== undefined) finding.help = fillTemplate(helpTemplate, d.helpData ?? d.data);
        if (location) finding.location = location;
        if (relation) finding.relation = relation;
        if (column !== undefined) finding.column = column;
        if (d.reference) finding.reference = d.reference;
        if (d.related?.length) finding.related = d.related;
        if (relation && d.reference?.kind !== 'function' && ignored.name(relation, d.reference?.quoted ?? true)) return;
        findings.push(finding);
      },
    });
    if (input.timings) input.timings[`check:${check.meta.id}`] = performance.now() - started;
  }
  return disambiguateFingerprints(sortFindings(findings));
}

/**
 * The relation a finding names, schema-qualified: the relation the name resolves to, or the first schema of the search
 * path (where the code's unqualified name would have to be created). Function names are left as written.
 */
function concreteRelation(schema: SchemaIndex, name: QualifiedName | undefined, reference: Reference | undefined): QualifiedName | undefined {
  if (!name || name.schema !== null || reference?.kind === 'function') return name;
  // Without a reference the name comes from a model declaration: as the ORM writes it, which it quotes.
  const quoted = reference ? (reference.quoted ?? false) : true;
  const resolved = schema.resolveRelation(name, quoted);
  return resolved ? { schema: resolved.schema, name: resolved.name } : { schema: schema.searchPath[0] ?? 'public', name: quoted ? name.name : name.name.toLowerCase() };
}

export function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) {
    if (la !== lb && (!la || !lb)) return la ? -1 : 1;
    const ra = a.relation ? `${a.relation.schema ?? ''}.${a.relation.name}` : '';
    const rb = b.relation ? `${b.relation.schema ?? ''}.${b.relation.name}` : '';
    return cmp(ra, rb) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
  }
  return (
    cmp(la.file, lb.file) ||
    la.line - lb.line ||
    la.column - lb.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Identical findings in one file (the same missing column used twice) get distinct, order-based fingerprints. */
function disambiguateFingerprints(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = fingerprint({ ruleId: f.ruleId, text: f.fingerprint }, n);
  }
  return findings;
}

function ignoreMatcher(schema: SchemaIndex, relationGlobs: string[], schemaGlobs: string[]) {
  const qualified = relationGlobs.filter((g) => g.includes('.'));
  const bare = relationGlobs.filter((g) => !g.includes('.'));
  const isQualified = qualified.length ? picomatch(qualified) : () => false;
  const isBare = bare.length ? picomatch(bare) : () => false;
  const isSchema = schemaGlobs.length ? picomatch(schemaGlobs) : () => false;
  const name = (q: QualifiedName, quoted: boolean): boolean => {
    if (!relationGlobs.length && !schemaGlobs.length) return false;
    const resolved = schema.resolveRelation(q, quoted);
    const s = resolved?.schema ?? q.schema ?? schema.searchPath[0]!;
    const n = resolved?.name ?? (quoted ? q.name : q.name.toLowerCase());
    return isSchema(s) || isBare(n) || isQualified(`${s}.${n}`);
  };
  return {
    name,
    reference: (r: Reference): boolean => r.kind !== 'function' && name(r.relation, r.quoted),
  };
}
