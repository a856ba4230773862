-- The joint ledger. A submission is one organisation's spend for one financial year from one
-- source; a newer one supersedes it (superseded_by), and both are kept.
CREATE TABLE ledger_submissions (
    id INTEGER PRIMARY KEY,
    organisation_code VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    submitted_by VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    stated_total DECIMAL(18, 2),
    line_count INTEGER NOT NULL,
    total DECIMAL(18, 2) NOT NULL,
    superseded_by INTEGER,
    superseded_at TIMESTAMP,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- system_code NULL: a council's spend across every system it belongs to, apportioned by the
-- share of its population in each. council_code NULL: spend for a whole system, not one place.
CREATE TABLE ledger_lines (
    submission_id INTEGER NOT NULL,
    line_number INTEGER NOT NULL,
    system_code VARCHAR,
    council_code VARCHAR,
    spending_type VARCHAR NOT NULL,
    funding_source VARCHAR NOT NULL,
    pooled BOOLEAN NOT NULL,
    amount DECIMAL(18, 2) NOT NULL,
    description VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (submission_id, line_number)
);

-- ICB allocations as NHS England publishes them, by stream. A re-import supersedes the rows.
CREATE TABLE ledger_allocations (
    system_code VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,
    stream VARCHAR NOT NULL,
    amount DECIMAL(18, 2) NOT NULL,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP,
    synthetic BOOLEAN NOT NULL DEFAULT false
);
