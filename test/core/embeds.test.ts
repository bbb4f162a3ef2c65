import { describe, expect, it } from 'vitest';
import { resolveEmbeds } from '../../src/embeds.js';
import { SchemaIndex } from '../../src/schema/index.js';
import type { Constraint, SchemaSnapshot } from '../../src/types.js';
import { buildSchema, col, ref } from '../helpers/schema-builder.js';

const fk = (name: string, column: string, table: string): Constraint => ({
  name,
  type: 'foreign-key',
  columns: [column],
  definition: `FOREIGN KEY (${column}) REFERENCES ${table}(id)`,
  references: { schema: 'public', name: table, columns: ['id'] },
});

function schemaWithKeys(): SchemaIndex {
  const snapshot: SchemaSnapshot = buildSchema({
    tables: {
      'public.orgs': ['id serial', 'name text'],
      'public.accounts': ['id serial', 'name text', 'org_id integer'],
      'public.orders': ['id serial', 'buyer_id integer', 'seller_id integer'],
      'public.invoices': ['id serial', 'team_id integer', 'team_slug text'],
    },
  });
  const table = (name: string) => snapshot.relations.find((r) => r.name === name)!;
  table('orders').constraints.push(fk('orders_buyer_id_fkey', 'buyer_id', 'accounts'), fk('orders_seller_fk', 'seller_id', 'accounts'));
  table('accounts').constraints.push(fk('accounts_org_id_fkey', 'org_id', 'orgs'));
  table('invoices').constraints.push({ ...fk('invoices_team_fkey', 'team_id', 'orgs'), columns: ['team_slug', 'team_id'] });
  return new SchemaIndex(snapshot);
}

const orders = { schema: null, name: 'orders' };
const at = (n: number) => `src/orders.ts:3:${n}`;
const named = (r: ReturnType<typeof ref>) => `${r.relation.schema ?? ''}.${r.relation.name}${r.column ? `.${r.column}` : ''}`;

describe('resolveEmbeds', () => {
  it('points an embed named by a foreign-key column or constraint, and its columns, at the referenced table', () => {
    // from('orders').select('id, buyer:buyer_id(name, org:org_id(name)), orders_seller_fk(name), accounts(name)')
    const input = [
      col('orders.id', { at: at(1) }),
      ref('buyer_id', { embeddedIn: orders, at: at(10) }),
      col('buyer_id.name', { embeddedIn: orders, at: at(20) }),
      ref('org_id', { embeddedIn: { schema: null, name: 'buyer_id' }, at: at(30) }),
      col('org_id.name', { embeddedIn: { schema: null, name: 'buyer_id' }, at: at(40) }),
      ref('orders_seller_fk', { embeddedIn: orders, at: at(50) }),
      col('orders_seller_fk.name', { embeddedIn: orders, at: at(60) }),
      ref('accounts', { embeddedIn: orders, at: at(70) }),
      ref('no_such_key', { embeddedIn: orders, at: at(80) }),
      ref('team_slug', { embeddedIn: { schema: null, name: 'invoices' }, at: at(90) }),
    ];
    expect(resolveEmbeds(input, schemaWithKeys()).map(named)).toEqual([
      '.orders.id',
      'public.accounts',
      'public.accounts.name',
      'public.orgs',
      'public.orgs.name',
      'public.accounts',
      'public.accounts.name',
      '.accounts',
      '.no_such_key',
      'public.orgs',
    ]);
    // A nested embed names its resolved parent.
    expect(resolveEmbeds(input, schemaWithKeys())[3]!.embeddedIn).toEqual({ schema: 'public', name: 'accounts' });
  });
});
