import type { DomainType, EnumType, SchemaSnapshot, Sequence } from '../../types.js';
import { relationKey, type Change } from '../diff.js';
import { isView, splitKey3, withSemicolon } from './context.js';
import { HAZARD, isWideningTypeChange } from './hazards.js';
import { mentions, P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify, quoteIdent, quoteLiteral } from './quote.js';

/** The table columns (element type included) of an enum, as their type is written in the snapshot. */
export function enumUsers(snapshot: SchemaSnapshot, e: EnumType) {
  const names = new Set([`${e.schema}.${e.name}`, `${quoteIdent(e.schema)}.${quoteIdent(e.name)}`, ...(snapshot.searchPath.includes(e.schema) ? [e.name, quoteIdent(e.name)] : [])]);
  return snapshot.relations
    .filter((r) => !isView(r))
    .flatMap((r) => r.columns.filter((c) => names.has(c.type.replace(/\[\]$/, ''))).map((c) => ({ r, c })));
}

export function domainCheck(check: string): string {
  return /^\s*CHECK\b/i.test(check) ? check.trim() : `CHECK (${check})`;
}

/** Domain checks carry no name in the snapshot: find the constraint by its definition. */
export function dropDomainCheck(domain: string, check: string): string {
  return `DO $dbref$ DECLARE c name; BEGIN SELECT conname INTO c FROM pg_constraint WHERE contypid = ${quoteLiteral(domain)}::regtype AND pg_get_constraintdef(oid) = ${quoteLiteral(check)}; EXECUTE format('ALTER DOMAIN ${domain.replace(/'/g, "''")} DROP CONSTRAINT %I', c); END $dbref$`;
}

function sequenceOptions(s: Sequence): string {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

function ownedByRef(ownedBy: string): string {
  const [schema, table, column] = splitKey3(ownedBy);
  return `${qualify(schema, table)}.${quoteIdent(column)}`;
}

export function emitEnumChange(ctx: MigrationBuild, c: Change): void {
  const { from, to, emit, fromRel } = ctx;
  const key = `${c.schema}.${c.name}`;
  const name = qualify(c.schema, c.name);
  if (c.change === 'added') {
    const e = to.enums.find((x) => relationKey(x) === key)!;
    emit(P.enum, `CREATE TYPE ${name} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`);
  } else if (c.change === 'removed') {
    emit(P.dropType, `DROP TYPE ${name}`, { destructive: true, reason: `drops enum ${key}` });
  } else {
    const a = from.enums.find((x) => relationKey(x) === key)!;
    const b = to.enums.find((x) => relationKey(x) === key)!;
    if ((c.details.removedValues as string[]).length === 0 && !c.details.reordered) {
      const present = [...a.values];
      b.values.forEach((v, i) => {
        if (present.includes(v)) return;
        const after = b.values.slice(0, i).reverse().find((x) => present.includes(x));
        const before = b.values.slice(i + 1).find((x) => present.includes(x));
        const where = after !== undefined ? ` AFTER ${quoteLiteral(after)}` : before !== undefined ? ` BEFORE ${quoteLiteral(before)}` : '';
        emit(P.enum, `ALTER TYPE ${name} ADD VALUE ${quoteLiteral(v)}${where}`, { hazards: [HAZARD.enumValue] });
        present.push(v);
      });
    } else {
      const old = quoteIdent(`${c.name}__dbref_old`);
      const lines = [`ALTER TYPE ${name} RENAME TO ${old};`, `CREATE TYPE ${name} AS ENUM (${b.values.map(quoteLiteral).join(', ')});`];
      // Runs after the column changes: the columns still on the old type are exactly the target's users of the enum.
      for (const { r, c: col } of enumUsers(to, b)) {
        const t = qualify(r.schema, r.name);
        const array = col.type.endsWith('[]') ? '[]' : '';
        const old = fromRel.get(relationKey(r))?.columns.find((x) => x.name === col.name);
        if (col.default !== null || old?.default) lines.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(col.name)} DROP DEFAULT;`);
        lines.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(col.name)} TYPE ${name}${array} USING ${quoteIdent(col.name)}::text${array}::${name}${array};`);
        if (col.default) lines.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(col.name)} SET DEFAULT ${col.default};`);
      }
      const removed = c.details.removedValues as string[];
      emit(P.enumRecreate, lines.join('\n'), {
        destructive: true,
        hazards: [HAZARD.rewrite, HAZARD.accessExclusive, ...(removed.length > 0 ? [HAZARD.dataLoss] : [])],
        reason: removed.length > 0 ? `removes value${removed.length > 1 ? 's' : ''} ${removed.map(quoteLiteral).join(', ')} from enum ${key} (rows using them fail)` : `reorders enum ${key} (recreates the type)`,
      });
      // After the tables that are dropped, which may still use the old type.
      emit(P.dropType, `DROP TYPE ${qualify(c.schema, `${c.name}__dbref_old`)}`, { destructive: true, reason: `drops the old version of enum ${key}` });
    }
  }
}

export function emitDomainChange(ctx: MigrationBuild, c: Change): void {
  const { from, to, emit, newFunctionNames, droppedFunctionNames } = ctx;
  const key = `${c.schema}.${c.name}`;
  const name = qualify(c.schema, c.name);
  const create = (d: DomainType) => {
    let sql = `CREATE DOMAIN ${name} AS ${d.type}`;
    if (d.default !== null) sql += ` DEFAULT ${d.default}`;
    if (!d.nullable) sql += ' NOT NULL';
    for (const check of d.checks) if (!/\bNOT VALID\s*$/i.test(check)) sql += ` ${domainCheck(check)}`;
    for (const check of d.checks) if (/\bNOT VALID\s*$/i.test(check)) sql += `;\nALTER DOMAIN ${name} ADD ${domainCheck(check)}`;
    return sql;
  };
  if (c.change === 'added') {
    const d = to.domains.find((x) => relationKey(x) === key)!;
    const callsNew = d.checks.some((check) => newFunctionNames.some((n) => mentions(check, n)));
    emit(callsNew ? P.domainAfterFunctions : P.domain, create(d));
  }
  else if (c.change === 'removed') {
    const d = from.domains.find((x) => relationKey(x) === key)!;
    const callsDropped = d.checks.some((check) => [...droppedFunctionNames].some((n) => mentions(check, n)));
    emit(callsDropped ? P.dropTable : P.dropDomain, `DROP DOMAIN ${name}`, { destructive: true, reason: `drops domain ${key}` });
  }
  else {
    const a = from.domains.find((x) => relationKey(x) === key)!;
    const b = to.domains.find((x) => relationKey(x) === key)!;
    if (a.type !== b.type) {
      emit(P.domain, `DROP DOMAIN ${name};\n${withSemicolon(create(b))}`, { destructive: true, hazards: [HAZARD.dataLoss], reason: `recreates domain ${key} with another base type` });
      return;
    }
    if (a.default !== b.default) emit(P.domain, b.default === null ? `ALTER DOMAIN ${name} DROP DEFAULT` : `ALTER DOMAIN ${name} SET DEFAULT ${b.default}`);
    if (a.nullable !== b.nullable) {
      if (b.nullable) emit(P.domain, `ALTER DOMAIN ${name} DROP NOT NULL`);
      else emit(P.domain, `ALTER DOMAIN ${name} SET NOT NULL`, { destructive: true, hazards: [HAZARD.mayFail], reason: `SET NOT NULL on domain ${key} fails if stored values are null` });
    }
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    for (const check of a.checks) {
      if (b.checks.some((x) => norm(x) === norm(check))) continue;
      emit(P.domain, dropDomainCheck(name, check));
    }
    for (const check of b.checks) {
      if (a.checks.some((x) => norm(x) === norm(check))) continue;
      emit(P.domain, `ALTER DOMAIN ${name} ADD ${domainCheck(check)}`, { hazards: [HAZARD.mayFail] });
    }
  }
}

export function emitCompositeTypeChange(ctx: MigrationBuild, c: Change): void {
  const { from, to, emit } = ctx;
  const key = `${c.schema}.${c.name}`;
  const name = qualify(c.schema, c.name);
  if (c.change === 'added') {
    const t = to.compositeTypes.find((x) => relationKey(x) === key)!;
    emit(P.composite, `CREATE TYPE ${name} AS (${t.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')})`);
  } else if (c.change === 'removed') emit(P.dropComposite, `DROP TYPE ${name}`, { destructive: true, reason: `drops type ${key}` });
  else {
    const a = from.compositeTypes.find((x) => relationKey(x) === key)!;
    const b = to.compositeTypes.find((x) => relationKey(x) === key)!;
    const parts: string[] = [];
    let lossy = false;
    for (const attr of a.attributes) {
      const now = b.attributes.find((x) => x.name === attr.name);
      if (!now) {
        parts.push(`DROP ATTRIBUTE ${quoteIdent(attr.name)}`);
        lossy = true;
      } else if (now.type !== attr.type) {
        parts.push(`ALTER ATTRIBUTE ${quoteIdent(attr.name)} TYPE ${now.type}`);
        lossy ||= !isWideningTypeChange(attr.type, now.type);
      }
    }
    for (const attr of b.attributes) if (!a.attributes.some((x) => x.name === attr.name)) parts.push(`ADD ATTRIBUTE ${quoteIdent(attr.name)} ${attr.type}`);
    if (parts.length > 0) {
      emit(P.composite, `ALTER TYPE ${name} ${parts.join(', ')} CASCADE`, {
        destructive: lossy,
        hazards: lossy ? [HAZARD.dataLoss] : [],
        ...(lossy ? { reason: `drops or narrows attributes of type ${key}` } : {}),
      });
    }
  }
}

export function emitSequenceChange(ctx: MigrationBuild, c: Change): void {
  const { from, to, emit, addedRelationKeys } = ctx;
  const key = `${c.schema}.${c.name}`;
  const name = qualify(c.schema, c.name);
  const isIdentity = (snapshot: SchemaSnapshot, s: Sequence | undefined) => {
    if (!s?.ownedBy) return false;
    const [schema, table, column] = splitKey3(s.ownedBy);
    return !!snapshot.relations.find((r) => r.schema === schema && r.name === table)?.columns.find((x) => x.name === column)?.identity;
  };
  const a = from.sequences.find((x) => relationKey(x) === key);
  const b = to.sequences.find((x) => relationKey(x) === key);
  if (c.change === 'added' && b && isIdentity(to, b)) {
    // Created with the identity column; its options are set once the column exists.
    const [os, ot] = splitKey3(b.ownedBy!);
    emit(P.sequenceOwner, `ALTER SEQUENCE ${name} ${sequenceOptions(b)}${addedRelationKeys.has(`${os}.${ot}`) ? ' RESTART' : ''}`);
  } else if (c.change === 'added' && b && !isIdentity(to, b)) {
    emit(P.sequence, `CREATE SEQUENCE ${name} ${sequenceOptions(b)}`);
    if (b.ownedBy) emit(P.sequenceOwner, `ALTER SEQUENCE ${name} OWNED BY ${ownedByRef(b.ownedBy)}`);
  } else if (c.change === 'removed' && a && !isIdentity(from, a)) {
    emit(P.dropSequence, `DROP SEQUENCE IF EXISTS ${name}`, { destructive: true, reason: `drops sequence ${key} (its current value is lost)` });
  } else if (c.change === 'changed' && a && b) {
    const f = c.details.fields ?? {};
    const opts: string[] = [];
    if (f.type) opts.push(`AS ${b.type}`);
    if (f.increment) opts.push(`INCREMENT BY ${b.increment}`);
    if (f.min) opts.push(`MINVALUE ${b.min}`);
    if (f.max) opts.push(`MAXVALUE ${b.max}`);
    if (f.start) opts.push(`START WITH ${b.start}`);
    if (f.cycle) opts.push(b.cycle ? 'CYCLE' : 'NO CYCLE');
    // New bounds may exclude the current value, which PostgreSQL refuses: restart at the start value.
    const restart = !!(f.min || f.max);
    if (restart) opts.push('RESTART');
    // After the columns: an identity column's new type must be in place before bounds that need it.
    const narrowing = !!f.type && !isWideningTypeChange(a.type, b.type);
    if (opts.length > 0) {
      emit(narrowing ? P.sequence : P.sequenceOwner, `ALTER SEQUENCE ${name} ${opts.join(' ')}`, restart ? { hazards: ['restarts the sequence at its start value'] } : {});
    }
    if (f.ownedBy && !isIdentity(to, b) && !isIdentity(from, a)) emit(P.sequenceOwner, `ALTER SEQUENCE ${name} OWNED BY ${b.ownedBy ? ownedByRef(b.ownedBy) : 'NONE'}`);
  }
}
