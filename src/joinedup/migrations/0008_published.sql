-- Councils' net current expenditure by service, as MHCLG publishes it (Revenue Outturn), under
-- the council of that year's structure (council_code; file_code is the code the file printed).
-- amount is NULL when the return was not received or the line is not collected from that council
-- (status says which): never 0. A re-import supersedes the rows it covers, which are kept.
CREATE TABLE council_outturn (
    financial_year VARCHAR NOT NULL,
    council_code VARCHAR NOT NULL,
    file_code VARCHAR NOT NULL,
    form VARCHAR NOT NULL,
    service VARCHAR NOT NULL,
    amount DECIMAL(18, 2),
    status VARCHAR NOT NULL,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP
);

-- What each load of a national return found: its data-quality report, kept as JSON.
CREATE TABLE load_reports (
    id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR,
    loaded_at TIMESTAMP NOT NULL,
    loaded_by VARCHAR NOT NULL,
    report JSON NOT NULL
);
