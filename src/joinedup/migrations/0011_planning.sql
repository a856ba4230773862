-- Planning the shift to prevention (joinedup.priorities.planner) and national direction
-- (joinedup.ledger.direction). Rows built by the demo carry synthetic = true.

-- A saved what-if scenario of a system's planner: a name and the transfers it makes. Saving
-- under the same name replaces it; every save and removal is in the audit log.
CREATE TABLE planning_scenarios (
    system_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    description VARCHAR,
    saved_by VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (system_code, name)
);

-- One transfer: £ a year moved from a partner's spending type to a partner's spending type for
-- some years, from year start (0 = the scenario's first year). benefit_per_pound: the cost
-- avoided for the partner the money comes from, per pound moved, from benefit_lag years after
-- each pound is spent (0 = no benefit assumed).
CREATE TABLE planning_transfers (
    system_code VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    from_partner VARCHAR NOT NULL,
    from_type VARCHAR NOT NULL,
    to_partner VARCHAR NOT NULL,
    to_type VARCHAR NOT NULL,
    gbp_per_year DECIMAL(18, 2) NOT NULL CHECK (gbp_per_year > 0),
    years INTEGER NOT NULL CHECK (years BETWEEN 1 AND 30),
    start_year INTEGER NOT NULL DEFAULT 0 CHECK (start_year BETWEEN 0 AND 29),
    benefit_per_pound DECIMAL(9, 4) NOT NULL DEFAULT 0 CHECK (benefit_per_pound >= 0),
    benefit_lag INTEGER NOT NULL DEFAULT 1 CHECK (benefit_lag BETWEEN 0 AND 10),
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (system_code, scenario, line)
);

-- National direction: NULL means "by the rules" (joinedup/ledger/direction.yaml); 'national' or
-- 'local' set on a line or an agenda item overrides them.
ALTER TABLE ledger_lines ADD COLUMN direction VARCHAR;
ALTER TABLE governance_agenda_items ADD COLUMN direction VARCHAR;
