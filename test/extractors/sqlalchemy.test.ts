import { beforeAll, describe, expect, it } from 'vitest';
import sqlalchemy from '../../rules/extractors/sqlalchemy/index.js';
import { resolveSqlalchemyReferences } from '../../rules/extractors/sqlalchemy/resolve.js';
import { ensurePythonParser } from '../../src/extract/python.js';
import type { Declaration, Reference } from '../../src/types.js';
import { compactDeclaration, compactReference, testExtractor } from '../helpers/extract.js';
import { extractFromSource } from '../../src/extract/file.js';

beforeAll(async () => {
  await ensurePythonParser();
});

describe('sqlalchemy extractor', () => {
  testExtractor(sqlalchemy, [
    {
      name: "classic declarative model: __tablename__, schema, Column names, nullability, foreign keys",
      filename: "app/models.py",
      code: [
        "from sqlalchemy import Column, ForeignKey, Integer, String",
        "from sqlalchemy.orm import declarative_base, relationship",
        "",
        "Base = declarative_base()",
        "",
        "# Benutzer – 用户 😀",
        "class User(Base):",
        "    __tablename__ = 'users'",
        "    __table_args__ = {'schema': 'auth'}",
        "    id = Column(Integer, primary_key=True)",
        "    email = Column('email_address', String(255), nullable=False)",
        "    name = Column(String)",
        "    org_id = Column(Integer, ForeignKey('public.orgs.id'))",
        "    posts = relationship('Post', back_populates='author')",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":"public","name":"orgs"},"column":"id","access":"ddl","written":"public.orgs.id","confidence":"exact","loc":"13:41-13:57"},
      ],
      declarations: [
        {"relation":{"schema":"auth","name":"users"},"model":"User","confidence":"exact","loc":"7:7-7:11","columns":[{"name":"id","type":"Integer","nullable":false,"loc":"10:5-10:7"},{"name":"email_address","type":"String(255)","nullable":false,"field":"email","loc":"11:20-11:35"},{"name":"name","type":"String","nullable":true,"loc":"12:5-12:9"},{"name":"org_id","type":"Integer","nullable":true,"loc":"13:5-13:11"}]},
      ],
    },
    {
      name: "SQLAlchemy 2.0 Mapped columns, Optional and | None, annotation-only columns, tuple table args",
      filename: "app/models.py",
      code: [
        "from typing import List, Optional",
        "from sqlalchemy import UniqueConstraint",
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship",
        "",
        "class Base(DeclarativeBase):",
        "    pass",
        "",
        "class Post(Base):",
        "    __tablename__ = \"posts\"",
        "    __table_args__ = (UniqueConstraint(\"slug\"), {\"schema\": \"blog\"})",
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    slug: Mapped[str]",
        "    subtitle: Mapped[Optional[str]]",
        "    nick: Mapped[str | None] = mapped_column(\"nick_name\", nullable=False)",
        "    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"))",
        "    tags: Mapped[List[\"Tag\"]] = relationship()",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"id","access":"ddl","written":"users.id","confidence":"exact","loc":"15:55-15:65"},
      ],
      declarations: [
        {"relation":{"schema":"blog","name":"posts"},"model":"Post","confidence":"exact","loc":"8:7-8:11","columns":[{"name":"id","type":"int","nullable":false,"loc":"11:5-11:7"},{"name":"slug","type":"str","nullable":false,"loc":"12:5-12:9"},{"name":"subtitle","type":"str","nullable":true,"loc":"13:5-13:13"},{"name":"nick_name","type":"str","nullable":false,"field":"nick","loc":"14:46-14:57"},{"name":"author_id","type":"int","nullable":false,"loc":"15:5-15:14"}]},
      ],
    },
    {
      name: "Table() with columns, schema and foreign keys",
      filename: "app/tables.py",
      code: [
        "import sqlalchemy as sa",
        "",
        "metadata = sa.MetaData()",
        "user_roles = sa.Table(",
        "    \"user_roles\",",
        "    metadata,",
        "    sa.Column(\"user_id\", sa.ForeignKey(\"users.id\"), primary_key=True),",
        "    sa.Column(\"role\", sa.String(50), nullable=False),",
        "    schema=\"auth\",",
        ")",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"id","access":"ddl","written":"users.id","confidence":"exact","loc":"7:40-7:50"},
      ],
      declarations: [
        {"relation":{"schema":"auth","name":"user_roles"},"confidence":"exact","loc":"5:5-5:17","columns":[{"name":"user_id","nullable":false,"loc":"7:15-7:24"},{"name":"role","type":"sa.String(50)","nullable":false,"loc":"8:15-8:21"}]},
      ],
    },
    {
      name: "SQLModel tables: default name is the class name lower-cased; non-table models are not declared",
      filename: "app/models.py",
      code: [
        "from typing import Optional",
        "from sqlmodel import Field, Relationship, SQLModel",
        "",
        "class HeroBase(SQLModel):",
        "    name: str",
        "",
        "class Hero(SQLModel, table=True):",
        "    id: Optional[int] = Field(default=None, primary_key=True)",
        "    name: str",
        "    age: Optional[int] = None",
        "    team_id: Optional[int] = Field(default=None, foreign_key=\"team.id\")",
        "    team: Optional[\"Team\"] = Relationship(back_populates=\"heroes\")",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"HeroBase"},"column":"name","access":"ddl","written":"name","confidence":"inferred","note":"sqlalchemy-mixin:HeroBase","loc":"5:5-5:9"},
        {"kind":"column","relation":{"schema":null,"name":"team"},"column":"id","access":"ddl","written":"team.id","confidence":"exact","loc":"11:62-11:71"},
      ],
      declarations: [
        {"relation":{"schema":null,"name":"hero"},"model":"Hero","confidence":"inferred","loc":"7:7-7:11","columns":[{"name":"id","type":"Optional[int]","nullable":false,"loc":"8:5-8:7"},{"name":"name","type":"str","nullable":false,"loc":"9:5-9:9"},{"name":"age","type":"Optional[int]","nullable":true,"loc":"10:5-10:8"},{"name":"team_id","type":"Optional[int]","nullable":true,"loc":"11:5-11:12"}]},
      ],
    },
    {
      name: "Flask-SQLAlchemy db.Model: default snake_case table name",
      filename: "app/models.py",
      code: [
        "from flask_sqlalchemy import SQLAlchemy",
        "",
        "db = SQLAlchemy()",
        "",
        "class UserProfile(db.Model):",
        "    id = db.Column(db.Integer, primary_key=True)",
        "    bio = db.Column(db.Text)",
      ].join('\n'),
      references: [],
      declarations: [
        {"relation":{"schema":null,"name":"user_profile"},"model":"UserProfile","confidence":"inferred","loc":"5:7-5:18","columns":[{"name":"id","type":"db.Integer","nullable":false,"loc":"6:5-6:7"},{"name":"bio","type":"db.Text","nullable":true,"loc":"7:5-7:8"}]},
      ],
    },
    {
      name: "mixins, abstract bases and single-table inheritance",
      filename: "app/models.py",
      code: [
        "from sqlalchemy import Column, DateTime, Integer, String",
        "from .base import Base",
        "",
        "class TimestampMixin:",
        "    created_at = Column(DateTime, nullable=False)",
        "",
        "class Model(Base):",
        "    __abstract__ = True",
        "",
        "class Employee(TimestampMixin, Base):",
        "    __tablename__ = \"employees\"",
        "    id = Column(Integer, primary_key=True)",
        "    type = Column(String(20))",
        "",
        "class Manager(Employee):",
        "    budget = Column(Integer)",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"TimestampMixin"},"column":"created_at","access":"ddl","written":"created_at","confidence":"inferred","note":"sqlalchemy-mixin:TimestampMixin","loc":"5:5-5:15"},
        {"kind":"relation","relation":{"schema":null,"name":"Base"},"access":"ddl","written":"Base","confidence":"inferred","note":"sqlalchemy-base:Model:.base","loc":"7:13-7:17"},
        {"kind":"relation","relation":{"schema":null,"name":"Base"},"access":"ddl","written":"Base","confidence":"inferred","note":"sqlalchemy-base:Employee:.base","loc":"10:32-10:36"},
      ],
      declarations: [
        {"relation":{"schema":null,"name":"employees"},"model":"Employee","confidence":"exact","loc":"10:7-10:15","columns":[{"name":"created_at","type":"DateTime","nullable":false,"loc":"5:5-5:15"},{"name":"id","type":"Integer","nullable":false,"loc":"12:5-12:7"},{"name":"type","type":"String(20)","nullable":true,"loc":"13:5-13:9"},{"name":"budget","type":"Integer","nullable":true,"loc":"16:5-16:11"}]},
      ],
    },
    {
      name: "usage through models: query, select, filter_by, values, session.get, Flask Model.query",
      filename: "app/routes.py",
      code: [
        "from sqlalchemy import insert, select, update",
        "from .models import Post as P, User",
        "from .config import Settings",
        "",
        "def handler(session, x):",
        "    label = \"Grüße 👋\"; q = session.query(User).filter(User.email == x).filter_by(name=\"a\")",
        "    stmt = select(P).where(P.title == label).order_by(P.created_at.desc())",
        "    session.execute(insert(User).values(name=\"n\", email=x))",
        "    session.execute(update(User).where(User.id == 1).values(email=x))",
        "    session.get(User, 1)",
        "    User.query.filter_by(name=x).all()",
        "    User.create(name=x)",
        "    return Settings.DEBUG",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"User"},"access":"read","written":"User","confidence":"inferred","note":"sqlalchemy-model:User","loc":"6:43-6:47"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"email","access":"read","written":"User.email","confidence":"inferred","note":"sqlalchemy-model:User","loc":"6:56-6:66"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"name","access":"read","written":"name","confidence":"inferred","note":"sqlalchemy-model:User","loc":"6:83-6:87"},
        {"kind":"relation","relation":{"schema":null,"name":"Post"},"access":"read","written":"P","confidence":"inferred","note":"sqlalchemy-model:Post","loc":"7:19-7:20"},
        {"kind":"column","relation":{"schema":null,"name":"Post"},"column":"title","access":"read","written":"P.title","confidence":"inferred","note":"sqlalchemy-model:Post","loc":"7:28-7:35"},
        {"kind":"column","relation":{"schema":null,"name":"Post"},"column":"created_at","access":"read","written":"P.created_at","confidence":"inferred","note":"sqlalchemy-model:Post","loc":"7:55-7:67"},
        {"kind":"relation","relation":{"schema":null,"name":"User"},"access":"insert","written":"User","confidence":"inferred","note":"sqlalchemy-model:User","loc":"8:28-8:32"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"name","access":"insert","written":"name","confidence":"inferred","note":"sqlalchemy-model:User","loc":"8:41-8:45"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"email","access":"insert","written":"email","confidence":"inferred","note":"sqlalchemy-model:User","loc":"8:51-8:56"},
        {"kind":"relation","relation":{"schema":null,"name":"User"},"access":"update","written":"User","confidence":"inferred","note":"sqlalchemy-model:User","loc":"9:28-9:32"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"id","access":"read","written":"User.id","confidence":"inferred","note":"sqlalchemy-model:User","loc":"9:40-9:47"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"email","access":"update","written":"email","confidence":"inferred","note":"sqlalchemy-model:User","loc":"9:61-9:66"},
        {"kind":"relation","relation":{"schema":null,"name":"User"},"access":"read","written":"User","confidence":"inferred","note":"sqlalchemy-model:User","loc":"10:17-10:21"},
        {"kind":"relation","relation":{"schema":null,"name":"User"},"access":"read","written":"User","confidence":"inferred","note":"sqlalchemy-model:User","loc":"11:5-11:9"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"name","access":"read","written":"name","confidence":"inferred","note":"sqlalchemy-model:User","loc":"11:26-11:30"},
      ],
    },
    {
      name: "constructing a model is an insert: session.add, add_all, bulk_save_objects; keyword arguments are columns",
      filename: "app/routes.py",
      code: [
        "from .models import Video, VideoIngestRequest",
        "",
        "def ingest(session, video_id, url, rows):",
        "    request = VideoIngestRequest(video_id=video_id, source_url=url, owner=None)",
        "    session.add(request)",
        "    session.add_all([Video(title=r) for r in rows])",
        "    session.bulk_save_objects([Video(**r) for r in rows])",
        "    return request.id",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"VideoIngestRequest"},"access":"insert","written":"VideoIngestRequest","confidence":"inferred","note":"sqlalchemy-model:VideoIngestRequest","loc":"4:15-4:33"},
        {"kind":"column","relation":{"schema":null,"name":"VideoIngestRequest"},"column":"video_id","access":"insert","written":"video_id","confidence":"inferred","note":"sqlalchemy-model:VideoIngestRequest","loc":"4:34-4:42"},
        {"kind":"column","relation":{"schema":null,"name":"VideoIngestRequest"},"column":"source_url","access":"insert","written":"source_url","confidence":"inferred","note":"sqlalchemy-model:VideoIngestRequest","loc":"4:53-4:63"},
        {"kind":"column","relation":{"schema":null,"name":"VideoIngestRequest"},"column":"owner","access":"insert","written":"owner","confidence":"inferred","note":"sqlalchemy-model:VideoIngestRequest","loc":"4:69-4:74"},
        {"kind":"relation","relation":{"schema":null,"name":"Video"},"access":"insert","written":"Video","confidence":"inferred","note":"sqlalchemy-model:Video","loc":"6:22-6:27"},
        {"kind":"column","relation":{"schema":null,"name":"Video"},"column":"title","access":"insert","written":"title","confidence":"inferred","note":"sqlalchemy-model:Video","loc":"6:28-6:33"},
        {"kind":"relation","relation":{"schema":null,"name":"Video"},"access":"insert","written":"Video","confidence":"inferred","note":"sqlalchemy-model:Video","loc":"7:32-7:37"},
      ],
    },
    {
      name: "SQLModel: fields of non-table SQLModel bases are columns of the table model",
      filename: "app/models.py",
      code: [
        "import uuid",
        "from sqlmodel import Field, Relationship, SQLModel",
        "",
        "class UserBase(SQLModel):",
        "    email: str = Field(unique=True, max_length=255)",
        "    is_active: bool = True",
        "",
        "class UserCreate(UserBase):",
        "    password: str",
        "",
        "class User(UserBase, table=True):",
        "    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)",
        "    items: list[\"Item\"] = Relationship(back_populates=\"owner\")",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"UserBase"},"column":"email","access":"ddl","written":"email","confidence":"inferred","note":"sqlalchemy-mixin:UserBase","loc":"5:5-5:10"},
        {"kind":"column","relation":{"schema":null,"name":"UserBase"},"column":"is_active","access":"ddl","written":"is_active","confidence":"inferred","note":"sqlalchemy-mixin:UserBase","loc":"6:5-6:14"},
        {"kind":"column","relation":{"schema":null,"name":"UserCreate"},"column":"email","access":"ddl","written":"email","confidence":"inferred","note":"sqlalchemy-mixin:UserCreate","loc":"5:5-5:10"},
        {"kind":"column","relation":{"schema":null,"name":"UserCreate"},"column":"is_active","access":"ddl","written":"is_active","confidence":"inferred","note":"sqlalchemy-mixin:UserCreate","loc":"6:5-6:14"},
        {"kind":"column","relation":{"schema":null,"name":"UserCreate"},"column":"password","access":"ddl","written":"password","confidence":"inferred","note":"sqlalchemy-mixin:UserCreate","loc":"9:5-9:13"},
      ],
      declarations: [
        {"relation":{"schema":null,"name":"user"},"model":"User","confidence":"inferred","loc":"11:7-11:11","columns":[{"name":"email","type":"str","nullable":false,"loc":"5:5-5:10"},{"name":"is_active","type":"bool","nullable":false,"loc":"6:5-6:14"},{"name":"id","type":"uuid.UUID","nullable":false,"loc":"12:5-12:7"}]},
      ],
    },
    {
      name: "SQLModel usage: model_validate with update keys is an insert; select_from and join read the model",
      filename: "app/crud.py",
      code: [
        "from sqlmodel import func, select",
        "from .models import Item, User",
        "",
        "def create_item(session, item_in, owner_id):",
        "    item = Item.model_validate(item_in, update={\"owner_id\": owner_id, **extra})",
        "    count = session.exec(select(func.count()).select_from(Item)).one()",
        "    rows = session.exec(select(User.email).join(Item).where(Item.title == \"x\"))",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"Item"},"access":"insert","written":"Item","confidence":"inferred","note":"sqlalchemy-model:Item","loc":"5:12-5:16"},
        {"kind":"column","relation":{"schema":null,"name":"Item"},"column":"owner_id","access":"insert","written":"\"owner_id\"","confidence":"inferred","note":"sqlalchemy-model:Item","loc":"5:49-5:59"},
        {"kind":"relation","relation":{"schema":null,"name":"Item"},"access":"read","written":"Item","confidence":"inferred","note":"sqlalchemy-model:Item","loc":"6:59-6:63"},
        {"kind":"column","relation":{"schema":null,"name":"User"},"column":"email","access":"read","written":"User.email","confidence":"inferred","note":"sqlalchemy-model:User","loc":"7:32-7:42"},
        {"kind":"relation","relation":{"schema":null,"name":"Item"},"access":"read","written":"Item","confidence":"inferred","note":"sqlalchemy-model:Item","loc":"7:49-7:53"},
        {"kind":"column","relation":{"schema":null,"name":"Item"},"column":"title","access":"read","written":"Item.title","confidence":"inferred","note":"sqlalchemy-model:Item","loc":"7:61-7:71"},
      ],
    },
    {
      name: "not models: a class without bases, Table from another library, dynamic names",
      filename: "app/misc.py",
      code: [
        "from rich.table import Table",
        "from sqlalchemy import Column, ForeignKey, Integer",
        "from .base import Base",
        "",
        "class Report:",
        "    __tablename__ = \"reports\"",
        "",
        "table = Table(\"Title\")",
        "",
        "class Tenant(Base):",
        "    __tablename__ = f\"tenant_{get_name()}\"",
        "    id = Column(Integer, primary_key=True)",
        "    owner_id = Column(Integer, ForeignKey(target))",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"Base"},"access":"ddl","written":"Base","confidence":"inferred","note":"sqlalchemy-base:Tenant:.base","loc":"10:14-10:18"},
      ],
      skipped: ["table name of model Tenant is not static","foreign key target is not static: target"],
    },
    {
      name: "migrations are the schema, not usage",
      filename: "alembic/versions/0001_init.py",
      code: [
        "import sqlalchemy as sa",
        "from alembic import op",
        "",
        "def upgrade():",
        "    op.create_table(\"users\", sa.Column(\"id\", sa.Integer, primary_key=True))",
      ].join('\n'),
      references: [],
    },
    {
      name: "constants fold into table names and schema",
      filename: "app/models.py",
      code: [
        "from sqlalchemy import Column, Integer",
        "from .base import Base",
        "",
        "SCHEMA = \"billing\"",
        "PREFIX = \"app_\"",
        "",
        "class Invoice(Base):",
        "    __tablename__ = PREFIX + \"invoices\"",
        "    __table_args__ = {\"schema\": SCHEMA}",
        "    id = Column(Integer, primary_key=True)",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"Base"},"access":"ddl","written":"Base","confidence":"inferred","note":"sqlalchemy-base:Invoice:.base","loc":"7:15-7:19"},
      ],
      declarations: [
        {"relation":{"schema":"billing","name":"app_invoices"},"model":"Invoice","confidence":"exact","loc":"7:7-7:14","columns":[{"name":"id","type":"Integer","nullable":false,"loc":"10:5-10:7"}]},
      ],
    },
  ]);
});

describe('resolveSqlalchemyReferences', () => {
  const at = (file: string, line: number) => ({ file, line, column: 1, endLine: line, endColumn: 5 });
  const decl = (model: string, name: string, file: string, confidence: 'exact' | 'inferred', columns: Declaration['columns']): Declaration => ({
    extractor: 'sqlalchemy', relation: { schema: name === 'users' ? 'auth' : null, name }, model, columns, confidence, location: at(file, 1),
  });
  const declarations: Declaration[] = [
    decl('User', 'users', 'app/models.py', 'exact', [{ name: 'id' }, { name: 'email_address', field: 'email' }]),
    decl('Hero', 'hero', 'app/models.py', 'inferred', [{ name: 'id' }]),
    decl('Item', 'shop_items', 'shop/models.py', 'exact', [{ name: 'id' }]),
    decl('Item', 'blog_items', 'blog/models.py', 'exact', [{ name: 'id' }]),
    { ...decl('Other', 'other', 'x.py', 'exact', []), extractor: 'django' },
  ];
  const ref = (model: string, file: string, column?: string): Reference => ({
    extractor: 'sqlalchemy', kind: column ? 'column' : 'relation', relation: { schema: null, name: model }, ...(column ? { column } : {}),
    access: 'read', written: column ? `${model}.${column}` : model, quoted: false, confidence: 'inferred', location: at(file, 9),
    note: `sqlalchemy-model:${model}`,
  });

  it('maps classes and attributes to tables and columns, and drops what no declaration explains', () => {
    const plain: Reference = { ...ref('users', 'app/db.py'), note: undefined, confidence: 'exact' };
    delete plain.note;
    const out = resolveSqlalchemyReferences(
      [
        ref('User', 'app/routes.py'),
        ref('User', 'app/routes.py', 'email'),
        ref('User', 'app/routes.py', 'posts'),
        ref('Hero', 'app/routes.py', 'id'),
        ref('Item', 'shop/models.py'),
        ref('Item', 'app/routes.py'),
        ref('Settings', 'app/routes.py', 'debug'),
        ref('Other', 'app/routes.py'),
        plain,
      ],
      declarations,
    );
    expect(out).toEqual([
      { ...ref('User', 'app/routes.py'), relation: { schema: 'auth', name: 'users' }, confidence: 'exact', note: undefined },
      { ...ref('User', 'app/routes.py', 'email'), relation: { schema: 'auth', name: 'users' }, column: 'email_address', confidence: 'exact', note: undefined },
      { ...ref('Hero', 'app/routes.py', 'id'), relation: { schema: null, name: 'hero' }, confidence: 'inferred', note: 'default table name of model Hero' },
      { ...ref('Item', 'shop/models.py'), relation: { schema: null, name: 'shop_items' }, confidence: 'exact', note: undefined },
      plain,
    ].map((r) => JSON.parse(JSON.stringify(r))));
  });
});


describe('resolveSqlalchemyReferences across files', () => {
  const files: Record<string, string[]> = {
    'api/models/base_model.py': [
      'from sqlalchemy import Column, DateTime, String',
      'from api.models.associations import Base',
      '',
      'class BaseTableModel(Base):',
      '    __abstract__ = True',
      '    id = Column(String, primary_key=True)',
      '    created_at = Column(DateTime)',
    ],
    'legacy/base_model.py': ['from sqlalchemy import Column, Integer', '', 'class BaseTableModel:', '    legacy_id = Column(Integer)'],
    'api/models/user.py': [
      'from sqlalchemy import Column, String',
      'from api.models.base_model import BaseTableModel',
      '',
      'class User(BaseTableModel):',
      '    __tablename__ = "users"',
      '    email = Column(String)',
    ],
    'api/routes.py': [
      'from sqlalchemy import select',
      'from api.models.user import User',
      '',
      'def recent(session, since):',
      '    return session.scalars(select(User).where(User.created_at > since))',
    ],
  };

  it('adds columns of abstract bases and mixins in other modules (the imported module picks among same-named classes)', () => {
    const references: Reference[] = [];
    const declarations: Declaration[] = [];
    for (const [file, lines] of Object.entries(files)) {
      const result = extractFromSource(file, lines.join('\n'), [sqlalchemy], { packages: new Set(['sqlalchemy']), claimedBy: new Set(['sqlalchemy']) });
      references.push(...result.references);
      declarations.push(...result.declarations);
    }
    const resolved = resolveSqlalchemyReferences(references, declarations);
    expect(declarations.map(compactDeclaration)).toEqual([
      {"relation":{"schema":null,"name":"users"},"model":"User","confidence":"exact","loc":"4:7-4:11","columns":[{"name":"id","loc":"6:5-6:7"},{"name":"created_at","loc":"7:5-7:15"},{"name":"email","type":"String","nullable":true,"loc":"6:5-6:10"}]},
    ]);
    expect(declarations[0]!.columns[0]!.location!.file).toBe('api/models/base_model.py');
    expect(resolved.map((r) => ({ file: r.location.file, ...compactReference(r) }))).toEqual([
      {"file":"api/routes.py","kind":"relation","relation":{"schema":null,"name":"users"},"access":"read","written":"User","confidence":"exact","loc":"5:35-5:39"},
      {"file":"api/routes.py","kind":"column","relation":{"schema":null,"name":"users"},"column":"created_at","access":"read","written":"User.created_at","confidence":"exact","loc":"5:47-5:62"},
    ]);
  });
});
