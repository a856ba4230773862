-- Signing out ends a user's sessions on the server: a session cookie carries the generation it
-- was made in and counts only while that is still the user's (no row: generation 0).
CREATE TABLE session_generations (
    user_id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

-- The session-signing key now lives outside the warehouse (the secret_key setting or a key file
-- beside it); the old one is dropped so no backup or snapshot carries it from here on.
DELETE FROM joinedup_meta WHERE key = 'session_secret';
