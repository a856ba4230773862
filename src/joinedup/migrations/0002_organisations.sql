-- Partner organisations. ICBs and councils come from the reference data (joinedup.reference.tables);
-- trusts and VCSE partners are registered by their system (or built by the demo, synthetic = true).
CREATE TABLE organisations (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('icb', 'council', 'nhs_trust', 'vcse', 'other')),
    system_code VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT false
);
