//! Muted and blocked authors: Sangam hides their new messages at once, and a job asks the network to do the same
//! where it offers that (`sangam_engine::moderation`).

use super::message::Message;
use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use serde::Serialize;

/// Where a mute or block stands on the network when a person asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OnNetwork {
    /// The network confirmed it (an earlier request for the same author and action got through).
    Done,
    /// A job asks the network, and retries; until it has (and for good on a network with no such call, like the
    /// sandbox) the author is hidden in Sangam only.
    Queued,
}

/// Records a mute or block of an author and says whether the network has carried it out already.
pub async fn mute_author(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    action: &str,
    user_id: i64,
    now: Millis,
) -> Result<OnNetwork> {
    let sql = "INSERT INTO muted_authors (workspace_id, profile_id, author_handle, action, remote_done, user_id,
               created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (profile_id, author_handle, action) DO NOTHING";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(message.profile_id)
            .bind(&message.author_handle)
            .bind(action)
            .bind(false)
            .bind(user_id)
            .bind(now),
    )
    .await?;
    let sql = "SELECT remote_done FROM muted_authors WHERE profile_id = $1 AND author_handle = $2 AND action = $3";
    let (done,): (bool,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(message.profile_id)
                .bind(&message.author_handle)
                .bind(action),
        )
        .await?;
    Ok(if done {
        OnNetwork::Done
    } else {
        OnNetwork::Queued
    })
}

/// Authors of a profile that were muted or blocked: the ingester hides their new messages.
pub async fn muted_authors(db: &Db, profile_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT author_handle FROM muted_authors WHERE profile_id = $1";
    let rows: Vec<(String,)> = db.fetch_all(Sql::new(sql).bind(profile_id)).await?;
    Ok(rows.into_iter().map(|(handle,)| handle).collect())
}

/// The network confirmed a mute or block.
pub async fn mark_mute_done(
    db: &Db,
    profile_id: i64,
    author_handle: &str,
    action: &str,
) -> Result<()> {
    let sql = "UPDATE muted_authors SET remote_done = $1 WHERE profile_id = $2 AND author_handle = $3 AND action = $4";
    db.execute(
        Sql::new(sql)
            .bind(true)
            .bind(profile_id)
            .bind(author_handle)
            .bind(action),
    )
    .await?;
    Ok(())
}
