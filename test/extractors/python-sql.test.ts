import { beforeAll, describe, expect, it } from 'vitest';
import pythonSql from '../../rules/extractors/python-sql/index.js';
import { sqlFromPython } from '../../rules/extractors/python-sql/sql-text.js';
import { ensurePythonParser, parsePython, PyFile, sourceRange } from '../../src/extract/python.js';
import { ensureSqlParser } from '../../src/sql/index.js';
import { testExtractor } from '../helpers/extract.js';

beforeAll(async () => {
  await Promise.all([ensurePythonParser(), ensureSqlParser()]);
});

describe('python-sql extractor', () => {
  testExtractor(pythonSql, [
    {
      name: "DB-API cursor.execute with %s and %(name)s parameters, multibyte text before the SQL",
      filename: "app/db.py",
      code: [
        "def find(cur, email):",
        "    note = \"naïve 😀\"; cur.execute(\"SELECT id, name FROM users WHERE email = %s\", (email,))",
        "    cur.execute(\"UPDATE users SET name = %(name)s WHERE id = %(id)s\", {\"name\": \"x\", \"id\": 1})",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"2:44-2:46"},
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"name","access":"read","confidence":"exact","written":"name","loc":"2:48-2:52"},
        {"kind":"relation","relation":{"schema":null,"name":"users"},"access":"read","confidence":"exact","written":"users","loc":"2:58-2:63"},
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"email","access":"read","confidence":"exact","written":"email","loc":"2:70-2:75"},
        {"kind":"relation","relation":{"schema":null,"name":"users"},"access":"update","confidence":"exact","written":"users","loc":"3:25-3:30"},
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"name","access":"update","confidence":"exact","written":"name","loc":"3:35-3:39"},
        {"kind":"column","relation":{"schema":null,"name":"users"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"3:57-3:59"},
      ],
    },
    {
      name: "SQLAlchemy text() with :name, session.execute and conn.execute, escapes and triple quotes",
      filename: "app/repo.py",
      code: [
        "from sqlalchemy import text",
        "",
        "def stats(session, conn, uid):",
        "    session.execute(text(\"SELECT count(*) FROM videos WHERE user_id = :uid\"), {\"uid\": uid})",
        "    conn.execute(text(\"\"\"",
        "        INSERT INTO audit_log (actor, \"Action\")",
        "        VALUES (:actor, 'tab\\there')",
        "    \"\"\"))",
        "    stmt = text('SELECT created_at::date FROM events')",
        "    session.execute(stmt)",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"videos"},"access":"read","confidence":"exact","written":"videos","loc":"4:48-4:54"},
        {"kind":"column","relation":{"schema":null,"name":"videos"},"column":"user_id","access":"read","confidence":"exact","written":"user_id","loc":"4:61-4:68"},
        {"kind":"relation","relation":{"schema":null,"name":"audit_log"},"access":"insert","confidence":"exact","provides":["actor","Action"],"written":"audit_log","loc":"6:21-6:30"},
        {"kind":"column","relation":{"schema":null,"name":"audit_log"},"column":"actor","access":"insert","confidence":"exact","written":"actor","loc":"6:32-6:37"},
        {"kind":"column","relation":{"schema":null,"name":"audit_log"},"column":"Action","access":"insert","confidence":"exact","values":[{"kind":"string","text":"tab\there","location":{"file":"app/repo.py","line":7,"column":25,"endLine":7,"endColumn":36}}],"written":"\"Action\"","quoted":true,"loc":"6:39-6:47"},
        {"kind":"column","relation":{"schema":null,"name":"events"},"column":"created_at","access":"read","confidence":"exact","written":"created_at","loc":"9:25-9:35"},
        {"kind":"relation","relation":{"schema":null,"name":"events"},"access":"read","confidence":"exact","written":"events","loc":"9:47-9:53"},
      ],
    },
    {
      name: "asyncpg fetch/fetchrow/fetchval with $n, engine.execute, op.execute outside migrations",
      filename: "app/service.py",
      code: [
        "async def load(conn, engine, op):",
        "    rows = await conn.fetch(\"SELECT * FROM public.orders WHERE id = $1\", 1)",
        "    row = await conn.fetchrow('SELECT total FROM orders')",
        "    engine.execute(\"DELETE FROM sessions\")",
        "    op.execute(\"TRUNCATE cache_entries\")",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":"public","name":"orders"},"access":"read","confidence":"exact","written":"public.orders","loc":"2:44-2:57"},
        {"kind":"column","relation":{"schema":"public","name":"orders"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"2:64-2:66"},
        {"kind":"column","relation":{"schema":null,"name":"orders"},"column":"total","access":"read","confidence":"exact","written":"total","loc":"3:39-3:44"},
        {"kind":"relation","relation":{"schema":null,"name":"orders"},"access":"read","confidence":"exact","written":"orders","loc":"3:50-3:56"},
        {"kind":"relation","relation":{"schema":null,"name":"sessions"},"access":"delete","confidence":"exact","written":"sessions","loc":"4:33-4:41"},
        {"kind":"relation","relation":{"schema":null,"name":"cache_entries"},"access":"delete","confidence":"exact","written":"cache_entries","loc":"5:26-5:39"},
      ],
    },
    {
      name: "constants and concatenation fold; names computed at run time are dynamic",
      filename: "app/queries.py",
      code: [
        "TABLE = \"accounts\"",
        "BASE = \"SELECT id FROM \" + TABLE",
        "GET_ONE = \"\"\"SELECT email FROM customers WHERE id = %s\"\"\"",
        "",
        "def run(cur, table, uid):",
        "    cur.execute(BASE + \" WHERE active\")",
        "    cur.execute(f\"SELECT * FROM {TABLE} WHERE id = {uid}\")",
        "    cur.execute(f\"SELECT * FROM {table}\")",
        "    cur.execute(GET_ONE, (uid,))",
        "    query = \"SELECT 1 FROM \" + table",
        "    cur.execute(query)",
        "    cur.execute(build_query())",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"accounts"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"6:17-6:21"},
        {"kind":"relation","relation":{"schema":null,"name":"accounts"},"access":"read","confidence":"exact","written":"accounts","loc":"6:17-6:21"},
        {"kind":"column","relation":{"schema":null,"name":"accounts"},"column":"active","access":"read","confidence":"exact","written":"active","loc":"6:32-6:38"},
        {"kind":"relation","relation":{"schema":null,"name":"accounts"},"access":"read","confidence":"exact","written":"accounts","loc":"7:33-7:40"},
        {"kind":"column","relation":{"schema":null,"name":"accounts"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"7:47-7:49"},
        {"kind":"relation","relation":{"schema":null,"name":"${table}"},"access":"read","confidence":"dynamic","note":"the table name is computed at run time","written":"${table}","loc":"8:33-8:40"},
        {"kind":"column","relation":{"schema":null,"name":"customers"},"column":"email","access":"read","confidence":"exact","written":"email","loc":"3:21-3:26"},
        {"kind":"relation","relation":{"schema":null,"name":"customers"},"access":"read","confidence":"exact","written":"customers","loc":"3:32-3:41"},
        {"kind":"column","relation":{"schema":null,"name":"customers"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"3:48-3:50"},
        {"kind":"relation","relation":{"schema":null,"name":"${table}"},"access":"read","confidence":"dynamic","note":"the table name is computed at run time","written":"${table}","loc":"10:32-10:37"},
      ],
    },
    {
      name: "psycopg sql.SQL with Identifier and Placeholder",
      filename: "app/pg.py",
      code: [
        "from psycopg import sql",
        "",
        "def q(cur, name):",
        "    cur.execute(sql.SQL(\"SELECT {} FROM {} WHERE id = {}\").format(sql.Identifier(\"email\"), sql.Identifier(\"people\"), sql.Placeholder()))",
        "    cur.execute(sql.SQL(\"SELECT * FROM {tbl}\").format(tbl=sql.Identifier(name)))",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"people"},"column":"email","access":"read","confidence":"exact","written":"\"email\"","quoted":true,"loc":"4:33-4:35"},
        {"kind":"relation","relation":{"schema":null,"name":"people"},"access":"read","confidence":"exact","written":"\"people\"","quoted":true,"loc":"4:41-4:43"},
        {"kind":"column","relation":{"schema":null,"name":"people"},"column":"id","access":"read","confidence":"exact","written":"id","loc":"4:50-4:52"},
        {"kind":"relation","relation":{"schema":null,"name":"${sql.Identifier(name)}"},"access":"read","confidence":"dynamic","note":"the table name is computed at run time","written":"${sql.Identifier(name)}","loc":"5:40-5:45"},
      ],
    },
    {
      name: "not SQL: unrelated execute calls, ORM statements, migrations excluded",
      filename: "app/tasks.py",
      code: [
        "from sqlalchemy import select",
        "",
        "def go(executor, session, task):",
        "    executor.execute(task)",
        "    executor.execute(\"build\")",
        "    session.execute(select(User))",
      ].join('\n'),
      references: [],
    },
    {
      name: "unparseable SQL is reported, not guessed",
      filename: "app/bad.py",
      code: [
        "def f(cur):",
        "    cur.execute(\"SELECT FROM WHERE\")",
      ].join('\n'),
      references: [],
      skipped: ["SQL does not parse (syntax error at or near \"WHERE\" (offset 12))"],
    },
    {
      name: "migration files are ignored",
      filename: "alembic/versions/0002_data.py",
      code: [
        "from alembic import op",
        "",
        "def upgrade():",
        "    op.execute(\"UPDATE users SET active = true\")",
      ].join('\n'),
      references: [],
    },
    {
      name: "text() as a column default is an SQL expression, not a statement: not analysed",
      filename: "app/models.py",
      code: [
        "from sqlalchemy import Boolean, Column, DateTime, text",
        "from .base import Base",
        "",
        "class Blog(Base):",
        "    __tablename__ = \"blogs\"",
        "    is_deleted = Column(Boolean, server_default=text(\"false\"))",
        "    created_at = Column(DateTime, server_default=text(\"now()\"))",
        "",
        "def purge(session):",
        "    session.execute(text(\"DELETE FROM blogs WHERE is_deleted\"))",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"blogs"},"access":"delete","confidence":"exact","written":"blogs","loc":"10:39-10:44"},
        {"kind":"column","relation":{"schema":null,"name":"blogs"},"column":"is_deleted","access":"read","confidence":"exact","written":"is_deleted","loc":"10:51-10:61"},
      ],
      skipped: [],
    },
    {
      name: "SQL passed in from elsewhere is noted as not static",
      filename: "app/runner.py",
      code: [
        "def run(cursor, statement):",
        "    cursor.execute(statement)",
      ].join('\n'),
      references: [],
      skipped: ["SQL text is not static: statement"],
    },
  ]);
});

describe('Python string folding', () => {
  // Positions are UTF-16 indices, like JS strings: web-tree-sitter parses the text as UTF-16.
  const fold = (code: string) => {
    const tree = parsePython(code)!;
    try {
      const py = new PyFile(tree.rootNode, code);
      const statement = tree.rootNode.namedChildren.at(-1)!.namedChild(0)!;
      const sql = sqlFromPython(py, statement.childForFieldName('right')!)!;
      const at = sql.text.value.indexOf('users');
      return { value: sql.text.value, users: code.slice(...sourceRange(sql.text, at, at + 5)), range: sourceRange(sql.text, at, at + 5) };
    } finally {
      tree.delete();
    }
  };

  it('maps folded text back through prefixes, escapes, implicit concatenation and multibyte text', () => {
    expect(fold('x = "😀" + r\'\\d\' "\\tSELECT * FROM users"')).toEqual({ value: '😀\\d\tSELECT * FROM users', users: 'users', range: [34, 39] });
    expect(fold("T = 'users'\nx = f'''SELECT {{1}} FROM {T} WHERE a = %s'''")).toEqual({
      value: 'SELECT {1} FROM users WHERE a = $1',
      users: '{T}',
      range: [38, 41],
    });
  });
});
