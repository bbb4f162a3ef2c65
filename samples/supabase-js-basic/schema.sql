-- supabase-js-basic: a task tracker touching its tables through every supabase-js style (select grammar, embeds, filters, or(), inserts, upserts, rpc, schema()); the schema matches the code, so there are no findings.
create type task_state as enum ('todo', 'doing', 'done');

create table profiles (
  id uuid primary key,
  username text not null,
  avatar_url text
);

create table projects (
  id bigint generated always as identity primary key,
  name text not null,
  owner_id uuid not null references profiles (id),
  created_at timestamptz not null default now()
);

create table tasks (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id),
  title text not null,
  state task_state not null default 'todo',
  assignee_id uuid references profiles (id),
  due_at date,
  meta jsonb not null default '{}',
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);

create table comments (
  id bigint generated always as identity primary key,
  task_id bigint not null references tasks (id),
  author_id uuid not null references profiles (id),
  body text not null
);

create schema billing;

create table billing.invoices (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id),
  total numeric(10, 2) not null
);

create function search_tasks(query text, limit_n integer default 20) returns setof tasks
  language sql stable
  as $$ select * from tasks where title ilike '%' || query || '%' limit limit_n $$;
