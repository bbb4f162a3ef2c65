-- name: GetAuthor :one
SELECT id, name, bio FROM authors
WHERE id = $1 LIMIT 1;

-- name: ListAuthors :many
SELECT id, name FROM authors
ORDER BY name;

-- name: CreateAuthor :one
INSERT INTO authors (name, bio)
VALUES (@name, sqlc.narg(bio))
RETURNING *;

-- name: DeleteAuthor :exec
DELETE FROM authors WHERE id = @id;
