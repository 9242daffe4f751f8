//! Counting clicks without slowing the redirect: the link a code names is read once and kept (a link's destination
//! never changes), the day's visitor salt is kept in memory until the day ends, and counted clicks go through a
//! bounded channel to one writer that stores them in batches.

use rand::RngCore;
use sangam_domain::Millis;
use sangam_store::Db;
use sangam_store::links::{self, NewClick, ShortLink};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::mpsc;

/// Links kept in memory; past this the cache starts over (a redirect then reads its link once more).
const CACHED_LINKS: usize = 10_000;
/// Clicks waiting to be written; a full channel makes the redirect wait for the writer rather than lose a click.
const QUEUED_CLICKS: usize = 16_384;
/// The most clicks the writer stores in one transaction.
const BATCH: usize = 500;

/// The web's click counter. One per process, shared by every request.
#[derive(Default)]
pub struct Tracker {
    links: Mutex<HashMap<String, Arc<ShortLink>>>,
    salt: Mutex<Option<(String, Arc<Vec<u8>>)>>,
    writer: OnceLock<mpsc::Sender<NewClick>>,
}

impl Tracker {
    /// The link `code` names, from memory when it was read before.
    pub async fn link(&self, db: &Db, code: &str) -> sangam_store::Result<Option<Arc<ShortLink>>> {
        if let Some(link) = self.cached(code) {
            return Ok(Some(link));
        }
        let Some(link) = links::by_code(db, code).await? else {
            return Ok(None);
        };
        let link = Arc::new(link);
        let mut cache = self.links.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHED_LINKS {
            cache.clear();
        }
        cache.insert(code.to_string(), link.clone());
        Ok(Some(link))
    }

    fn cached(&self, code: &str) -> Option<Arc<ShortLink>> {
        self.links
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(code)
            .cloned()
    }

    /// The salt of the UTC day of `now` (made, and earlier days' deleted, by the store on the day's first click).
    async fn salt(&self, db: &Db, day: &str, now: Millis) -> sangam_store::Result<Arc<Vec<u8>>> {
        if let Some((d, s)) = self.salt.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
            && d == day
        {
            return Ok(s.clone());
        }
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let salt = Arc::new(links::salt_for(db, day, &fresh, now).await?);
        *self.salt.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((day.to_string(), salt.clone()));
        Ok(salt)
    }

    /// Counts one click on `link` by the visitor (address, user agent) and returns its click id. Neither the address
    /// nor the user agent leaves this function: only their hash with the day's salt is written.
    pub async fn count(
        &self,
        db: &Db,
        link: &ShortLink,
        address: &str,
        user_agent: &str,
        now: Millis,
    ) -> sangam_store::Result<String> {
        let day = sangam_domain::roi::salt_day(now);
        let salt = self.salt(db, &day, now).await?;
        let visitor = visitor_hash(&salt, address, user_agent);
        let token = click_token();
        let click = NewClick {
            link_id: link.id,
            at: now,
            salt_day: day,
            visitor,
            token: token.clone(),
        };
        let sender = self.writer.get_or_init(|| start_writer(db.clone()));
        if let Err(mpsc::error::SendError(click)) = sender.send(click).await {
            // The writer is gone (shutting down): write this one directly.
            links::record_clicks(db, &[click]).await?;
        }
        Ok(token)
    }
}

/// SHA-256 of the salt, the address and the user agent, in hex.
pub fn visitor_hash(salt: &[u8], address: &str, user_agent: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt);
    h.update([0]);
    h.update(address.as_bytes());
    h.update([0]);
    h.update(user_agent.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A click id: 16 random bytes in hex.
fn click_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One task that writes queued clicks: it waits for a click, takes whatever else is queued (up to [`BATCH`]) and
/// stores them in one transaction.
fn start_writer(db: Db) -> mpsc::Sender<NewClick> {
    let (tx, mut rx) = mpsc::channel::<NewClick>(QUEUED_CLICKS);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(BATCH);
        while rx.recv_many(&mut batch, BATCH).await > 0 {
            if let Err(e) = links::record_clicks(&db, &batch).await {
                tracing::error!(error = %e, clicks = batch.len(), "clicks could not be stored");
            }
            batch.clear();
        }
    });
    tx
}
