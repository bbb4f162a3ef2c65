-- django-basic: a Django app (default <app>_<model> tables, Meta.db_table, db_column, ForeignKey → <field>_id, an auto-created ManyToMany join table, an abstract base, an unmanaged model, manager lookups, raw cursor SQL); the schema matches the code, so there are no findings.
create table library_author (
  id bigserial primary key,
  name varchar(100) not null,
  created timestamptz not null
);

create table library_genre (
  id bigserial primary key,
  label varchar(50) not null
);

create table books (
  id bigserial primary key,
  title varchar(200) not null,
  isbn_13 varchar(13),
  author_id bigint not null references library_author (id),
  published_on date,
  created timestamptz not null
);

create table books_genres (
  id bigserial primary key,
  book_id bigint not null references books (id),
  genre_id bigint not null references library_genre (id),
  unique (book_id, genre_id)
);

create table legacy_loans (
  id bigserial primary key,
  book_id bigint not null references books (id),
  borrower varchar(100) not null,
  returned boolean not null default false
);
