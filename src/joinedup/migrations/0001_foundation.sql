-- The warehouse's own bookkeeping. Reference tables (ref_*) are not migrated: they are rebuilt
-- from the package's reference data whenever its vintage changes (joinedup.reference.tables).
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    joinedup_version VARCHAR NOT NULL
);

CREATE TABLE joinedup_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
