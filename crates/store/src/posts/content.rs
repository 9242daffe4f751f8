//! What a post holds besides its text: language, content warning, link card and images with alt text; and all of it
//! read back for one delivery when it is sent.

use super::deliveries::{TEXT_FOR_NETWORK, WITH_ITS_POST};
use crate::{Db, Result, Sql, StoreError, Tx};
use serde::Serialize;

/// A post's link card as stored: what the linked page said about itself, or why no card could be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LinkPreview {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The page had a preview image, which goes with the card.
    pub has_thumb: bool,
    /// Why there is no card for this link (the page did not answer, had no title...).
    pub problem: Option<String>,
}

impl LinkPreview {
    /// A card worth sending: the page answered and said something about itself.
    pub fn is_usable(&self) -> bool {
        usable(&self.title, &self.description, &self.problem)
    }
}

pub(super) fn usable(title: &str, description: &str, problem: &Option<String>) -> bool {
    problem.is_none() && !(title.is_empty() && description.is_empty())
}

/// The stored card a delivery carries to its network: none when the post has no link, or its fetch failed or
/// found neither a title nor a description.
pub(super) fn card(
    url: Option<String>,
    title: String,
    description: String,
    thumb: Option<Vec<u8>>,
    thumb_mime: Option<String>,
    problem: &Option<String>,
) -> Option<LinkCardBytes> {
    let url = url.filter(|_| usable(&title, &description, problem))?;
    Some(LinkCardBytes {
        url,
        title,
        description,
        thumb: thumb.zip(thumb_mime),
    })
}

/// The card to store with a post, as fetched when it was saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLink {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The preview image's bytes and type.
    pub thumb: Option<(Vec<u8>, String)>,
    pub problem: Option<String>,
}

/// An image of a post, by the id `media::store` gave it, with its alt text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
pub struct ImageRef {
    pub media_id: i64,
    #[serde(default)]
    pub alt: String,
}

/// What a post holds besides its text, tags and profiles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub language: Option<String>,
    pub content_warning: String,
    /// The link card; `None` when the text has no link (or the author turned the card off).
    pub link: Option<NewLink>,
    /// Images in order, after any in `NewPost::media_ids`. On an edit: the post's images from now on; images of the
    /// post left out are removed.
    pub images: Vec<ImageRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MediaInfo {
    pub id: i64,
    #[serde(skip)]
    pub post_id: Option<i64>,
    pub mime: String,
    pub size: i64,
    pub alt: String,
    /// Place in the post, from 1.
    pub position: i64,
}

/// Stores a post's language, content warning and link card.
pub(super) async fn store(tx: &mut Tx, post_id: i64, c: &Content) -> Result<()> {
    let link = c.link.as_ref();
    let thumb = link.and_then(|l| l.thumb.as_ref());
    let sql = "UPDATE posts SET language = $1, content_warning = $2, link_url = $3, link_title = $4,
               link_description = $5, link_thumb = $6, link_thumb_mime = $7, link_problem = $8 WHERE id = $9";
    tx.execute(
        Sql::new(sql)
            .bind(c.language.as_deref())
            .bind(c.content_warning.trim())
            .bind(link.map(|l| l.url.as_str()))
            .bind(link.map(|l| l.title.as_str()).unwrap_or_default())
            .bind(link.map(|l| l.description.as_str()).unwrap_or_default())
            .bind(thumb.map(|t| t.0.as_slice()))
            .bind(thumb.map(|t| t.1.as_str()))
            .bind(link.and_then(|l| l.problem.as_deref()))
            .bind(post_id),
    )
    .await?;
    Ok(())
}

/// Attaches an image to a post at place `index` (from 0), setting its alt text when given. The image must be the
/// workspace's and either free or already this post's.
pub(super) async fn attach_media(
    tx: &mut Tx,
    post_id: i64,
    workspace_id: i64,
    media_id: i64,
    index: usize,
    alt: Option<&str>,
) -> Result<()> {
    let sql = "UPDATE media SET post_id = $1, position = $2, alt = COALESCE($3, alt)
               WHERE id = $4 AND workspace_id = $5 AND (post_id IS NULL OR post_id = $1)";
    let position = index as i64 + 1;
    let attached = tx
        .execute(
            Sql::new(sql)
                .bind(post_id)
                .bind(position)
                .bind(alt.map(str::trim))
                .bind(media_id)
                .bind(workspace_id),
        )
        .await?;
    if attached != 1 {
        return Err(StoreError::NotFound("The image"));
    }
    Ok(())
}

/// Makes `images`, in their order, the post's images; the post's others are removed.
pub(super) async fn replace_images(
    tx: &mut Tx,
    workspace_id: i64,
    post_id: i64,
    images: &[ImageRef],
) -> Result<()> {
    let keep: Vec<i64> = images.iter().map(|i| i.media_id).collect();
    // `NOT IN (NULL)` would keep everything, so keeping nothing is its own statement.
    let remove = if keep.is_empty() {
        Sql::new("DELETE FROM media WHERE post_id = $1")
    } else {
        Sql::with_ids(
            "DELETE FROM media WHERE post_id = $1 AND id NOT IN ({ids})",
            &keep,
        )
    };
    tx.execute(remove.bind(post_id)).await?;
    for (index, image) in images.iter().enumerate() {
        attach_media(
            tx,
            post_id,
            workspace_id,
            image.media_id,
            index,
            Some(&image.alt),
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn media_of(db: &Db, post_ids: &[i64]) -> Result<Vec<MediaInfo>> {
    let sql = "SELECT id, post_id, mime, size, alt, position FROM media WHERE post_id IN ({ids})
               ORDER BY position, id";
    db.fetch_all(Sql::with_ids(sql, post_ids)).await
}

/// Everything a delivery carries to its network, read from its post when it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryContent {
    /// The text for this delivery's network: its variant, or the post's text.
    pub text: String,
    pub language: Option<String>,
    pub content_warning: String,
    /// Images in order: bytes, type, alt text.
    pub images: Vec<ImageBytes>,
    /// The link card, when one could be made.
    pub link_card: Option<LinkCardBytes>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImageBytes {
    pub mime: String,
    pub bytes: Vec<u8>,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCardBytes {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The preview image's bytes and type.
    pub thumb: Option<(Vec<u8>, String)>,
}

#[derive(sqlx::FromRow)]
struct ContentRow {
    post_id: i64,
    text: String,
    language: Option<String>,
    content_warning: String,
    link_url: Option<String>,
    link_title: String,
    link_description: String,
    link_thumb: Option<Vec<u8>>,
    link_thumb_mime: Option<String>,
    link_problem: Option<String>,
}

pub async fn delivery_content(db: &Db, delivery_id: i64) -> Result<DeliveryContent> {
    let sql = format!(
        "SELECT p.id AS post_id, {TEXT_FOR_NETWORK}, p.language, p.content_warning, p.link_url, p.link_title,
                p.link_description, p.link_thumb, p.link_thumb_mime, p.link_problem {WITH_ITS_POST}"
    );
    let row: Option<ContentRow> = db
        .fetch_optional(Sql::assembled(sql).bind(delivery_id))
        .await?;
    let row = row.ok_or(StoreError::NotFound("The delivery"))?;
    let sql = "SELECT mime, bytes, alt FROM media WHERE post_id = $1 ORDER BY position, id";
    let images: Vec<ImageBytes> = db.fetch_all(Sql::new(sql).bind(row.post_id)).await?;
    let link_card = card(
        row.link_url,
        row.link_title,
        row.link_description,
        row.link_thumb,
        row.link_thumb_mime,
        &row.link_problem,
    );
    Ok(DeliveryContent {
        text: row.text,
        language: row.language,
        content_warning: row.content_warning,
        images,
        link_card,
    })
}
