//! Everything the publisher reads about claimed deliveries before it sends them, read for a whole claimed batch in
//! three statements (deliveries, their posts with profile and workspace, the posts' images) instead of several per
//! delivery. What is read here only decides what to try: every state change the publisher then makes is a
//! conditional update, so a row that moved since it was read is never acted on twice.

use super::content::{DeliveryContent, ImageBytes, card};
use super::deliveries::{DELIVERY_SELECT, Delivery, DeliveryContext};
use crate::secrets::SecretBox;
use crate::{Db, Result, Sql, StoreError};
use sangam_domain::{Millis, PostStatus};
use std::collections::HashMap;

/// One delivery as the publisher needs it.
#[derive(Debug, Clone)]
pub struct ToPublish {
    pub delivery: Delivery,
    pub context: DeliveryContext,
    /// The crisis switch holds the whole workspace.
    pub workspace_paused: bool,
    pub content: DeliveryContent,
    /// For an inbox reply, the remote id it answers.
    pub in_reply_to: Option<String>,
    /// The profile's credentials as stored, sealed; opened with [`open_credentials`] only when the network is called.
    pub sealed_credentials: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    delivery_id: i64,
    workspace_id: i64,
    post_id: i64,
    author_id: i64,
    text: String,
    #[sqlx(try_from = "String")]
    status: PostStatus,
    deleted_at: Option<Millis>,
    profile_paused_at: Option<Millis>,
    workspace_paused_at: Option<Millis>,
    credentials: String,
    language: Option<String>,
    content_warning: String,
    link_url: Option<String>,
    link_title: String,
    link_description: String,
    link_thumb: Option<Vec<u8>>,
    link_thumb_mime: Option<String>,
    link_problem: Option<String>,
    in_reply_to: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Media {
    post_id: i64,
    mime: String,
    bytes: Vec<u8>,
    alt: String,
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The deliveries `ids` that still exist, in no particular order; a deleted one is simply absent.
pub async fn to_publish(db: &Db, ids: &[i64]) -> Result<Vec<ToPublish>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(ids);
    let deliveries: Vec<Delivery> = db
        .fetch_all(Sql::assembled(format!(
            "{DELIVERY_SELECT} WHERE d.id IN ({list})"
        )))
        .await?;
    let rows: Vec<Row> = db
        .fetch_all(Sql::assembled(format!(
            "SELECT d.id AS delivery_id, p.workspace_id, p.id AS post_id, p.author_id,
                    COALESCE(v.body, p.body) AS text, p.status, p.deleted_at, pr.paused_at AS profile_paused_at,
                    w.paused_at AS workspace_paused_at, pr.credentials, p.language, p.content_warning, p.link_url,
                    p.link_title, p.link_description, p.link_thumb, p.link_thumb_mime, p.link_problem, d.in_reply_to
             FROM deliveries d
             JOIN posts p ON p.id = d.post_id
             JOIN profiles pr ON pr.id = d.profile_id
             JOIN workspaces w ON w.id = p.workspace_id
             LEFT JOIN post_variants v ON v.post_id = p.id AND v.network = pr.network
             WHERE d.id IN ({list})"
        )))
        .await?;
    let mut post_ids: Vec<i64> = rows.iter().map(|r| r.post_id).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let media: Vec<Media> = db
        .fetch_all(Sql::assembled(format!(
            "SELECT post_id, mime, bytes, alt FROM media WHERE post_id IN ({})
             ORDER BY post_id, position, id",
            id_list(&post_ids)
        )))
        .await?;
    let mut images: HashMap<i64, Vec<ImageBytes>> = HashMap::new();
    for m in media {
        images.entry(m.post_id).or_default().push(ImageBytes {
            mime: m.mime,
            bytes: m.bytes,
            alt: m.alt,
        });
    }
    let mut rows: HashMap<i64, Row> = rows.into_iter().map(|r| (r.delivery_id, r)).collect();
    Ok(deliveries
        .into_iter()
        .filter_map(|delivery| {
            let row = rows.remove(&delivery.id)?;
            let post_images = images.get(&row.post_id).cloned().unwrap_or_default();
            Some(assemble(delivery, row, post_images))
        })
        .collect())
}

fn assemble(delivery: Delivery, row: Row, images: Vec<ImageBytes>) -> ToPublish {
    let link_card = card(
        row.link_url,
        row.link_title,
        row.link_description,
        row.link_thumb,
        row.link_thumb_mime,
        &row.link_problem,
    );
    ToPublish {
        delivery,
        context: DeliveryContext {
            workspace_id: row.workspace_id,
            post_id: row.post_id,
            author_id: row.author_id,
            text: row.text.clone(),
            status: row.status,
            deleted_at: row.deleted_at,
            profile_paused_at: row.profile_paused_at,
        },
        workspace_paused: row.workspace_paused_at.is_some(),
        content: DeliveryContent {
            text: row.text,
            language: row.language,
            content_warning: row.content_warning,
            images,
            link_card,
        },
        in_reply_to: row.in_reply_to,
        sealed_credentials: row.credentials,
    }
}

/// Opens credentials read by [`to_publish`], as `profiles::credentials` does for one profile.
pub fn open_credentials(secrets: &SecretBox, sealed: &str) -> Result<serde_json::Value> {
    let plain = secrets
        .open(sealed)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    serde_json::from_str(&plain).map_err(|e| StoreError::Corrupt(e.to_string()))
}
