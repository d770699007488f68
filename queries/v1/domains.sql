-- =============================================================================
-- domains.sql: domains (table domains), schema V1
-- =============================================================================
-- DNS domains routes are served under. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_domain_by_id(id)^
-- Returns the domain with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    org_id,
    name,
    domain_type,
    ssl_enabled,
    ssl_cert_path,
    ssl_key_path,
    ssl_cert_data,
    ssl_issuer,
    ssl_expiry_date,
    auto_renew,
    dns_validation_record,
    verified,
    verification_method,
    verification_status,
    created_at,
    updated_at,
    deleted_at
FROM domains
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_domains(org_id, verification_status, limit, offset)
-- Returns one page of domains, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :verification_status.
SELECT
    id,
    org_id,
    name,
    domain_type,
    ssl_enabled,
    ssl_cert_path,
    ssl_key_path,
    ssl_cert_data,
    ssl_issuer,
    ssl_expiry_date,
    auto_renew,
    dns_validation_record,
    verified,
    verification_method,
    verification_status,
    created_at,
    updated_at,
    deleted_at
FROM domains
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:verification_status IS NULL OR verification_status = :verification_status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_domains(org_id, verification_status)$
-- Returns how many domains list_domains pages through with the same filters.
SELECT COUNT(*)
FROM domains
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:verification_status IS NULL OR verification_status = :verification_status);


-- name: create_domain(org_id, name, domain_type, ssl_enabled, ssl_expiry_date, auto_renew, verified, verification_method, verification_status)<!
-- Inserts one domain; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO domains (
    org_id,
    name,
    domain_type,
    ssl_enabled,
    ssl_expiry_date,
    auto_renew,
    verified,
    verification_method,
    verification_status
)
VALUES (
    :org_id,
    :name,
    COALESCE(:domain_type, DEFAULT(domain_type)),
    COALESCE(:ssl_enabled, DEFAULT(ssl_enabled)),
    :ssl_expiry_date,
    COALESCE(:auto_renew, DEFAULT(auto_renew)),
    COALESCE(:verified, DEFAULT(verified)),
    COALESCE(:verification_method, DEFAULT(verification_method)),
    COALESCE(:verification_status, DEFAULT(verification_status))
);


-- name: update_domain(id, expected_updated_at)!
-- Changes the given columns of domain :id and moves updated_at; returns the
-- rows matched (0: no such domain). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/domains.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE domains
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_domain(id)!
-- Soft-deletes domain :id (sets deleted_at); returns 1, or 0 if there is no
-- such domain or it is already deleted.
UPDATE domains
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: mark_domain_verified(id)!
-- Marks domain :id as verified; returns the rows matched.
UPDATE domains
SET
    verified = 1,
    verification_status = 'verified',
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
