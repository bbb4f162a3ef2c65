-- raw-sql-pg: an Express API that talks to PostgreSQL through node-postgres (strings, { text } configs, a query in a constant, a table name imported from another file, a transaction, a user function); every query matches this schema, so there are no findings.
create type order_status as enum ('pending', 'paid', 'shipped');

create table customers (
  id serial primary key,
  email text not null unique,
  name text not null,
  created_at timestamptz not null default now()
);

create table products (
  id serial primary key,
  sku text not null unique,
  title text not null,
  price_cents integer not null
);

create table orders (
  id serial primary key,
  customer_id integer not null references customers (id),
  status order_status not null default 'pending',
  total_cents integer not null default 0,
  created_at timestamptz not null default now()
);

create table order_items (
  order_id integer not null references orders (id) on delete cascade,
  product_id integer not null references products (id),
  quantity integer not null check (quantity > 0),
  primary key (order_id, product_id)
);

create function order_total(p_order_id integer) returns integer
language sql stable
as $$
  select coalesce(sum(oi.quantity * p.price_cents), 0)::integer
  from order_items oi
  join products p on p.id = oi.product_id
  where oi.order_id = p_order_id
$$;
