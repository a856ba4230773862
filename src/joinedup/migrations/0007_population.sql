-- Population health (joinedup.population): runs of the segmentation and attribution, their
-- results by area and segment, and person-level samples. Rows built by the demo carry
-- synthetic = true. Costs are exact decimals (the engines sum whole pence).

-- One run: what was segmented (source, period, rules), on which engine, and its totals. A newer
-- run for any of the same systems supersedes it (superseded_at); both are kept.
CREATE TABLE population_runs (
    id INTEGER PRIMARY KEY,
    source VARCHAR NOT NULL,
    engine VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,
    rules_name VARCHAR NOT NULL,
    rules_sha256 VARCHAR NOT NULL,
    systems VARCHAR[] NOT NULL,
    people BIGINT NOT NULL,
    events BIGINT NOT NULL,
    conditions BIGINT NOT NULL,
    cost DECIMAL(18, 2) NOT NULL,
    rejected_rows BIGINT NOT NULL,
    run_by VARCHAR NOT NULL,
    run_at TIMESTAMP NOT NULL,
    joinedup_version VARCHAR NOT NULL,
    superseded_at TIMESTAMP,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- The segments of the rules a run used, in their order.
CREATE TABLE population_segments (
    run_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    bridges_to_health VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (run_id, code)
);

-- level 'place': one system's part of one council; 'system' (council_code NULL); 'council'
-- (system_code NULL, the council across the systems it sits in). Shares are of the area's people
-- and cost; cost_per_head in pounds; cms_total is the sum of people's Cambridge scores.
CREATE TABLE population_attribution (
    run_id INTEGER NOT NULL,
    level VARCHAR NOT NULL CHECK (level IN ('place', 'system', 'council')),
    system_code VARCHAR,
    council_code VARCHAR,
    segment VARCHAR NOT NULL,
    people BIGINT NOT NULL,
    cost_in_hospital DECIMAL(18, 2) NOT NULL,
    cost_out_of_hospital DECIMAL(18, 2) NOT NULL,
    events_in_hospital BIGINT NOT NULL,
    events_out_of_hospital BIGINT NOT NULL,
    share_of_people DOUBLE NOT NULL,
    share_of_cost DOUBLE,
    cost_per_head DOUBLE NOT NULL,
    long_term_conditions BIGINT NOT NULL,
    cms_total DECIMAL(18, 2) NOT NULL,
    multimorbid_people BIGINT NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- Activity by setting (a spending type of the ledger's taxonomy) per 1,000 people.
CREATE TABLE population_activity (
    run_id INTEGER NOT NULL,
    level VARCHAR NOT NULL CHECK (level IN ('place', 'system', 'council')),
    system_code VARCHAR,
    council_code VARCHAR,
    segment VARCHAR NOT NULL,
    setting VARCHAR NOT NULL,
    events BIGINT NOT NULL,
    per_1000 DOUBLE NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- People and cost of each segment by age band, sex or deprivation decile ('unknown' if not given).
CREATE TABLE population_breakdowns (
    run_id INTEGER NOT NULL,
    level VARCHAR NOT NULL CHECK (level IN ('place', 'system', 'council')),
    system_code VARCHAR,
    council_code VARCHAR,
    segment VARCHAR NOT NULL,
    dimension VARCHAR NOT NULL CHECK (dimension IN ('age_band', 'sex', 'deprivation_decile')),
    band VARCHAR NOT NULL,
    people BIGINT NOT NULL,
    cost_in_hospital DECIMAL(18, 2) NOT NULL,
    cost_out_of_hospital DECIMAL(18, 2) NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- Each person's segment in a run (kept for the demonstration sample).
CREATE TABLE population_person_segments (
    run_id INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    system_code VARCHAR,
    segment VARCHAR NOT NULL,
    ltc_count INTEGER NOT NULL,
    cms DECIMAL(8, 2) NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- Person-level sample tables, as the loader stages them. Pseudonymous: the NHS number is only
-- ever present as its salted hash.
CREATE TABLE population_persons (
    person_id VARCHAR NOT NULL,
    age INTEGER NOT NULL,
    sex VARCHAR NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
    council_code VARCHAR NOT NULL,
    district_code VARCHAR,
    deprivation_decile INTEGER CHECK (deprivation_decile BETWEEN 1 AND 10),
    practice_code VARCHAR,
    nhs_number_hash VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE population_events (
    person_id VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    setting VARCHAR NOT NULL,
    cost DECIMAL(12, 2) NOT NULL CHECK (cost >= 0),
    condition_codes VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE population_conditions (
    person_id VARCHAR NOT NULL,
    condition VARCHAR NOT NULL,
    recorded_on DATE NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);
