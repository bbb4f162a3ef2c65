-- typeorm-basic: tickets on TypeORM (@Entity names and the default snake_case name, @Column({ name }), @ManyToOne + @JoinColumn, @JoinTable, @InjectRepository, getRepository, query builder); the schema matches the code, so there are no findings.
create table agents (
  id serial primary key,
  email varchar(200) not null unique,
  "displayName" text
);

create table support_ticket (
  id uuid primary key default gen_random_uuid(),
  subject text not null,
  opened_at timestamptz not null default now(),
  assignee_id integer references agents (id)
);

create table labels (
  id serial primary key,
  name text not null
);

create table ticket_labels (
  ticket_id uuid not null references support_ticket (id),
  label_id integer not null references labels (id),
  primary key (ticket_id, label_id)
);
