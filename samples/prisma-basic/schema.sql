-- prisma-basic: a blog on Prisma Client (@@map/@map to snake_case tables, client-generated uuid and @updatedAt, relation include, $transaction); the schema matches the models and the code, so there are no findings.
create type "Role" as enum ('READER', 'AUTHOR');

create table users (
  id uuid primary key,
  email text not null unique,
  full_name text,
  role "Role" not null default 'READER',
  created_at timestamp(3) not null default current_timestamp
);

create table posts (
  id serial primary key,
  title text not null,
  published boolean not null default false,
  author_id uuid not null references users (id),
  updated_at timestamp(3) not null
);
