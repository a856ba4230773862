-- Shared metrics. National definitions ship in the package; a system's local definitions are
-- stored here. Values arrive in loads: a newer load of the same metric, area and period
-- supersedes the older values, which are kept.
CREATE TABLE metric_definitions (
    id VARCHAR PRIMARY KEY,
    set_code VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    added_by VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE metric_loads (
    id INTEGER PRIMARY KEY,
    source VARCHAR NOT NULL,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    loaded_by VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    row_count INTEGER NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- One row per metric, area, period (and age band, for the inputs of age-standardised rates).
-- period is '2024-25' (financial year), '2024-25 Q1' (quarter) or '2024-06' (month);
-- period_start orders them.
CREATE TABLE metric_values (
    load_id INTEGER NOT NULL,
    metric_id VARCHAR NOT NULL,
    area_type VARCHAR NOT NULL CHECK (area_type IN ('england', 'system', 'council')),
    area_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    age_band VARCHAR,
    numerator DOUBLE,
    denominator DOUBLE,
    value DOUBLE,
    lower_ci DOUBLE,
    upper_ci DOUBLE,
    synthetic BOOLEAN NOT NULL DEFAULT false
);
