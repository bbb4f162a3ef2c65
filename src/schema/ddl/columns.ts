import type { Column } from '../../types.js';
import type { Change } from '../diff.js';
import { isView, tableOf, type Emit } from './context.js';
import { HAZARD, isWideningTypeChange } from './hazards.js';
import { P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify, quoteIdent } from './quote.js';

export function columnDefinition(c: Column): string {
  let sql = `${quoteIdent(c.name)} ${c.type}`;
  if (c.generated) sql += ` GENERATED ALWAYS AS (${stripOuterParens(c.generated)}) STORED`;
  else if (c.identity) sql += ` GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  else if (c.default !== null) sql += ` DEFAULT ${c.default}`;
  if (!c.nullable) sql += ' NOT NULL';
  return sql;
}

export function stripOuterParens(expr: string): string {
  const t = expr.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0 && i < t.length - 1) return t;
  }
  return t.slice(1, -1);
}

export function emitColumnChange(ctx: MigrationBuild, c: Change): void {
  const { options, emit, fromRel, toRel } = ctx;
  const tkey = tableOf(c);
  const r = toRel.get(tkey) ?? fromRel.get(tkey)!;
  if (isView(r)) return; // view columns follow the definition
  const t = qualify(c.schema, c.details.table as string);
  const b = toRel.get(tkey)?.columns.find((x) => x.name === c.name);
  if (c.change === 'added') {
    const hazards: string[] = !b!.nullable && b!.default === null && !b!.identity && !b!.generated ? [HAZARD.notNullNoDefault] : [];
    if (b!.generated || (b!.default && /\b(random|now|clock_timestamp|gen_random_uuid|nextval)\b/i.test(b!.default))) hazards.push(HAZARD.rewrite);
    emit(P.column, `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(b!)}`, { hazards });
  } else if (c.change === 'removed') {
    emit(P.column, `ALTER TABLE ${t} DROP COLUMN ${quoteIdent(c.name)}`, {
      destructive: true,
      hazards: [HAZARD.dataLoss, HAZARD.accessExclusive],
      reason: `drops column ${tkey}.${c.name}`,
    });
  } else if (c.change === 'renamed?') {
    const old = c.details.from as string;
    const a = fromRel.get(tkey)!.columns.find((x) => x.name === old)!;
    if (options.applyRenames) {
      emit(P.column, `ALTER TABLE ${t} RENAME COLUMN ${quoteIdent(old)} TO ${quoteIdent(c.name)}`, { hazards: [HAZARD.accessExclusive] });
      alterColumn(emit, t, tkey, { ...a, name: c.name }, b!);
    } else {
      emit(P.column, `-- possible rename: ALTER TABLE ${t} RENAME COLUMN ${quoteIdent(old)} TO ${quoteIdent(c.name)}; (keeps the data)`);
      emit(P.column, `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(b!)}`, {
        hazards: !b!.nullable && b!.default === null && !b!.identity && !b!.generated ? [HAZARD.notNullNoDefault] : [],
      });
      emit(P.column, `ALTER TABLE ${t} DROP COLUMN ${quoteIdent(old)}`, {
        destructive: true,
        hazards: [HAZARD.dataLoss, HAZARD.accessExclusive],
        reason: `drops column ${tkey}.${old} (possibly renamed to ${c.name}: use the RENAME above to keep its data)`,
      });
    }
  } else {
    const a = fromRel.get(tkey)!.columns.find((x) => x.name === c.name)!;
    alterColumn(emit, t, tkey, a, b!);
  }
}

function alterColumn(emit: Emit, table: string, tkey: string, a: Column, b: Column): void {
  const col = quoteIdent(b.name);
  const alter = (what: string) => `ALTER TABLE ${table} ALTER COLUMN ${col} ${what}`;
  const generatedChanged = (a.generated ?? '').replace(/\s+/g, ' ') !== (b.generated ?? '').replace(/\s+/g, ' ');
  if (generatedChanged && b.generated) {
    // A column cannot become generated (or change its expression) in place: drop and add it; its values are derived.
    emit(P.column, `ALTER TABLE ${table} DROP COLUMN ${col};\nALTER TABLE ${table} ADD COLUMN ${columnDefinition(b)}`, { hazards: [HAZARD.rewrite, HAZARD.accessExclusive] });
    return;
  }
  if (generatedChanged && a.generated && !b.generated) emit(P.column, alter('DROP EXPRESSION'), { hazards: [HAZARD.accessExclusive] });
  const typeChanged = a.type !== b.type;
  if (a.identity && a.identity !== b.identity && !b.identity) emit(P.column, alter('DROP IDENTITY'));
  if (a.default !== null && (a.default !== b.default || typeChanged)) emit(P.column, alter('DROP DEFAULT'));
  if (typeChanged) {
    const widening = isWideningTypeChange(a.type, b.type);
    // Generated columns are recomputed: PostgreSQL refuses a USING clause for them.
    emit(P.column, alter(b.generated ? `TYPE ${b.type}` : `TYPE ${b.type} USING ${col}::${b.type}`), {
      hazards: [HAZARD.rewrite, HAZARD.accessExclusive, ...(widening ? [] : [HAZARD.dataLoss])],
      destructive: !widening,
      ...(widening ? {} : { reason: `narrows ${tkey}.${b.name} from ${a.type} to ${b.type}` }),
    });
  }
  if (b.default !== null && (a.default !== b.default || typeChanged)) emit(P.column, alter(`SET DEFAULT ${b.default}`));
  if (b.identity && !a.identity) emit(P.column, alter(`ADD GENERATED ${b.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`));
  else if (b.identity && a.identity && a.identity !== b.identity) emit(P.column, alter(`SET GENERATED ${b.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`));
  if (a.nullable && !b.nullable) {
    emit(P.column, alter('SET NOT NULL'), {
      destructive: true,
      hazards: [HAZARD.accessExclusive, HAZARD.validation, HAZARD.mayFail],
      reason: `SET NOT NULL on ${tkey}.${b.name} fails if existing rows hold NULL`,
    });
  } else if (!a.nullable && b.nullable) emit(P.column, alter('DROP NOT NULL'));
}
