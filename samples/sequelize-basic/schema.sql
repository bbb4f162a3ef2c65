-- sequelize-basic: a library catalogue on Sequelize (define with the default pluralised table name and timestamps, Model.init with tableName/underscored, field mapping, findAll/create/update/destroy); the schema matches the code, so there are no findings.
create table "Authors" (
  id serial primary key,
  name text not null,
  "createdAt" timestamptz not null,
  "updatedAt" timestamptz not null
);

create table books (
  id serial primary key,
  title text not null,
  isbn_code text,
  author_id integer not null references "Authors" (id),
  on_loan boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
