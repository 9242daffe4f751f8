-- Single sign-on with OpenID Connect: the provider an Admin set up in Settings (the config file's `[sso]` section, when
-- present, wins over this row), and which provider account signs in as which person. The client secret is sealed
-- with the install's secret key, like network credentials.
CREATE TABLE sso_settings (
    workspace_id {int} PRIMARY KEY REFERENCES workspaces(id),
    enabled {bool} NOT NULL DEFAULT {false},
    provider_name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret_sealed TEXT,
    scopes TEXT NOT NULL,
    new_people TEXT NOT NULL,
    default_role TEXT NOT NULL,
    sso_only {bool} NOT NULL DEFAULT {false},
    break_glass_email TEXT,
    updated_by {int} REFERENCES users(id) ON DELETE SET NULL,
    updated_at {int} NOT NULL
);

-- A provider account (issuer and subject, which the provider never reuses) once matched to a person by verified
-- email or created for them: later sign-ins find the person by it, even after their email changes at the provider.
CREATE TABLE sso_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at {int} NOT NULL,
    last_sign_in_at {int} NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);
