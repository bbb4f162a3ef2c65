-- name: BooksByAuthor :many
SELECT b.id, b.title, b.isbn, a.name AS author
FROM books b
JOIN authors a ON a.id = b.author_id
WHERE a.id = sqlc.arg(author_id)
ORDER BY b.published_on DESC NULLS LAST;

-- name: LendBook :exec
INSERT INTO loans (book_id, borrower, due_on)
VALUES ($1, $2, $3)
ON CONFLICT (book_id, borrower) DO UPDATE SET due_on = EXCLUDED.due_on, returned_at = NULL;

-- name: OverdueBorrowers :many
WITH open_loans AS (
  SELECT borrower, due_on FROM loans WHERE returned_at IS NULL
)
SELECT borrower, overdue_count(borrower) AS overdue
FROM open_loans
WHERE due_on < current_date
GROUP BY borrower;
