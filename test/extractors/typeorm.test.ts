import { describe, expect, it } from 'vitest';
import typeorm from '../../rules/extractors/typeorm/index.js';
import { resolveTypeormReferences } from '../../rules/extractors/typeorm/resolve.js';
import type { Declaration, Reference } from '../../src/types.js';
import { testExtractor } from '../helpers/extract.js';

const user = { schema: null, name: 'user_profile' };
const note = 'typeorm-entity:UserProfile';

describe('typeorm extractor', () => {
  testExtractor(typeorm, [
    {
      name: 'entity with default name, named columns, relations, join column and join table',
      filename: 'src/entities/user-profile.entity.ts',
      code: [
        "import { Entity, Column, PrimaryGeneratedColumn, ManyToOne, JoinColumn, ManyToMany, JoinTable, OneToMany } from 'typeorm';",
        '@Entity()',
        'export class UserProfile {',
        "  @PrimaryGeneratedColumn('uuid') id: string;",
        "  @Column({ name: 'display_name', nullable: true }) displayName: string;",
        "  @Column('varchar', { length: 50 }) email: string;",
        '  @ManyToOne(() => Org, { nullable: false }) @JoinColumn({ name: \'org_id\' }) org: Org;',
        '  @ManyToOne(() => Team) team: Team;',
        '  @OneToMany(() => Post, (p) => p.author) posts: Post[];',
        "  @ManyToMany(() => Tag) @JoinTable({ name: 'user_tags', joinColumn: { name: 'user_id' } }) tags: Tag[];",
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'user_profile' },
          model: 'UserProfile',
          columns: [
            { name: 'id', type: 'uuid', nullable: false, loc: '4:35-4:37' },
            { name: 'display_name', nullable: true, field: 'displayName', loc: '5:53-5:64' },
            { name: 'email', type: 'varchar', nullable: false, loc: '6:38-6:43' },
            { name: 'org_id', nullable: false, loc: '7:78-7:81' },
            { name: 'teamId', nullable: true, loc: '8:26-8:30' },
          ],
          associations: [
            { field: 'org', model: 'Org' },
            { field: 'team', model: 'Team' },
            { field: 'posts', model: 'Post' },
            { field: 'tags', model: 'Tag' },
          ],
          confidence: 'inferred',
          loc: '3:14-3:25',
        },
        {
          relation: { schema: null, name: 'user_tags' },
          columns: [{ name: 'user_id' }],
          confidence: 'exact',
          loc: '10:45-10:56',
        },
      ],
    },
    {
      name: 'entity with explicit name and schema',
      code: ["@Entity({ name: 'accounts', schema: 'billing' })", 'class Account {', '  @PrimaryColumn() code: string;', '}'].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: 'billing', name: 'accounts' },
          model: 'Account',
          columns: [{ name: 'code', nullable: false, loc: '3:20-3:24' }],
          confidence: 'exact',
          loc: '2:7-2:14',
        },
      ],
    },
    {
      name: 'repositories: getRepository, @InjectRepository, find options, insert, update, delete',
      code: [
        'const repo = dataSource.getRepository(UserProfile);',
        "await repo.find({ where: { email }, order: { displayName: 'ASC' }, relations: ['posts'] });",
        'class Svc {',
        '  constructor(@InjectRepository(UserProfile) private readonly users: Repository<UserProfile>) {}',
        '  run() {',
        "    this.users.insert({ email: 'a', displayName: 'b' });",
        "    this.users.update({ id }, { displayName: 'c' });",
        '    return this.users.delete({ id });',
        '  }',
        '}',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'UserProfile', quoted: true, confidence: 'inferred', note, loc: '2:12-2:16' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '2:28-2:33' },
        { kind: 'column', relation: user, column: 'displayName', access: 'read', written: 'displayName', quoted: true, confidence: 'inferred', note, loc: '2:46-2:57' },
        { kind: 'column', relation: user, column: 'posts', access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note, loc: '2:80-2:87' },
        { kind: 'relation', relation: user, access: 'insert', written: 'UserProfile', quoted: true, confidence: 'inferred', provides: ['email', 'displayName'], note, loc: '6:16-6:22' },
        { kind: 'column', relation: user, column: 'email', access: 'insert', written: 'email', quoted: true, confidence: 'inferred', note, loc: '6:25-6:30' },
        { kind: 'column', relation: user, column: 'displayName', access: 'insert', written: 'displayName', quoted: true, confidence: 'inferred', note, loc: '6:37-6:48' },
        { kind: 'relation', relation: user, access: 'update', written: 'UserProfile', quoted: true, confidence: 'inferred', note, loc: '7:16-7:22' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '7:25-7:27' },
        { kind: 'column', relation: user, column: 'displayName', access: 'update', written: 'displayName', quoted: true, confidence: 'inferred', note, loc: '7:33-7:44' },
        { kind: 'relation', relation: user, access: 'delete', written: 'UserProfile', quoted: true, confidence: 'inferred', note, loc: '8:23-8:29' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '8:32-8:34' },
      ],
    },
    {
      name: 'entity manager and query builder .from(Entity) / .from(\'table\')',
      code: [
        'await dataSource.manager.findOneBy(UserProfile, { email });',
        "const rows = await dataSource.createQueryBuilder().select('u.id').from(UserProfile, 'u').getMany();",
        "const raw = await ds.createQueryBuilder().select('*').from('audit_log', 'a').getRawMany();",
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'UserProfile', quoted: true, confidence: 'inferred', note, loc: '1:26-1:35' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '1:51-1:56' },
        { kind: 'relation', relation: user, access: 'read', written: 'UserProfile', quoted: true, confidence: 'inferred', note, loc: '2:72-2:83' },
        { kind: 'relation', relation: { schema: null, name: 'audit_log' }, access: 'read', written: "'audit_log'", confidence: 'exact', loc: '3:60-3:71' },
      ],
    },
    {
      name: 'not TypeORM: plain classes, unknown receivers, knex-style from',
      code: ['class Plain { @Input() name: string; }', 'api.find({ where: { a: 1 } });', "knex.from('users');", 'users.save({ a: 1 });'].join('\n'),
      references: [],
      declarations: [],
    },
  ]);

  describe('resolveTypeormReferences', () => {
    const at = { file: 'src/a.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
    const declarations: Declaration[] = [
      {
        extractor: 'typeorm',
        relation: { schema: null, name: 'profiles' },
        model: 'UserProfile',
        columns: [{ name: 'display_name', field: 'displayName' }, { name: 'email' }],
        associations: [{ field: 'posts', model: 'Post' }],
        confidence: 'exact',
        location: at,
      },
      { extractor: 'typeorm', relation: { schema: null, name: 'post' }, model: 'Post', columns: [], confidence: 'inferred', location: at },
    ];
    const ref = (over: Partial<Reference>): Reference => ({
      extractor: 'typeorm', kind: 'column', relation: user, access: 'read', written: 'x', quoted: true, confidence: 'inferred', location: at, note, ...over,
    });

    it('maps entity and property names; relation properties become the related table with its confidence', () => {
      const input = [ref({ column: 'displayName' }), ref({ column: 'posts' }), ref({ kind: 'relation', access: 'insert', provides: ['email', 'displayName'] })];
      expect(resolveTypeormReferences(input, declarations)).toEqual([
        { ...input[0], relation: { schema: null, name: 'profiles' }, column: 'display_name', confidence: 'exact', note: undefined },
        { ...input[1], kind: 'relation', column: undefined, relation: { schema: null, name: 'post' }, confidence: 'inferred', note: undefined },
        { ...input[2], relation: { schema: null, name: 'profiles' }, confidence: 'exact', note: undefined, provides: ['email', 'display_name'] },
      ]);
    });
  });
});
