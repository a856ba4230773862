-- Workforce figures by area that no shared metric holds: today the NHS trusts' vacancy rate
-- (vacant posts as a share of planned posts, full-time equivalent). NHS Digital's NHS Vacancy
-- Statistics are published for England and NHS England's seven regions, not for systems, so a
-- real warehouse holds region and England rows loaded with their source; the demonstration
-- builder adds synthetic system rows (synthetic = true). Social care vacancies and turnover are
-- the shared metrics asc_vacancy_rate and asc_staff_turnover (metric_values).
-- period is a financial year, '2024-25'; value is a percentage (0-100).
CREATE TABLE workforce_values (
    area_type VARCHAR NOT NULL CHECK (area_type IN ('england', 'region', 'system')),
    area_code VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    value DOUBLE NOT NULL CHECK (value >= 0 AND value <= 100),
    source VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (area_type, area_code, measure, period)
);
