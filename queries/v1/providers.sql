-- =============================================================================
-- providers.sql: providers (table providers), schema V1
-- =============================================================================
-- Where workers run: a cloud or an on-premises site.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_provider_by_id(id)^
-- Returns the provider with id :id, or nothing if there is none.
SELECT
    id,
    name,
    display_name,
    provider_type,
    status,
    created_at,
    updated_at
FROM providers
WHERE id = :id;


-- name: list_providers(provider_type, status, limit, offset)
-- Returns one page of providers, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :provider_type, :status.
SELECT
    id,
    name,
    display_name,
    provider_type,
    status,
    created_at,
    updated_at
FROM providers
WHERE (:provider_type IS NULL OR provider_type = :provider_type)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_providers(provider_type, status)$
-- Returns how many providers list_providers pages through with the same filters.
SELECT COUNT(*)
FROM providers
WHERE (:provider_type IS NULL OR provider_type = :provider_type)
    AND (:status IS NULL OR status = :status);


-- name: create_provider(name, display_name, provider_type, status)<!
-- Inserts one provider; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO providers (
    name,
    display_name,
    provider_type,
    status
)
VALUES (
    :name,
    :display_name,
    COALESCE(:provider_type, DEFAULT(provider_type)),
    COALESCE(:status, DEFAULT(status))
);


-- name: update_provider(id, expected_updated_at)!
-- Changes the given columns of provider :id and moves updated_at; returns the
-- rows matched (0: no such provider). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE providers
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_provider(id)!
-- Deletes provider :id; returns 1, or 0 if there is no such provider.
DELETE FROM providers
WHERE id = :id;
