-- drizzle-basic: bookmarks on Drizzle ORM (pgTable with named and unnamed columns, pgSchema, $defaultFn, select/join/where through imported table objects, insert values, update set, relational queries); the schema matches the code, so there are no findings.
create schema audit;

create table accounts (
  id uuid primary key,
  handle text not null unique,
  display_name text,
  created_at timestamptz not null default now()
);

create table bookmarks (
  id serial primary key,
  account_id uuid not null references accounts (id),
  url text not null,
  title text
);

create table audit.events (
  id serial primary key,
  kind text not null,
  at timestamptz not null default now()
);
