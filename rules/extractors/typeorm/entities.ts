import type { JsContext, Node } from '../../../src/extractor.js';
import type { DeclaredAssociation, DeclaredColumn } from '../../../src/types.js';
import { entry, propertyName, unwrap } from '../prisma/orm-shared.js';

const COLUMN_DECORATORS = new Set([
  'Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn',
  'VersionColumn', 'ViewColumn',
]);
const RELATION_DECORATORS = new Set(['ManyToOne', 'OneToOne', 'OneToMany', 'ManyToMany']);

/** TypeORM's DefaultNamingStrategy table name for a class: `UserProfile` → `user_profile`. */
export function typeormSnakeCase(name: string): string {
  return name.replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function decorators(node: Node): { name: string; args: Node[]; node: Node }[] {
  return ((node.decorators ?? []) as Node[]).flatMap((d) => {
    const expr = d.expression as Node;
    const call = expr.type === 'CallExpression' ? expr : undefined;
    const name = propertyName(call ? call.callee : expr);
    return name ? [{ name, args: (call?.arguments ?? []) as Node[], node: d }] : [];
  });
}

function options(args: Node[]): Node | undefined {
  return args.map((a) => unwrap(a)).find((a) => a?.type === 'ObjectExpression');
}

/** `() => User`, `(type) => User`, `'User'`. */
function relationTarget(ctx: JsContext, arg: Node | undefined): string | undefined {
  const a = unwrap(arg);
  if (a && /FunctionExpression$/.test(a.type)) return propertyName(unwrap(a.body));
  return ctx.evaluate(a);
}

export interface EntityInfo {
  table: string;
  schema: string | null;
  isDefaultName: boolean;
  columns: DeclaredColumn[];
  associations: DeclaredAssociation[];
  joinTables: { name: string; node: Node; columns: DeclaredColumn[] }[];
}

export function readEntity(ctx: JsContext, cls: Node, className: string, args: Node[]): EntityInfo {
  const first = unwrap(args[0]);
  const opts = options(args);
  const written = first?.type === 'ObjectExpression' ? ctx.evaluate(entry(first, 'name')) : ctx.evaluate(first);
  const info: EntityInfo = {
    table: written ?? typeormSnakeCase(className),
    schema: (opts && ctx.evaluate(entry(opts, 'schema'))) ?? null,
    isDefaultName: written === undefined,
    columns: [],
    associations: [],
    joinTables: [],
  };
  for (const member of cls.body.body as Node[]) {
    const field = member.type === 'PropertyDefinition' ? propertyName(member.key) : undefined;
    if (!field) continue;
    const locate = ctx.locate(member.key.start, member.key.end);
    for (const d of decorators(member)) {
      const o = options(d.args);
      if (COLUMN_DECORATORS.has(d.name)) {
        const name = ctx.evaluate(o && entry(o, 'name')) ?? field;
        const firstArg = unwrap(d.args[0]);
        const type = (o && ctx.evaluate(entry(o, 'type'))) ?? (firstArg?.type === 'Literal' ? ctx.evaluate(firstArg) : undefined);
        info.columns.push({
          name,
          ...(type ? { type } : {}),
          nullable: unwrap(o && entry(o, 'nullable'))?.value === true,
          location: locate,
          ...(name !== field ? { field } : {}),
          ...(d.name === 'VersionColumn' ? { clientDefault: true } : {}),
        });
      } else if (RELATION_DECORATORS.has(d.name)) {
        const model = relationTarget(ctx, d.args[0]);
        if (model) info.associations.push({ field, model });
        const join = decorators(member).find((j) => j.name === 'JoinColumn');
        if (d.name === 'ManyToOne' || (d.name === 'OneToOne' && join)) {
          const name = ctx.evaluate(entry(options(join?.args ?? []), 'name')) ?? `${field}Id`;
          const nullable = unwrap(o && entry(o, 'nullable'))?.value !== false;
          info.columns.push({ name, nullable, location: locate });
        }
      } else if (d.name === 'JoinTable') {
        const nameNode = o && entry(o, 'name');
        const name = ctx.evaluate(nameNode);
        if (!name || !nameNode) continue;
        const columns = ['joinColumn', 'inverseJoinColumn'].flatMap((key) => {
          const column = ctx.evaluate(entry(entry(o, key), 'name'));
          return column ? [{ name: column }] : [];
        });
        info.joinTables.push({ name, node: nameNode, columns });
      }
    }
  }
  return info;
}

