-- Governance registers (joinedup.governance), the ICP's priorities (joinedup.priorities) and the
-- append-only audit log. Rows built by the demo carry synthetic = true.

-- Every change to a register: who, when, what, and the row before and after (JSON text).
-- Nothing updates or deletes these rows except the demo builder replacing its synthetic ones.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    changed_at TIMESTAMP NOT NULL,
    who VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    before_json VARCHAR,
    after_json VARCHAR,
    note VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE governance_boards (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL
        CHECK (kind IN ('icb_board', 'icp', 'hwb', 'place_board', 'scrutiny')),
    system_code VARCHAR,
    council_code VARCHAR,
    external_ref VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    CHECK (system_code IS NOT NULL OR council_code IS NOT NULL)
);

CREATE TABLE governance_people (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    party VARCHAR,
    councillor_of VARCHAR,
    external_ref VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- end_date is the last day in post; NULL while the member is in post.
CREATE TABLE governance_memberships (
    id INTEGER PRIMARY KEY,
    board_code VARCHAR NOT NULL,
    person_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    organisation_code VARCHAR,
    voting BOOLEAN NOT NULL,
    councillor BOOLEAN NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE governance_meetings (
    id INTEGER PRIMARY KEY,
    board_code VARCHAR NOT NULL,
    meeting_date DATE NOT NULL,
    title VARCHAR,
    status VARCHAR,
    external_ref VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- class NULL: not yet classified (Modern.gov does not say); minutes NULL: no time allotted.
CREATE TABLE governance_agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL,
    number VARCHAR,
    title VARCHAR NOT NULL,
    class VARCHAR
        CHECK (class IN ('strategic', 'transformational', 'operational', 'statutory')),
    minutes INTEGER CHECK (minutes >= 0),
    external_ref VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- affected: the organisations a decision affects; priorities: codes of the system's priorities
-- (table priorities) that it serves.
CREATE TABLE governance_decisions (
    id INTEGER PRIMARY KEY,
    board_code VARCHAR NOT NULL,
    meeting_id INTEGER,
    title VARCHAR NOT NULL,
    decision_type VARCHAR NOT NULL
        CHECK (decision_type IN ('budget_allocation', 'service_reconfiguration', 'strategy',
                                 'contract', 'other')),
    value DECIMAL(18, 2),
    significant BOOLEAN NOT NULL DEFAULT false,
    affected VARCHAR[] NOT NULL,
    priorities VARCHAR[] NOT NULL,
    decision_date DATE NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    decided_by VARCHAR,
    decided_on DATE,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE governance_sign_offs (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL,
    council_code VARCHAR NOT NULL,
    signed_by VARCHAR NOT NULL,
    signed_on DATE NOT NULL,
    reference VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- organisation_code NULL: an interest not (yet) tied to a registered organisation.
CREATE TABLE governance_interests (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    organisation_code VARCHAR,
    category VARCHAR,
    description VARCHAR NOT NULL,
    start_date DATE,
    end_date DATE,
    declared_on DATE,
    external_ref VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- The ICP's priorities, and per partner and year the costs and benefits of their interventions.
CREATE TABLE priorities (
    system_code VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    rank INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    description VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (system_code, code)
);

CREATE TABLE priority_interventions (
    system_code VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    priority_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    start_year VARCHAR,
    description VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (system_code, code)
);

-- year 0 is the intervention's first year. kind: cost, cash_releasing_saving, cost_avoided
-- (amount £), or activity_avoided (quantity x unit_cost £). Amounts are never negative.
CREATE TABLE priority_flows (
    system_code VARCHAR NOT NULL,
    intervention_code VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    organisation_code VARCHAR NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 0 AND 30),
    kind VARCHAR NOT NULL
        CHECK (kind IN ('cost', 'cash_releasing_saving', 'cost_avoided', 'activity_avoided')),
    amount DECIMAL(18, 2),
    quantity DECIMAL(18, 4),
    unit_cost DECIMAL(18, 2),
    description VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (system_code, intervention_code, line)
);
