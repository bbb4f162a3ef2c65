-- knex-basic: an orders API using the Knex query builder (aliases, joins, withSchema, where objects, inserts with returning, transactions, a query kept in a variable); the schema matches the code, so there are no findings.
create table customers (
  id serial primary key,
  email text not null unique,
  name text not null,
  created_at timestamptz not null default now()
);

create table products (
  id serial primary key,
  sku text not null unique,
  name text not null,
  price numeric(10, 2) not null,
  category text
);

create table orders (
  id serial primary key,
  customer_id integer not null references customers (id),
  status text not null default 'new',
  total numeric(10, 2) not null default 0,
  created_at timestamptz not null default now()
);

create table order_items (
  order_id integer not null references orders (id),
  product_id integer not null references products (id),
  quantity integer not null,
  primary key (order_id, product_id)
);

create schema audit;

create table audit.events (
  id bigserial primary key,
  action text not null,
  payload jsonb,
  created_at timestamptz not null default now()
);
