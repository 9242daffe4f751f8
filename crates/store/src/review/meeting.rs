//! The meeting held over a review: agenda items people add, notes, decisions, and action items with an owner and a
//! due date. An action stays open until someone marks it done; open actions of earlier weeks come first on the next
//! review's agenda.

use crate::{Db, Result, Sql, fetch_found};
use sangam_domain::Millis;
use serde::Serialize;

/// What an item of the meeting is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Agenda,
    Note,
    Decision,
    Action,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Agenda,
        ItemKind::Note,
        ItemKind::Decision,
        ItemKind::Action,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Agenda => "agenda",
            ItemKind::Note => "note",
            ItemKind::Decision => "decision",
            ItemKind::Action => "action",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

sangam_domain::stored_words!(ItemKind);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Item {
    pub id: i64,
    pub review_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ItemKind,
    pub body: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    /// YYYY-MM-DD.
    pub due_on: Option<String>,
    pub done_at: Option<Millis>,
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: Millis,
    /// The week of the review the item was added to.
    pub week_start: Millis,
}

pub struct NewItem<'a> {
    pub workspace_id: i64,
    pub review_id: i64,
    pub kind: ItemKind,
    pub body: &'a str,
    pub owner_id: Option<i64>,
    pub due_on: Option<&'a str>,
    pub created_by: i64,
}

const SELECT: &str =
    "SELECT i.id, i.review_id, i.kind, i.body, i.owner_id, o.name AS owner_name, i.due_on,
           i.done_at, i.created_by, c.name AS created_by_name, i.created_at, r.week_start
    FROM review_items i JOIN reviews r ON r.id = i.review_id JOIN users c ON c.id = i.created_by
    LEFT JOIN users o ON o.id = i.owner_id";

/// Adds an item to the review. The review and the owner must be the workspace's.
pub async fn add_item(db: &Db, item: NewItem<'_>, now: Millis) -> Result<Item> {
    let review = "SELECT id FROM reviews WHERE id = $1 AND workspace_id = $2";
    let review = Sql::new(review)
        .bind(item.review_id)
        .bind(item.workspace_id);
    fetch_found::<(i64,)>(db, review, "The review").await?;
    if let Some(owner) = item.owner_id {
        let sql = "SELECT id FROM users WHERE id = $1 AND workspace_id = $2";
        let sql = Sql::new(sql).bind(owner).bind(item.workspace_id);
        fetch_found::<(i64,)>(db, sql, "The action's owner").await?;
    }
    let sql = "INSERT INTO review_items (review_id, workspace_id, kind, body, owner_id, due_on, created_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(item.review_id)
                .bind(item.workspace_id)
                .bind(item.kind.as_str())
                .bind(sangam_domain::untrusted::storable(item.body).into_owned())
                .bind(item.owner_id)
                .bind(item.due_on)
                .bind(item.created_by)
                .bind(now),
        )
        .await?;
    let sql = Sql::assembled(format!("{SELECT} WHERE i.id = $1"));
    fetch_found(db, sql.bind(id), "The review item").await
}

/// The items of one review, in the order they were added.
pub async fn items(db: &Db, workspace_id: i64, review_id: i64) -> Result<Vec<Item>> {
    let sql = Sql::assembled(format!(
        "{SELECT} WHERE i.review_id = $1 AND i.workspace_id = $2 ORDER BY i.id"
    ));
    db.fetch_all(sql.bind(review_id).bind(workspace_id)).await
}

/// Action items of reviews of weeks before `week_start` that are not done yet, oldest first.
pub async fn open_actions_before(
    db: &Db,
    workspace_id: i64,
    week_start: Millis,
) -> Result<Vec<Item>> {
    let sql = Sql::assembled(format!(
        "{SELECT} WHERE i.workspace_id = $1 AND i.kind = 'action' AND i.done_at IS NULL AND r.week_start < $2
         ORDER BY r.week_start, i.id"
    ));
    db.fetch_all(sql.bind(workspace_id).bind(week_start)).await
}

/// Marks an action item done (or open again).
pub async fn set_done(
    db: &Db,
    workspace_id: i64,
    id: i64,
    done: bool,
    now: Millis,
) -> Result<Item> {
    let sql = "UPDATE review_items SET done_at = $1 WHERE id = $2 AND workspace_id = $3 AND kind = 'action'";
    let changed = db
        .execute(
            Sql::new(sql)
                .bind(done.then_some(now))
                .bind(id)
                .bind(workspace_id),
        )
        .await?;
    if changed == 0 {
        return Err(crate::StoreError::NotFound("The action item"));
    }
    let sql = Sql::assembled(format!("{SELECT} WHERE i.id = $1"));
    fetch_found(db, sql.bind(id), "The action item").await
}
