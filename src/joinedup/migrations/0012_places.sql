-- Places and what is delegated to them (joinedup.places), and councils' structured feedback on
-- their system's leadership (joinedup.governance.feedback). Rows built by the demo carry
-- synthetic = true. Every change goes through the registers and so into the audit log.

-- A place-based partnership inside a system: one council area, or a group of councils.
-- board_code: its place board (governance_boards, kind 'place_board'), once there is one.
CREATE TABLE places (
    code VARCHAR PRIMARY KEY,
    system_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    councils VARCHAR[] NOT NULL,
    board_code VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- A function (and its budget, if it has one) delegated to a place from one date to another;
-- to_date is the last day of the delegation, NULL while it runs on.
CREATE TABLE place_delegations (
    id INTEGER PRIMARY KEY,
    place_code VARCHAR NOT NULL,
    function VARCHAR NOT NULL,
    budget DECIMAL(18, 2) CHECK (budget >= 0),
    from_date DATE NOT NULL,
    to_date DATE,
    delegated_by VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    CHECK (to_date IS NULL OR to_date >= from_date)
);

-- A round of feedback: each council of a system rates one subject (the ICB chair...) once a
-- financial year (one round per system, year and subject: joinedup.governance.feedback checks).
-- closes: the last day a council may respond, NULL while it stays open.
CREATE TABLE feedback_rounds (
    id INTEGER PRIMARY KEY,
    system_code VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    closes DATE,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

-- Every submission is kept: a council that answers again adds a row, and its latest counts.
CREATE TABLE feedback_responses (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL,
    council_code VARCHAR NOT NULL,
    engagement INTEGER CHECK (engagement BETWEEN 1 AND 5),
    listening INTEGER CHECK (listening BETWEEN 1 AND 5),
    priorities INTEGER CHECK (priorities BETWEEN 1 AND 5),
    overall INTEGER CHECK (overall BETWEEN 1 AND 5),
    comments VARCHAR,
    submitted_by VARCHAR,
    submitted_on DATE NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);
