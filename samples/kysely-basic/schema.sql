-- kysely-basic: a pet clinic using Kysely (aliases, joins, CTEs, values/set, transactions, a query kept in a variable, a Kysely<DB> parameter); the schema matches the code, so there are no findings.
create table person (
  id serial primary key,
  first_name text not null,
  last_name text,
  age integer,
  created_at timestamptz not null default now()
);

create table pet (
  id serial primary key,
  owner_id integer not null references person (id),
  name text not null,
  species text not null
);

create table visit (
  id serial primary key,
  pet_id integer not null references pet (id),
  visited_at timestamptz not null default now(),
  notes text
);
