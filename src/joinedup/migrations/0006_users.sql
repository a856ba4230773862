-- Accounts of the web app and the API. Passwords are Argon2id hashes; API tokens are kept only
-- as their SHA-256. The public needs no account.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('partner_analyst', 'board_secretary', 'system_admin')),
    organisation_code VARCHAR,
    password_hash VARCHAR NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    token_sha256 VARCHAR PRIMARY KEY,
    user_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
