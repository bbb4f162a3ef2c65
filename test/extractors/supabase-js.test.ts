import { describe } from 'vitest';
import supabase from '../../rules/extractors/supabase-js/index.js';
import type { ValueHint } from '../../src/types.js';
import { testExtractor, type ExtractorCase } from '../helpers/extract.js';

/** A value hint at `line:column-endLine:endColumn` of the case's file. */
function v(kind: ValueHint['kind'], at: string, text?: string, file = 'src/example.ts'): ValueHint {
  const [line, column, endLine, endColumn] = at.split(/[:-]/).map(Number) as [number, number, number, number];
  return { kind, ...(text !== undefined ? { text } : {}), location: { file, line, column, endLine, endColumn } };
}

const cases: ExtractorCase[] = [
  {
    name: 'select list: columns, aliases, casts, json paths, aggregates and embedded resources',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'const { data } = await supabase.from(\'posts\').select(\'id, heading:title, views::text, meta->>lang, amount.sum(), *\');',
      'await supabase.from(\'posts\').select(\'author:profiles!author_id(username), tags!inner(*), comments(count), ...categories(name)\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', confidence: 'exact', loc: '3:39-3:44' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:55-3:57' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'title', access: 'read', written: 'title', confidence: 'exact', loc: '3:67-3:72' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'views', access: 'read', written: 'views', confidence: 'exact', loc: '3:74-3:79' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'meta', access: 'read', written: 'meta', confidence: 'exact', loc: '3:87-3:91' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'amount', access: 'read', written: 'amount', confidence: 'exact', loc: '3:100-3:106' },
      { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', confidence: 'exact', loc: '4:22-4:27' },
      { kind: 'relation', relation: { schema: null, name: 'profiles' }, access: 'read', written: 'profiles', confidence: 'exact', loc: '4:45-4:53' },
      { kind: 'column', relation: { schema: null, name: 'profiles' }, column: 'username', access: 'read', written: 'username', confidence: 'exact', loc: '4:64-4:72' },
      { kind: 'relation', relation: { schema: null, name: 'tags' }, access: 'read', written: 'tags', confidence: 'exact', loc: '4:75-4:79' },
      { kind: 'relation', relation: { schema: null, name: 'comments' }, access: 'read', written: 'comments', confidence: 'exact', loc: '4:90-4:98' },
      { kind: 'relation', relation: { schema: null, name: 'categories' }, access: 'read', written: 'categories', confidence: 'exact', loc: '4:110-4:120' },
      { kind: 'column', relation: { schema: null, name: 'categories' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '4:121-4:125' },
    ],
  },
  {
    name: 'multi-line template literal select with an interpolated constant',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'const BASE = \'id, title\';',
      'await supabase.from(`posts`).select(`${BASE},',
      '  body,',
      '  profiles ( username )`);',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', confidence: 'exact', loc: '4:22-4:27' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '4:40-4:44' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'title', access: 'read', written: 'title', confidence: 'exact', loc: '4:40-4:44' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'body', access: 'read', written: 'body', confidence: 'exact', loc: '5:3-5:7' },
      { kind: 'relation', relation: { schema: null, name: 'profiles' }, access: 'read', written: 'profiles', confidence: 'exact', loc: '6:3-6:11' },
      { kind: 'column', relation: { schema: null, name: 'profiles' }, column: 'username', access: 'read', written: 'username', confidence: 'exact', loc: '6:14-6:22' },
    ],
  },
  {
    name: 'insert of an array provides the union of keys, with value kinds',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.from(\'leads\').insert([{ company: \'Acme\', score: 3, ratio: 0.5 }, { company: \'B\', active: true, notes: null, created_at: new Date().toISOString() }]).select(\'id\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'insert', written: 'leads', confidence: 'exact', provides: ['active', 'company', 'created_at', 'notes', 'ratio', 'score'], loc: '3:22-3:27' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'company', access: 'insert', written: 'company', confidence: 'exact', loc: '3:40-3:47', values: [v('string', '3:49-3:55', 'Acme')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'score', access: 'insert', written: 'score', confidence: 'exact', loc: '3:57-3:62', values: [v('integer', '3:64-3:65', '3')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'ratio', access: 'insert', written: 'ratio', confidence: 'exact', loc: '3:67-3:72', values: [v('decimal', '3:74-3:77', '0.5')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'company', access: 'insert', written: 'company', confidence: 'exact', loc: '3:83-3:90', values: [v('string', '3:92-3:95', 'B')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'active', access: 'insert', written: 'active', confidence: 'exact', loc: '3:97-3:103', values: [v('boolean', '3:105-3:109')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'notes', access: 'insert', written: 'notes', confidence: 'exact', loc: '3:111-3:116', values: [v('null', '3:118-3:122')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'created_at', access: 'insert', written: 'created_at', confidence: 'exact', loc: '3:124-3:134', values: [v('date', '3:136-3:160')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:173-3:175' },
    ],
  },
  {
    name: 'insert with a spread or a non-literal row has no provides',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.from(\'leads\').insert({ ...base, company: \'Acme\' });',
      'await supabase.from(\'leads\').insert(payload);',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'insert', written: 'leads', confidence: 'exact', loc: '3:22-3:27' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'company', access: 'insert', written: 'company', confidence: 'exact', loc: '3:48-3:55', values: [v('string', '3:57-3:63', 'Acme')] },
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'insert', written: 'leads', confidence: 'exact', loc: '4:22-4:27' },
    ],
  },
  {
    name: 'upsert with onConflict; update with filters; delete',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.from(\'members\').upsert({ org_id: org, user_id: uid }, { onConflict: \'org_id,user_id\' });',
      'await supabase.from(\'members\').update({ role: \'admin\' }).eq(\'id\', 7);',
      'await supabase.from(\'members\').delete().in(\'status\', [\'gone\', \'banned\']);',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'members' }, access: 'insert', written: 'members', confidence: 'exact', provides: ['org_id', 'user_id'], loc: '3:22-3:29' },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'org_id', access: 'insert', written: 'org_id', confidence: 'exact', loc: '3:41-3:47' },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'user_id', access: 'insert', written: 'user_id', confidence: 'exact', loc: '3:54-3:61' },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'org_id', access: 'read', written: 'org_id', confidence: 'exact', loc: '3:85-3:91' },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'user_id', access: 'read', written: 'user_id', confidence: 'exact', loc: '3:92-3:99' },
      { kind: 'relation', relation: { schema: null, name: 'members' }, access: 'update', written: 'members', confidence: 'exact', loc: '4:22-4:29' },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'role', access: 'update', written: 'role', confidence: 'exact', loc: '4:41-4:45', values: [v('string', '4:47-4:54', 'admin')] },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '4:62-4:64', values: [v('integer', '4:67-4:68', '7')] },
      { kind: 'relation', relation: { schema: null, name: 'members' }, access: 'delete', written: 'members', confidence: 'exact', loc: '5:22-5:29' },
      { kind: 'column', relation: { schema: null, name: 'members' }, column: 'status', access: 'read', written: 'status', confidence: 'exact', loc: '5:45-5:51', values: [v('string', '5:55-5:61', 'gone'), v('string', '5:63-5:71', 'banned')] },
    ],
  },
  {
    name: 'filters and modifiers name columns of the table, foreign filters name the embedded table',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.from(\'tasks\').select(\'id, owner:users(name)\')',
      '  .neq(\'state\', \'done\').gte(\'due_at\', \'2024-01-01\').is(\'deleted_at\', null).ilike(\'title\', \'%x%\')',
      '  .not(\'tags\', \'cs\', \'{a}\').filter(\'priority\', \'eq\', \'high\').contains(\'labels\', [\'x\']).textSearch(\'body\', q)',
      '  .match({ project_id: pid, archived: false }).eq(\'owner.name\', \'ann\').eq(\'data->>kind\', \'bug\')',
      '  .order(\'created_at\', { ascending: false }).order(\'name\', { referencedTable: \'owner\' }).range(0, 9);',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'tasks' }, access: 'read', written: 'tasks', confidence: 'exact', loc: '3:22-3:27' },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:38-3:40' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', written: 'users', confidence: 'exact', loc: '3:48-3:53' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '3:54-3:58' },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'state', access: 'read', written: 'state', confidence: 'exact', loc: '4:9-4:14', values: [v('string', '4:17-4:23', 'done')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'due_at', access: 'read', written: 'due_at', confidence: 'exact', loc: '4:30-4:36', values: [v('date', '4:39-4:51', '2024-01-01')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'deleted_at', access: 'read', written: 'deleted_at', confidence: 'exact', loc: '4:57-4:67', values: [v('null', '4:70-4:74')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'title', access: 'read', written: 'title', confidence: 'exact', loc: '4:83-4:88', values: [v('string', '4:91-4:96', '%x%')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'tags', access: 'read', written: 'tags', confidence: 'exact', loc: '5:9-5:13', values: [v('string', '5:22-5:27', '{a}')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'priority', access: 'read', written: 'priority', confidence: 'exact', loc: '5:37-5:45', values: [v('string', '5:54-5:60', 'high')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'labels', access: 'read', written: 'labels', confidence: 'exact', loc: '5:72-5:78', values: [v('array', '5:81-5:86')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'body', access: 'read', written: 'body', confidence: 'exact', loc: '5:100-5:104' },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'project_id', access: 'read', written: 'project_id', confidence: 'exact', loc: '6:12-6:22' },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'archived', access: 'read', written: 'archived', confidence: 'exact', loc: '6:29-6:37', values: [v('boolean', '6:39-6:44')] },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '6:58-6:62', values: [v('string', '6:65-6:70', 'ann')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'data', access: 'read', written: 'data', confidence: 'exact', loc: '6:76-6:80', values: [v('string', '6:90-6:95', 'bug')] },
      { kind: 'column', relation: { schema: null, name: 'tasks' }, column: 'created_at', access: 'read', written: 'created_at', confidence: 'exact', loc: '7:11-7:21' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '7:53-7:57' },
    ],
  },
  {
    name: 'or() logic trees, nested and(), referencedTable option',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.from(\'leads\').select(\'id, clients(id)\').or(\'status.eq.new,score.gt.5,and(source.eq.web,city.is.null)\').or(\'name.eq.x\', { referencedTable: \'clients\' });',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'read', written: 'leads', confidence: 'exact', loc: '3:22-3:27' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:38-3:40' },
      { kind: 'relation', relation: { schema: null, name: 'clients' }, access: 'read', written: 'clients', confidence: 'exact', loc: '3:42-3:49' },
      { kind: 'column', relation: { schema: null, name: 'clients' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:50-3:52' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'status', access: 'read', written: 'status', confidence: 'exact', loc: '3:60-3:66', values: [v('string', '3:70-3:73', 'new')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'score', access: 'read', written: 'score', confidence: 'exact', loc: '3:74-3:79' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'source', access: 'read', written: 'source', confidence: 'exact', loc: '3:89-3:95', values: [v('string', '3:99-3:102', 'web')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'city', access: 'read', written: 'city', confidence: 'exact', loc: '3:103-3:107', values: [v('null', '3:111-3:115')] },
      { kind: 'column', relation: { schema: null, name: 'clients' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '3:123-3:127', values: [v('string', '3:131-3:132', 'x')] },
    ],
  },
  {
    name: 'schema().from() and rpc with named arguments',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.schema(\'billing\').from(\'invoices\').select(\'total\');',
      'await supabase.rpc(\'search_leads\', { query: \'x\', limit_n: 10 });',
      'await supabase.schema(\'billing\').rpc(\'close_month\');',
      'await supabase.rpc(fnName, args);',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: 'billing', name: 'invoices' }, access: 'read', written: 'invoices', confidence: 'exact', loc: '3:40-3:48' },
      { kind: 'column', relation: { schema: 'billing', name: 'invoices' }, column: 'total', access: 'read', written: 'total', confidence: 'exact', loc: '3:59-3:64' },
      { kind: 'function', relation: { schema: null, name: 'search_leads' }, access: 'call', written: 'search_leads', confidence: 'exact', argCount: 2, argNames: ['query', 'limit_n'], loc: '4:21-4:33' },
      { kind: 'function', relation: { schema: 'billing', name: 'close_month' }, access: 'call', written: 'close_month', confidence: 'exact', argCount: 0, argNames: [], loc: '5:39-5:50' },
      { kind: 'function', relation: { schema: null, name: 'fnName' }, access: 'call', written: 'fnName', confidence: 'dynamic', note: 'function name is not a constant', loc: '6:20-6:26' },
    ],
  },
  {
    name: 'Next.js local helper createClient from @/lib/supabase/server',
    filename: 'app/api/collaboration/messages/route.ts',
    code: [
      'import { createClient } from \'@/lib/supabase/server\';',
      'export async function GET() {',
      '  const db = await createClient();',
      '  const { data } = await db.from(\'messages\').select(\'id, body\');',
      '  await (await createClient()).from(\'threads\').select(\'title\');',
      '}',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'messages' }, access: 'read', written: 'messages', confidence: 'exact', loc: '4:35-4:43' },
      { kind: 'column', relation: { schema: null, name: 'messages' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '4:54-4:56' },
      { kind: 'column', relation: { schema: null, name: 'messages' }, column: 'body', access: 'read', written: 'body', confidence: 'exact', loc: '4:58-4:62' },
      { kind: 'relation', relation: { schema: null, name: 'threads' }, access: 'read', written: 'threads', confidence: 'exact', loc: '5:38-5:45' },
      { kind: 'column', relation: { schema: null, name: 'threads' }, column: 'title', access: 'read', written: 'title', confidence: 'exact', loc: '5:56-5:61' },
    ],
  },
  {
    name: '@supabase/ssr clients, this.supabase, SupabaseClient parameters and helper calls',
    code: [
      'import { createServerClient } from \'@supabase/ssr\';',
      'import type { SupabaseClient } from \'@supabase/supabase-js\';',
      'const client = createServerClient(url, key, { cookies });',
      'client.from(\'a\').select(\'x\');',
      'class Repo { constructor(private supabase: SupabaseClient) {} list() { return this.supabase.from(\'b\').select(\'y\'); } }',
      'function load(sb: SupabaseClient<Database>) { return sb.from(\'c\').select(\'z\'); }',
      'getSupabaseAdmin().from(\'d\').select(\'w\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'a' }, access: 'read', written: 'a', confidence: 'exact', loc: '4:14-4:15' },
      { kind: 'column', relation: { schema: null, name: 'a' }, column: 'x', access: 'read', written: 'x', confidence: 'exact', loc: '4:26-4:27' },
      { kind: 'relation', relation: { schema: null, name: 'b' }, access: 'read', written: 'b', confidence: 'exact', loc: '5:99-5:100' },
      { kind: 'column', relation: { schema: null, name: 'b' }, column: 'y', access: 'read', written: 'y', confidence: 'exact', loc: '5:111-5:112' },
      { kind: 'relation', relation: { schema: null, name: 'c' }, access: 'read', written: 'c', confidence: 'exact', loc: '6:63-6:64' },
      { kind: 'column', relation: { schema: null, name: 'c' }, column: 'z', access: 'read', written: 'z', confidence: 'exact', loc: '6:75-6:76' },
      { kind: 'relation', relation: { schema: null, name: 'd' }, access: 'read', written: 'd', confidence: 'exact', loc: '7:26-7:27' },
      { kind: 'column', relation: { schema: null, name: 'd' }, column: 'w', access: 'read', written: 'w', confidence: 'exact', loc: '7:38-7:39' },
    ],
  },
  {
    name: 'a client imported from a project module by name',
    code: [
      "import { supabase } from '@/lib/supabase';",
      "await supabase.from('leads').select('id');",
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'read', written: 'leads', confidence: 'exact', loc: '2:22-2:27' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '2:38-2:40' },
    ],
  },
  {
    name: 'a query kept in a variable and continued conditionally',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'let query = supabase.from(\'leads\').select(\'id\');',
      'if (status) query = query.eq(\'status\', status);',
      'if (city) query = query.ilike(\'city\', `%${city}%`).order(\'score\');',
      'const { data } = await query;',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'read', written: 'leads', confidence: 'exact', loc: '3:28-3:33' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:44-3:46' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'status', access: 'read', written: 'status', confidence: 'exact', loc: '4:31-4:37' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'city', access: 'read', written: 'city', confidence: 'exact', loc: '5:32-5:36', values: [v('string', '5:39-5:50')] },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'score', access: 'read', written: 'score', confidence: 'exact', loc: '5:59-5:64' },
    ],
  },
  {
    name: 'dynamic table names are one dynamic reference and no columns',
    code: [
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'await supabase.from(table).select(\'id, name\').eq(\'id\', 1);',
      'const TABLE = \'leads\';',
      'await supabase.from(TABLE).select(\'id\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'table' }, access: 'read', written: 'table', confidence: 'dynamic', note: 'table name is not a constant', loc: '3:21-3:26' },
      { kind: 'relation', relation: { schema: null, name: 'leads' }, access: 'read', written: 'leads', confidence: 'exact', loc: '5:21-5:26' },
      { kind: 'column', relation: { schema: null, name: 'leads' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '5:36-5:38' },
    ],
  },
  {
    name: 'quoted and mixed-case names keep their case; malformed select and or() strings never throw or guess',
    code: [
      "import { createClient } from '@supabase/supabase-js';",
      'const supabase = createClient(url, key);',
      "await supabase.from('Events').select('\"Start Time\", userId, ((, ,x!!, rel(a').or('broken,(,').eq('', 1).eq();",
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'Events' }, access: 'read', written: 'Events', confidence: 'exact', quoted: true, loc: '3:22-3:28' },
      { kind: 'column', relation: { schema: null, name: 'Events' }, column: 'Start Time', access: 'read', written: 'Start Time', confidence: 'exact', quoted: true, loc: '3:40-3:50' },
      { kind: 'column', relation: { schema: null, name: 'Events' }, column: 'userId', access: 'read', written: 'userId', confidence: 'exact', quoted: true, loc: '3:53-3:59' },
    ],
    skipped: [],
  },
  {
    name: 'from() on other receivers is not a table: Array, Buffer, rxjs, storage, unrelated select',
    code: [
      'import { from } from \'rxjs\';',
      'import { createClient } from \'@supabase/supabase-js\';',
      'const supabase = createClient(url, key);',
      'Array.from(items); Buffer.from(\'abc\'); from([1, 2]);',
      'await supabase.storage.from(\'avatars\').upload(path, file);',
      'await supabase.auth.getUser(); $(\'x\').select(\'a, b\'); input.select();',
      'other.from(\'users\').select(\'id\');',
    ].join('\n'),
    references: [],
  },
];

describe('supabase-js extractor', () => {
  testExtractor(supabase, cases);
});
