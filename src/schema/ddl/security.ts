import type { Policy } from '../../types.js';
import type { Change } from '../diff.js';
import { stripOuterParens } from './columns.js';
import { tableOf } from './context.js';
import { P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify, quoteIdent } from './quote.js';

export function policySql(table: string, p: Policy): string {
  const roles = p.roles.length === 0 ? ['public'] : p.roles;
  const roleList = roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ');
  let sql = `CREATE POLICY ${quoteIdent(p.name)} ON ${table} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command.toUpperCase()} TO ${roleList}`;
  if (p.using !== null) sql += ` USING (${stripOuterParens(p.using)})`;
  if (p.withCheck !== null) sql += ` WITH CHECK (${stripOuterParens(p.withCheck)})`;
  return `${sql};`;
}

export function emitRlsChange(ctx: MigrationBuild, c: Change): void {
  const t = qualify(c.schema, c.name);
  const f = c.details.fields ?? {};
  if (f.enabled) ctx.emit(P.rls, `ALTER TABLE ${t} ${f.enabled.to ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
  if (f.forced) ctx.emit(P.rls, `ALTER TABLE ${t} ${f.forced.to ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
}

export function emitPolicyChange(ctx: MigrationBuild, c: Change): void {
  const tkey = tableOf(c);
  const t = qualify(c.schema, c.details.table as string);
  if (c.change === 'removed' || c.change === 'changed') ctx.emit(P.dropPolicy, `DROP POLICY ${quoteIdent(c.name)} ON ${t}`);
  if (c.change === 'added' || c.change === 'changed') ctx.emit(P.policy, policySql(t, ctx.toRel.get(tkey)!.policies.find((x) => x.name === c.name)!));
}
