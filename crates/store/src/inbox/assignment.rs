//! Who answers a message, and where it stands: assigned, done or reopened, hidden.

use super::message::update;
use crate::{Db, Result, Sql};
use sangam_domain::Millis;

pub async fn assign(db: &Db, workspace_id: i64, id: i64, user_id: Option<i64>) -> Result<()> {
    if let Some(user) = user_id {
        crate::users::in_workspace(db, workspace_id, user).await?;
    }
    let sql = "UPDATE messages SET assigned_to = $3 WHERE id = $1 AND workspace_id = $2";
    update(db, Sql::new(sql).bind(id).bind(workspace_id).bind(user_id)).await
}

/// Marks done (`done = true`) or reopens.
pub async fn set_done(db: &Db, workspace_id: i64, id: i64, done: bool, now: Millis) -> Result<()> {
    let sql = if done {
        let sql =
            "UPDATE messages SET status = 'done', done_at = $3 WHERE id = $1 AND workspace_id = $2";
        Sql::new(sql).bind(id).bind(workspace_id).bind(now)
    } else {
        let sql = "UPDATE messages SET status = 'open', done_at = NULL WHERE id = $1 AND workspace_id = $2";
        Sql::new(sql).bind(id).bind(workspace_id)
    };
    update(db, sql).await
}

pub async fn set_hidden(db: &Db, workspace_id: i64, id: i64, hidden: bool) -> Result<()> {
    let sql = "UPDATE messages SET hidden = $3 WHERE id = $1 AND workspace_id = $2";
    update(db, Sql::new(sql).bind(id).bind(workspace_id).bind(hidden)).await
}
