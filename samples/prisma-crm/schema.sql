-- Seed 000: the Railway database never got the chat tables, and still has email_campaigns that nothing uses.
create type deal_stage as enum ('prospecting', 'negotiation', 'won', 'lost');

create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamp(3) not null default current_timestamp
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  full_name text,
  organization_id uuid references organizations (id)
);

create table contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  name text not null,
  email text,
  phone text
);

create table deals (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  amount decimal(12, 2) not null,
  stage deal_stage not null default 'prospecting',
  contact_id uuid not null references contacts (id),
  owner_id uuid not null references users (id)
);

create table email_campaigns (
  id serial primary key,
  subject text not null,
  sent_at timestamp
);

create table _prisma_migrations (
  id varchar(36) primary key,
  checksum varchar(64) not null,
  migration_name varchar(255) not null
);
