-- Seed 001: leads.company became NOT NULL and clinic_name/lead_source were replaced; the API was not updated.
create table clients (
  id serial primary key,
  name varchar(255) not null,
  stripe_customer_id varchar(100),
  created_at timestamp default now()
);

create table users (
  id serial primary key,
  email varchar(255) not null unique,
  role varchar(50) default 'customer',
  client_id integer references clients (id),
  timezone varchar(50),
  created_at timestamp default now()
);

create table leads (
  id serial primary key,
  client_id integer references clients (id),
  company varchar(255) not null,
  contact_first_name varchar(100),
  contact_last_name varchar(100),
  email varchar(255),
  phone varchar(50),
  source varchar(50),
  compliance_score integer default 0,
  compliance_issues text,
  geographic_restriction varchar(50) default 'Texas',
  created_at timestamp default now()
);

create table scraping_logs (
  id serial primary key,
  type varchar(50) not null,
  user_id integer references users (id),
  client_id integer references clients (id),
  target varchar(255),
  leads_found integer default 0,
  leads_saved integer default 0,
  success boolean default false,
  error_message text,
  created_at timestamp default now()
);

create table encrypted_credentials (
  id serial primary key,
  service varchar(255) not null,
  key_name varchar(255) not null,
  encrypted_value text not null,
  created_at timestamp default now(),
  unique (service, key_name)
);
