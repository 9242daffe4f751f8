//! Keeping app-network tokens alive (Facebook, Instagram, Threads, LinkedIn, X). A recurring job renews each token
//! some time before it expires through its connector ([`OAuthNetwork::refresh`]), storing the new credentials sealed;
//! a week before a token that cannot be renewed expires, the workspace's Admins are told once; a grant the network
//! no longer honours (`AuthExpired`: revoked) marks the profile "needs reconnect" through [`crate::reconnect`],
//! which keeps everything attached to it.
//!
//! [`OAuthNetwork::refresh`]: sangam_networks::oauth::OAuthNetwork::refresh

use crate::{JobError, Networks};
use sangam_domain::{Millis, Role};
use sangam_networks::NetworkError;
use sangam_networks::oauth::{App, Refreshed};
use sangam_store::network_apps::{self, Expiring};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, notifications, profiles, users};

/// How often the job runs.
pub const EVERY_MS: Millis = 10 * 60_000;
/// How long before a token that cannot be renewed expires the Admins are told.
pub const WARN_AHEAD_MS: Millis = 7 * 24 * 3_600_000;
/// A renewable token is renewed at the latest this long before it expires...
const RENEW_AHEAD_MS: Millis = 3 * 24 * 3_600_000;

/// ...or once half its life has passed, for short-lived tokens (X's last two hours).
fn renewal_due(token: &Expiring, now: Millis) -> bool {
    let left = token.expires_at - now;
    let life = token
        .refreshed_at
        .map_or(RENEW_AHEAD_MS * 2, |at| token.expires_at - at);
    left < RENEW_AHEAD_MS.min(life / 2)
}

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TokenRun {
    pub renewed: usize,
    pub warned: usize,
    pub needs_reconnect: usize,
    pub failed: usize,
}

pub async fn refresh_all(
    db: &Db,
    secrets: &SecretBox,
    networks: &Networks,
    now: Millis,
) -> Result<TokenRun, JobError> {
    let mut run = TokenRun::default();
    for token in network_apps::expiring(db, now + WARN_AHEAD_MS, 1_000).await? {
        let expired = token.expires_at <= now;
        // A refresh token outlives its access token: an expired one is still renewed when it can be.
        let mut renewable = token.refreshable;
        if renewable && (expired || renewal_due(&token, now)) {
            match renew(db, secrets, networks, &token, now).await? {
                Renewal::Renewed => {
                    run.renewed += 1;
                    continue;
                }
                Renewal::Revoked => {
                    run.needs_reconnect += 1;
                    continue;
                }
                Renewal::Cannot => renewable = false,
                Renewal::Failed => run.failed += 1,
            }
        }
        if expired && !renewable {
            let detail = "its token expired";
            if crate::reconnect::needs_reconnect(
                db,
                token.workspace_id,
                token.profile_id,
                &token.handle,
                detail,
                now,
            )
            .await?
            {
                run.needs_reconnect += 1;
            }
        } else if !renewable
            && network_apps::mark_warned(db, token.profile_id, token.expires_at).await?
        {
            warn_admins(db, &token, now).await?;
            run.warned += 1;
        }
    }
    Ok(run)
}

enum Renewal {
    Renewed,
    Cannot,
    Revoked,
    Failed,
}

async fn renew(
    db: &Db,
    secrets: &SecretBox,
    networks: &Networks,
    token: &Expiring,
    now: Millis,
) -> Result<Renewal, JobError> {
    let id = token.profile_id;
    let Some(connector) = networks.app(token.network) else {
        // No connector in this process (a config without it): nothing to do but keep the token as it is.
        return Ok(Renewal::Failed);
    };
    let Some((client_id, client_secret)) =
        network_apps::app(db, secrets, token.workspace_id, token.network).await?
    else {
        let error = "the workspace's app for this network is not set";
        network_apps::refresh_failed(db, id, true, Some(error)).await?;
        return Ok(Renewal::Failed);
    };
    let app = App {
        client_id,
        client_secret,
    };
    let credentials = profiles::credentials(db, secrets, id).await?;
    match connector.refresh(&app, &credentials).await {
        Ok(Refreshed::Renewed {
            credentials,
            expires_at,
        }) => {
            profiles::set_credentials(db, secrets, id, &credentials).await?;
            network_apps::renewed(db, id, expires_at, now).await?;
            tracing::info!(profile = id, network = %token.network, "token renewed");
            Ok(Renewal::Renewed)
        }
        Ok(Refreshed::CannotRefresh) => {
            network_apps::refresh_failed(db, id, false, None).await?;
            Ok(Renewal::Cannot)
        }
        Err(NetworkError::AuthExpired(detail)) => {
            network_apps::refresh_failed(db, id, true, Some(&detail)).await?;
            crate::reconnect::needs_reconnect(
                db,
                token.workspace_id,
                id,
                &token.handle,
                &detail,
                now,
            )
            .await?;
            Ok(Renewal::Revoked)
        }
        Err(e) => {
            tracing::warn!(profile = id, error = %e, "renewing a token failed; trying again on the next run");
            network_apps::refresh_failed(db, id, true, Some(&e.to_string())).await?;
            Ok(Renewal::Failed)
        }
    }
}

/// The sentence of the week-before warning, as stored (the page says it again in the viewer's language).
pub fn expiry_warning(handle: &str, network: &str, expires_at: Millis) -> String {
    let day = jiff::Timestamp::from_millisecond(expires_at)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    format!(
        "Sangam cannot renew the {network} token of @{} and it stops working on {day}. Reconnect the profile on the \
         Profiles page before then.",
        handle.trim_start_matches('@')
    )
}

async fn warn_admins(db: &Db, token: &Expiring, now: Millis) -> Result<(), JobError> {
    let message = expiry_warning(
        &token.handle,
        token.network.display_name(),
        token.expires_at,
    );
    for user in users::list_active(db, token.workspace_id).await? {
        if user.role == Role::Admin {
            notifications::notify(
                db,
                token.workspace_id,
                user.id,
                "token_expiring",
                &message,
                "/profiles",
                now,
            )
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sangam_domain::NetworkKind;

    fn token(expires_at: Millis, refreshed_at: Option<Millis>) -> Expiring {
        Expiring {
            profile_id: 1,
            workspace_id: 1,
            network: NetworkKind::X,
            handle: "acme".into(),
            expires_at,
            refreshable: true,
            refreshed_at,
            warned_for: None,
        }
    }

    #[test]
    fn long_tokens_renew_three_days_ahead_and_short_ones_at_half_life() {
        let day = 24 * 3_600_000;
        let sixty_days = token(60 * day, Some(0));
        assert!(!renewal_due(&sixty_days, 50 * day));
        assert!(renewal_due(&sixty_days, 57 * day + 1));
        let two_hours = token(2 * 3_600_000, Some(0));
        assert!(!renewal_due(&two_hours, 3_600_000 - 1));
        assert!(renewal_due(&two_hours, 3_600_000 + 1));
    }
}
