import type { InferredColumn, ScaffoldPlan } from './infer.js';

const PRISMA_TYPE: Record<InferredColumn['type'], string> = {
  text: 'String',
  integer: 'Int',
  bigint: 'BigInt',
  numeric: 'Decimal',
  boolean: 'Boolean',
  timestamptz: 'DateTime @db.Timestamptz(6)',
  uuid: 'String @db.Uuid',
  jsonb: 'Json',
};

function modelName(table: string): string {
  return table
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function field(column: InferredColumn): string {
  const name = /^[A-Za-z][A-Za-z0-9_]*$/.test(column.name) ? column.name : `field_${column.name.replace(/\W/g, '_')}`;
  const map = name === column.name ? '' : ` @map("${column.name}")`;
  if (column.primaryKey === 'uuid') return `  ${name} String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid${map} // ${column.reason}`;
  if (column.primaryKey === 'identity') return `  ${name} BigInt @id @default(autoincrement())${map} // ${column.reason}`;
  const [type, ...attributes] = PRISMA_TYPE[column.type].split(' ');
  const optional = column.notNull ? '' : '?';
  const defaults = column.default === 'now()' ? ' @default(now())' : '';
  return `  ${name} ${type}${optional}${defaults}${attributes.length ? ` ${attributes.join(' ')}` : ''}${map} // ${column.reason}`;
}

/**
 * Model blocks for `schema.prisma` matching the migration. Foreign keys are plain columns here: Prisma relation
 * fields need both sides named, which is the author's choice.
 */
export function renderPrismaModels(plan: ScaffoldPlan): string {
  const blocks = plan.tables.map((table) => {
    const lines = [`model ${modelName(table.name)} {`, ...table.columns.map(field)];
    lines.push('', `  @@map("${table.name}")`);
    if (table.schema !== 'public') lines.push(`  @@schema("${table.schema}")`);
    lines.push('}');
    return lines.join('\n');
  });
  const columns = plan.columns.map((c) => `// model for "${c.relation.schema}.${c.relation.name}": add\n${field(c.column)}`);
  return `${[...blocks, ...columns].join('\n\n')}\n`;
}
