//! Instagram and Threads publish in two steps: a media container is created, Meta fetches and checks its media, and
//! only a `FINISHED` container may be published. The container's status is polled in between (IG Container
//! `status_code`, https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container;
//! Threads `GET /{container-id}?fields=status,error_message`, https://developers.facebook.com/docs/threads/troubleshooting).

use super::{Graph, Host, Keys};
use crate::NetworkError;
use serde_json::Value;
use std::time::Duration;

/// How long to wait between looks at a container, and how often to look.
#[derive(Debug, Clone)]
pub struct Polling {
    pub every: Duration,
    pub attempts: u32,
}

impl Default for Polling {
    fn default() -> Self {
        // Threads advises waiting about 30 seconds before publishing a media container; Instagram's images are
        // usually ready sooner. Two minutes in all before the delivery is tried again later.
        Polling {
            every: Duration::from_secs(3),
            attempts: 40,
        }
    }
}

/// Waits for a container to be `FINISHED`. `field` is `status_code` on Instagram and `status` on Threads. A
/// container still `IN_PROGRESS` after the last look is `Unavailable` (retryable: nothing was published).
pub async fn wait_finished(
    graph: &Graph,
    host: Host,
    path: &str,
    token: &str,
    field: &str,
    keys: &Keys,
    polling: &Polling,
) -> Result<(), NetworkError> {
    let fields = format!("{field},error_message,status");
    for attempt in 0..polling.attempts.max(1) {
        if attempt > 0 {
            tokio::time::sleep(polling.every).await;
        }
        let answer: Value = graph
            .get(host, path, token, &[("fields", fields.as_str())], keys)
            .await?;
        match answer[field].as_str().unwrap_or("IN_PROGRESS") {
            "FINISHED" => return Ok(()),
            "IN_PROGRESS" => continue,
            "PUBLISHED" => {
                return Err(NetworkError::rejected(
                    "the media container was already published",
                ));
            }
            other => {
                let why = answer["error_message"]
                    .as_str()
                    .or_else(|| answer["status"].as_str())
                    .unwrap_or("no reason given");
                return Err(NetworkError::rejected(format!(
                    "the network could not prepare the media ({other}): {why}"
                )));
            }
        }
    }
    Err(NetworkError::unavailable(
        "the network is still preparing the media; trying again later",
    ))
}

/// How long a delivery waits when the 24-hour publishing limit is reached: the limit is a moving window, so an hour
/// later some of the day's posts have usually dropped out of it.
pub const LIMIT_RECHECK_MS: i64 = 60 * 60_000;

/// Reads the account's 24-hour publishing limit before anything is created (Instagram
/// `GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config`; Threads
/// `GET /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config`). When
/// it is reached the delivery is held (`RateLimited`, nothing was sent) and tried again later.
pub async fn check_quota(
    graph: &Graph,
    host: Host,
    path: &str,
    token: &str,
    keys: &Keys,
    reply: bool,
) -> Result<(), NetworkError> {
    let fields = if reply {
        "quota_usage,config,reply_quota_usage,reply_config"
    } else {
        "quota_usage,config"
    };
    let answer: Value = graph
        .get(host, path, token, &[("fields", fields)], keys)
        .await?;
    let entry = &answer["data"][0];
    let (used, config) = if reply && entry.get("reply_quota_usage").is_some() {
        (&entry["reply_quota_usage"], &entry["reply_config"])
    } else {
        (&entry["quota_usage"], &entry["config"])
    };
    let (Some(used), Some(total)) = (used.as_i64(), config["quota_total"].as_i64()) else {
        // An account the limit does not apply to (or an answer without it): nothing to hold for.
        return Ok(());
    };
    if used >= total {
        tracing::info!(
            used,
            total,
            "publishing limit reached; holding the delivery"
        );
        return Err(NetworkError::RateLimited {
            retry_after_ms: LIMIT_RECHECK_MS,
        });
    }
    Ok(())
}
