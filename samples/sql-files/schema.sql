-- sql-files: sqlc query files (-- name: annotations, @named and sqlc.arg() parameters, CTEs, upserts, a user function); books.sql still reads "books.isbn" after the column was renamed to isbn13, so one missing-column finding is expected.
create table authors (
  id bigserial primary key,
  name text not null,
  bio text
);

create table books (
  id bigserial primary key,
  author_id bigint not null references authors (id),
  title text not null,
  isbn13 text unique,
  published_on date
);

create table loans (
  book_id bigint not null references books (id),
  borrower text not null,
  due_on date not null,
  returned_at timestamptz,
  primary key (book_id, borrower)
);

create function overdue_count(p_borrower text) returns bigint
language sql stable
as $$ select count(*) from loans where borrower = p_borrower and returned_at is null and due_on < current_date $$;
