import { describe, expect, it } from 'vitest';
import sequelize from '../../rules/extractors/sequelize/index.js';
import { resolveSequelizeReferences } from '../../rules/extractors/sequelize/resolve.js';
import { extractFromSource } from '../../src/extract/file.js';
import type { Declaration, Reference } from '../../src/types.js';
import { compactReference, testExtractor } from '../helpers/extract.js';

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
      name: 'sequelize-typescript @Table with tableName: @Column types and field, @PrimaryKey, @ForeignKey, timestamps, associations',
      code: [
        "import { Table, Column, Model, DataType, PrimaryKey, Default, AllowNull, ForeignKey, BelongsTo, HasMany, CreatedAt, DeletedAt } from 'sequelize-typescript';",
        "@Table({ tableName: 'user_permissions', modelName: 'user_permission', underscored: true, paranoid: true })",
        'export class Membership extends Model {',
        '  @PrimaryKey @Default(DataType.UUIDV4) @Column(DataType.UUID) id: string;',
        '  @ForeignKey(() => User) @Column(DataType.UUID) userId: string;',
        "  @AllowNull(false) @Column({ type: DataType.STRING(80), field: 'display_name' }) displayName: string;",
        '  @BelongsTo(() => User) user: User;',
        '  @HasMany(() => Grant) grants: Grant[];',
        '  @CreatedAt createdAt: Date;',
        '  @DeletedAt @Column removedAt: Date;',
        '  static helper = 1;',
        '  notAColumn: string;',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'user_permissions' },
          model: 'Membership',
          associations: [
            { field: 'user', model: 'User', fields: ['userId'] },
            { field: 'grants', model: 'Grant' },
          ],
          columns: [
            { name: 'id', type: 'UUID', nullable: false, clientDefault: true, loc: '4:64-4:66' },
            { name: 'user_id', type: 'UUID', nullable: true, field: 'userId', loc: '5:50-5:56' },
            { name: 'display_name', type: 'STRING', nullable: false, field: 'displayName', loc: '6:83-6:94' },
            { name: 'created_at', nullable: false, field: 'createdAt', clientDefault: true, loc: '9:14-9:23' },
            { name: 'removed_at', nullable: true, field: 'removedAt', clientDefault: true, loc: '10:22-10:31' },
            { name: 'updated_at', nullable: false, clientDefault: true, field: 'updatedAt' },
          ],
          confidence: 'exact',
          loc: '3:14-3:24',
        },
      ],
    },
    {
      name: 'sequelize-typescript default table names: pluralised class name, underscored modelName, freezeTableName',
      code: [
        "import { Table as ModelTable, Column, Model } from 'sequelize-typescript';",
        '@ModelTable',
        'class ApiKey extends Model { @Column name: string; }',
        "@ModelTable({ modelName: 'person_role', underscored: true, timestamps: false })",
        'class PersonRole extends Model {}',
        '@ModelTable({ freezeTableName: true, schema: "auth" })',
        'class Team extends BaseModel {}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'ApiKeys' },
          model: 'ApiKey',
          columns: [
            { name: 'id', nullable: false },
            { name: 'name', nullable: true, loc: '3:38-3:42' },
            { name: 'createdAt', nullable: false, clientDefault: true },
            { name: 'updatedAt', nullable: false, clientDefault: true },
          ],
          confidence: 'inferred',
          loc: '3:7-3:13',
        },
        {
          relation: { schema: null, name: 'person_roles' },
          model: 'PersonRole',
          columns: [{ name: 'id', nullable: false }],
          confidence: 'inferred',
          loc: '5:7-5:17',
        },
        {
          relation: { schema: 'auth', name: 'Team' },
          model: 'Team',
          columns: [
            { name: 'id', nullable: false },
            { name: 'createdAt', nullable: false, clientDefault: true },
            { name: 'updatedAt', nullable: false, clientDefault: true },
          ],
          confidence: 'exact',
          loc: '7:7-7:11',
        },
      ],
    },
    {
      name: 'not sequelize-typescript: @Table from another package, or a decorated class extending nothing',
      code: [
        "import { Table } from 'some-grid';",
        "import { Table as T } from 'sequelize-typescript';",
        "@Table({ tableName: 'grid' }) class Grid extends Widget {}",
        "@T({ tableName: 'loose' }) class Loose {}",
      ].join('\n'),
      references: [],
    },
    {
      name: 'not Sequelize: package imports, lower-case receivers, generic methods on members',
      code: ["import Stripe from 'stripe';", 'Stripe.create({ a: 1 });', 'user.update({ a: 1 });', 'api.Users.create({ a: 1 });', 'customElements.define(\'x-y\', El);'].join('\n'),
      references: [],
    },
  ]);

  describe('sequelize-typescript models resolved across files', () => {
    it('resolves Membership.findAll to the @Table tableName and the underscored and field column names', () => {
      const options = { packages: new Set(['sequelize-typescript']), claimedBy: new Set(['sequelize']) };
      const model = extractFromSource('src/models/Membership.ts', [
        "import { Table, Column, Model, DataType } from 'sequelize-typescript';",
        "@Table({ tableName: 'user_permissions', modelName: 'user_permission', underscored: true })",
        'export class Membership extends Model {',
        '  @Column(DataType.UUID) userId: string;',
        "  @Column({ type: DataType.STRING, field: 'display_name' }) displayName: string;",
        '}',
      ].join('\n'), [sequelize], options);
      const usage = extractFromSource('src/routes/members.ts', [
        "import { Membership } from '../models/Membership';",
        "await Membership.findAll({ where: { userId, displayName: 'x' } });",
      ].join('\n'), [sequelize], options);
      const resolved = resolveSequelizeReferences(usage.references, model.declarations).map(compactReference);
      const table = { schema: null, name: 'user_permissions' };
      expect(resolved).toEqual([
        { kind: 'relation', relation: table, access: 'read', written: 'Membership', quoted: true, confidence: 'exact', loc: '2:18-2:25' },
        { kind: 'column', relation: table, column: 'user_id', access: 'read', written: 'userId', quoted: true, confidence: 'exact', loc: '2:37-2:43' },
        { kind: 'column', relation: table, column: 'display_name', access: 'read', written: 'displayName', quoted: true, confidence: 'exact', loc: '2:45-2:56' },
      ]);
    });
  });

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
