-- Seed 002: the database has workbook and leads tables that the Python backend's models never cover.
create table users (
  id serial primary key,
  email varchar(255) not null unique,
  display_name varchar(255),
  created_at timestamptz not null default now()
);

create table videos (
  id serial primary key,
  user_id integer not null references users (id),
  title varchar(500) not null,
  storage_key text not null,
  duration_seconds integer,
  created_at timestamptz not null default now()
);

create table video_ingest_requests (
  id serial primary key,
  video_id integer references videos (id),
  source_url text not null,
  status varchar(20) not null default 'pending',
  created_at timestamptz not null default now()
);

create table cloud_connections (
  id serial primary key,
  user_id integer not null references users (id),
  provider varchar(50) not null,
  access_token text,
  created_at timestamptz not null default now()
);

create table workbook_progress (
  id serial primary key,
  user_id integer not null references users (id),
  section varchar(100) not null,
  completed boolean not null default false
);

create table action_plans (
  id serial primary key,
  user_id integer not null references users (id),
  title text not null,
  due_date date
);

create table core_values (
  id serial primary key,
  user_id integer not null references users (id),
  value text not null
);

create table business_leads (
  id serial primary key,
  company_name text not null,
  website text,
  created_at timestamptz not null default now()
);

create table competitor_snapshots (
  id serial primary key,
  competitor text not null,
  captured_at timestamptz not null default now(),
  payload jsonb
);

create table alembic_version (
  version_num varchar(32) primary key
);
