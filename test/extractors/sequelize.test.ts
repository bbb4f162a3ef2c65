import { describe, expect, it } from 'vitest';
import sequelize from '../../rules/extractors/sequelize/index.js';
import { resolveSequelizeReferences } from '../../rules/extractors/sequelize/resolve.js';
import type { Declaration, Reference } from '../../src/types.js';
import { testExtractor } from '../helpers/extract.js';

const users = { schema: null, name: 'Users' };
const note = 'sequelize-model:User';

describe('sequelize extractor', () => {
  testExtractor(sequelize, [
    {
      name: 'define with default pluralised table name, field, allowNull and implicit id and timestamps',
      code: [
        "const { DataTypes } = require('sequelize');",
        "const User = sequelize.define('User', {",
        "  email: { type: DataTypes.STRING(120), allowNull: false, field: 'email_address' },",
        '  firstName: DataTypes.STRING,',
        "  status: { type: DataTypes.STRING, defaultValue: 'active' },",
        '});',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'Users' },
          model: 'User',
          columns: [
            { name: 'id', nullable: false },
            { name: 'email_address', type: 'STRING', nullable: false, field: 'email', loc: '3:3-3:8' },
            { name: 'firstName', type: 'STRING', nullable: true, loc: '4:3-4:12' },
            { name: 'status', type: 'STRING', nullable: true, clientDefault: true, loc: '5:3-5:9' },
            { name: 'createdAt', nullable: false, clientDefault: true },
            { name: 'updatedAt', nullable: false, clientDefault: true },
          ],
          confidence: 'inferred',
          loc: '2:31-2:37',
        },
      ],
    },
    {
      name: 'class init with tableName, schema, underscored and no timestamps; freezeTableName keeps the model name',
      code: [
        'class Order extends Model {}',
        'Order.init({',
        '  orderId: { type: DataTypes.UUID, primaryKey: true },',
        '  totalCents: DataTypes.INTEGER,',
        "}, { sequelize, tableName: 'orders', schema: 'shop', underscored: true, timestamps: false });",
        "const Person = sequelize.define('Person', {}, { freezeTableName: true, underscored: true, paranoid: true });",
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: 'shop', name: 'orders' },
          model: 'Order',
          columns: [
            { name: 'order_id', type: 'UUID', nullable: false, field: 'orderId', loc: '3:3-3:10' },
            { name: 'total_cents', type: 'INTEGER', nullable: true, field: 'totalCents', loc: '4:3-4:13' },
          ],
          confidence: 'exact',
          loc: '2:1-2:6',
        },
        {
          relation: { schema: null, name: 'Person' },
          model: 'Person',
          columns: [
            { name: 'id', nullable: false },
            { name: 'created_at', nullable: false, clientDefault: true, field: 'createdAt' },
            { name: 'updated_at', nullable: false, clientDefault: true, field: 'updatedAt' },
            { name: 'deleted_at', nullable: true, clientDefault: true, field: 'deletedAt' },
          ],
          confidence: 'exact',
          loc: '6:33-6:41',
        },
      ],
    },
    {
      name: 'model queries: findAll options, create (provides), update, destroy, db.User',
      code: [
        "import { User } from '../models/user';",
        "await User.findAll({ where: { email }, attributes: ['id', ['firstName', 'name']], order: [['createdAt', 'DESC']] });",
        "await User.create({ email: 'a', firstName: 'b' });",
        "await User.update({ firstName: 'c' }, { where: { id } });",
        'await db.User.destroy({ where: { id } });',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: users, access: 'read', written: 'User', quoted: true, confidence: 'inferred', note, loc: '2:12-2:19' },
        { kind: 'column', relation: users, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '2:31-2:36' },
        { kind: 'column', relation: users, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '2:53-2:57' },
        { kind: 'column', relation: users, column: 'firstName', access: 'read', written: 'firstName', quoted: true, confidence: 'inferred', note, loc: '2:60-2:71' },
        { kind: 'column', relation: users, column: 'createdAt', access: 'read', written: 'createdAt', quoted: true, confidence: 'inferred', note, loc: '2:92-2:103' },
        { kind: 'relation', relation: users, access: 'insert', written: 'User', quoted: true, confidence: 'inferred', provides: ['email', 'firstName'], note, loc: '3:12-3:18' },
        { kind: 'column', relation: users, column: 'email', access: 'insert', written: 'email', quoted: true, confidence: 'inferred', note, loc: '3:21-3:26' },
        { kind: 'column', relation: users, column: 'firstName', access: 'insert', written: 'firstName', quoted: true, confidence: 'inferred', note, loc: '3:33-3:42' },
        { kind: 'relation', relation: users, access: 'update', written: 'User', quoted: true, confidence: 'inferred', note, loc: '4:12-4:18' },
        { kind: 'column', relation: users, column: 'firstName', access: 'update', written: 'firstName', quoted: true, confidence: 'inferred', note, loc: '4:21-4:30' },
        { kind: 'column', relation: users, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '4:50-4:52' },
        { kind: 'relation', relation: users, access: 'delete', written: 'User', quoted: true, confidence: 'inferred', note, loc: '5:15-5:22' },
        { kind: 'column', relation: users, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '5:34-5:36' },
      ],
    },
    {
      name: 'not Sequelize: package imports, lower-case receivers, generic methods on members',
      code: ["import Stripe from 'stripe';", 'Stripe.create({ a: 1 });', 'user.update({ a: 1 });', 'api.Users.create({ a: 1 });', 'customElements.define(\'x-y\', El);'].join('\n'),
      references: [],
    },
  ]);

  describe('resolveSequelizeReferences', () => {
    const at = { file: 'src/a.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
    const declarations: Declaration[] = [
      {
        extractor: 'sequelize',
        relation: { schema: null, name: 'app_users' },
        model: 'User',
        columns: [{ name: 'id' }, { name: 'email_address', field: 'email' }, { name: 'created_at', field: 'createdAt', clientDefault: true }],
        confidence: 'exact',
        location: at,
      },
    ];
    const ref = (over: Partial<Reference>): Reference => ({
      extractor: 'sequelize', kind: 'column', relation: users, access: 'read', written: 'x', quoted: true, confidence: 'inferred', location: at, note, ...over,
    });

    it('maps the model to its tableName and attributes to fields; timestamps join provides', () => {
      const input = [ref({ kind: 'relation', access: 'insert', provides: ['email'] }), ref({ column: 'email' }), ref({ column: 'createdAt' })];
      expect(resolveSequelizeReferences(input, declarations)).toEqual([
        { ...input[0], relation: { schema: null, name: 'app_users' }, confidence: 'exact', note: undefined, provides: ['email_address', 'created_at'] },
        { ...input[1], relation: { schema: null, name: 'app_users' }, column: 'email_address', confidence: 'exact', note: undefined },
        { ...input[2], relation: { schema: null, name: 'app_users' }, column: 'created_at', confidence: 'exact', note: undefined },
      ]);
    });
  });
});
