-- Decision -> money -> outcome (issue 18, docs/governance.md "Money, priorities and outcomes").
-- target_metrics: ids of the shared metrics (metric catalogue) a decision aims to move.
ALTER TABLE governance_decisions ADD COLUMN target_metrics VARCHAR[] DEFAULT [];
UPDATE governance_decisions SET target_metrics = [] WHERE target_metrics IS NULL;

-- What a decision commits, by partner and financial year ('2024-25'). A decision's value in
-- pounds is the sum of its commitments when it has any, else its own value column.
CREATE TABLE governance_decision_commitments (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL,
    organisation_code VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,
    amount DECIMAL(18, 2) NOT NULL CHECK (amount >= 0),
    synthetic BOOLEAN NOT NULL DEFAULT false
);
