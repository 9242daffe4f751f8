//! Single sign-on with OpenID Connect: the provider an Admin set up on the settings page (one row per workspace; the
//! config file's `[sso]` section, when present, wins over it in the web crate), and the provider accounts matched to
//! people. The client secret arrives here already sealed with the install's [`crate::secrets::SecretBox`].

use crate::{Db, Result, Sql};
use sangam_domain::{Millis, Role};

/// What happens when someone signs in through the provider with a verified email nobody here has.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NewPeople {
    /// A person is made for them, with the default role.
    Create,
    /// They are refused; an Admin adds or invites them first.
    Refuse,
}

impl NewPeople {
    pub const ALL: [NewPeople; 2] = [NewPeople::Create, NewPeople::Refuse];

    pub fn as_str(self) -> &'static str {
        match self {
            NewPeople::Create => "create",
            NewPeople::Refuse => "refuse",
        }
    }

    pub fn parse(s: &str) -> Option<NewPeople> {
        NewPeople::ALL.into_iter().find(|n| n.as_str() == s)
    }
}

sangam_domain::stored_words!(NewPeople);

/// The workspace's provider, as the settings page saved it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SsoSettings {
    pub workspace_id: i64,
    pub enabled: bool,
    /// Shown on the sign-in button: "Sign in with {provider_name}".
    pub provider_name: String,
    /// The issuer URL; discovery is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// Sealed; `None` for a public client (PKCE only).
    pub client_secret_sealed: Option<String>,
    /// Space-separated scopes asked for (`openid` is always among them).
    pub scopes: String,
    #[sqlx(try_from = "String")]
    pub new_people: NewPeople,
    #[sqlx(try_from = "String")]
    pub default_role: Role,
    /// Password sign-in is off for everyone but the break-glass Admin.
    pub sso_only: bool,
    /// The Admin who may still sign in with a password when `sso_only` is on (lower-cased email).
    pub break_glass_email: Option<String>,
    pub updated_by: Option<i64>,
    pub updated_at: Millis,
}

const COLUMNS: &str = "workspace_id, enabled, provider_name, issuer, client_id, client_secret_sealed, scopes, \
                       new_people, default_role, sso_only, break_glass_email, updated_by, updated_at";

/// What saving does with the stored client secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretChange {
    /// Keeps the one stored (the settings page never shows it, so an empty field means "unchanged").
    Keep,
    /// Stores this sealed secret.
    Set(String),
    /// Forgets it: the client is public.
    Clear,
}

/// The saved settings of `workspace_id`, if an Admin ever saved any.
pub async fn settings(db: &Db, workspace_id: i64) -> Result<Option<SsoSettings>> {
    let sql = format!("SELECT {COLUMNS} FROM sso_settings WHERE workspace_id = $1");
    db.fetch_optional(Sql::assembled(sql).bind(workspace_id))
        .await
}

/// Saves `s` (its `client_secret_sealed` is ignored: `secret` says what becomes of the stored one).
pub async fn save(db: &Db, s: &SsoSettings, secret: SecretChange) -> Result<SsoSettings> {
    let (keep, sealed) = match secret {
        SecretChange::Keep => (true, None),
        SecretChange::Set(sealed) => (false, Some(sealed)),
        SecretChange::Clear => (false, None),
    };
    let sql = format!(
        "INSERT INTO sso_settings ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (workspace_id) DO UPDATE SET
           enabled = excluded.enabled, provider_name = excluded.provider_name, issuer = excluded.issuer,
           client_id = excluded.client_id,
           client_secret_sealed = CASE WHEN $14 THEN sso_settings.client_secret_sealed
                                       ELSE excluded.client_secret_sealed END,
           scopes = excluded.scopes, new_people = excluded.new_people, default_role = excluded.default_role,
           sso_only = excluded.sso_only, break_glass_email = excluded.break_glass_email,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at
         RETURNING {COLUMNS}"
    );
    let break_glass = s.break_glass_email.as_deref().map(str::to_lowercase);
    db.fetch_one(
        Sql::assembled(sql)
            .bind(s.workspace_id)
            .bind(s.enabled)
            .bind(s.provider_name.as_str())
            .bind(s.issuer.as_str())
            .bind(s.client_id.as_str())
            .bind(sealed)
            .bind(s.scopes.as_str())
            .bind(s.new_people.as_str())
            .bind(s.default_role.as_str())
            .bind(s.sso_only)
            .bind(break_glass)
            .bind(s.updated_by)
            .bind(s.updated_at)
            .bind(keep),
    )
    .await
}

/// The person a provider account signs in as, once matched; notes the sign-in.
pub async fn identity_user(
    db: &Db,
    issuer: &str,
    subject: &str,
    now: Millis,
) -> Result<Option<i64>> {
    let sql = "UPDATE sso_identities SET last_sign_in_at = $1 WHERE issuer = $2 AND subject = $3 RETURNING user_id";
    let row: Option<(i64,)> = db
        .fetch_optional(Sql::new(sql).bind(now).bind(issuer).bind(subject))
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Remembers that the provider account (`issuer`, `subject`) is `user_id` from now on. Linking an account already
/// linked changes nothing (the first person it was matched to keeps it).
pub async fn link_identity(
    db: &Db,
    issuer: &str,
    subject: &str,
    user_id: i64,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO sso_identities (issuer, subject, user_id, created_at, last_sign_in_at)
               VALUES ($1, $2, $3, $4, $4) ON CONFLICT (issuer, subject) DO NOTHING";
    db.execute(
        Sql::new(sql)
            .bind(issuer)
            .bind(subject)
            .bind(user_id)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// How many provider accounts are linked to people of `workspace_id` (shown on the settings page).
pub async fn linked_count(db: &Db, workspace_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM sso_identities i JOIN users u ON u.id = i.user_id WHERE u.workspace_id = $1";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(workspace_id)).await?;
    Ok(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn new_people_words_read_back() {
        for n in NewPeople::ALL {
            assert_eq!(NewPeople::try_from(n.as_str().to_string()), Ok(n));
        }
        assert!(NewPeople::try_from("maybe".to_string()).is_err());
    }
}
