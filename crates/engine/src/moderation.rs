//! Muting and blocking authors on the network itself, where it offers that. A person's "mute" in the inbox enqueues
//! this job; the network call happens here, where the connectors live, and is retried like any other.

use crate::{JobError, Networks};
use sangam_domain::now_millis;
use sangam_networks::Account;
use sangam_store::activity::{self, NewActivity};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, inbox, profiles};

pub use sangam_domain::job::MuteRequest;

pub async fn mute(
    db: &Db,
    secrets: &SecretBox,
    networks: &Networks,
    req: &MuteRequest,
) -> Result<(), JobError> {
    let profile = profiles::get(db, req.workspace_id, req.profile_id).await?;
    let network = networks
        .get(profile.network)
        .ok_or(JobError::NoConnector(profile.network))?;
    let account = Account {
        profile_id: profile.id,
        handle: profile.handle.clone(),
        credentials: profiles::credentials(db, secrets, profile.id).await?,
    };
    let done = network
        .mute_author(&account, &req.author_handle, req.action == "block")
        .await
        .map_err(|e| JobError::Retry {
            reason: e.to_string(),
            after_ms: 60_000,
        })?;
    if done {
        inbox::mark_mute_done(db, profile.id, &req.author_handle, &req.action).await?;
    }
    let entry = NewActivity {
        workspace_id: req.workspace_id,
        user_id: Some(req.user_id),
        action: if done {
            "muted_on_network"
        } else {
            "mute_not_offered_by_network"
        },
        object_kind: "profile",
        object_id: Some(profile.id),
        detail: &req.author_handle,
    };
    activity::record(db, entry, now_millis()).await?;
    Ok(())
}
