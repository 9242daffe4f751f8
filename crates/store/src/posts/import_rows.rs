//! Many posts at once, from a bulk upload's rows: each written exactly as [`super::create`] writes one (the post, its
//! variants, tags, images, content and one delivery with its publish job per profile), all in one transaction, so an
//! upload is kept whole or not at all.

use super::{NewPost, create_in};
use crate::{Db, Result};
use sangam_domain::Millis;

/// Stores every post of `posts` in one transaction and returns their ids in the same order.
pub async fn create_all(db: &Db, posts: &[NewPost<'_>], now: Millis) -> Result<Vec<i64>> {
    let mut tx = db.tx().await?;
    let mut ids = Vec::with_capacity(posts.len());
    for new in posts {
        ids.push(create_in(&mut tx, new, now).await?);
    }
    tx.commit().await?;
    Ok(ids)
}
