-- sqlalchemy-basic: a FastAPI app on SQLAlchemy 2.0 (declarative Mapped models, classic Column with a renamed column, schema in __table_args__, Table() association table, select/query/filter_by/insert/update through models, text() and cursor SQL); the schema matches the code, so there are no findings.
create schema billing;

create table users (
  id serial primary key,
  email_address varchar(255) not null unique,
  display_name varchar(100),
  created_at timestamptz not null default now()
);

create table projects (
  id serial primary key,
  owner_id integer not null references users (id),
  name varchar(200) not null,
  archived boolean not null default false
);

create table project_members (
  project_id integer not null references projects (id),
  user_id integer not null references users (id),
  role varchar(20) not null,
  primary key (project_id, user_id)
);

create table billing.invoices (
  id serial primary key,
  project_id integer not null references projects (id),
  amount_cents integer not null,
  paid_at timestamptz
);
