//! Publishing one delivery, exactly once. The order of steps is the promise:
//! 1. record the intent (`sending`) in the database, committed, before the network is called;
//! 2. call the network with the delivery's fixed idempotency key;
//! 3. record what came back: `published`, `failed`, back to `scheduled` (rate limit, outage) or `unknown` (no answer).
//!
//! A job that finds its delivery already `sending` or `unknown` is running after a crash or a timeout: it asks the
//! network what became of the key before anything is sent again, and resends only where the network deduplicates.

use crate::{JobError, Networks};
use sangam_domain::{DeliveryState, Millis, PostStatus, now_millis};
use sangam_networks::{
    Account, Attempt, Image, LinkCard, Lookup, NetworkError, Outbound, Published,
};
use sangam_store::activity::{self, NewActivity};
use sangam_store::posts::{self, Delivery, DeliveryContent, DeliveryContext, ToPublish};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, StoreError, approvals, notifications};

/// How long to wait before looking again at a held delivery (unapproved, or paused).
const HELD_RECHECK_MS: i64 = 30_000;

/// What the runner should do with the job after one publishing step.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Nothing more to do.
    Done,
    /// Look again at `at` without counting an attempt (not yet due, paused, rate limited).
    Postpone { at: Millis, note: String },
    /// Try again after a back-off, counting an attempt.
    Retry { reason: String, after_ms: i64 },
}

pub struct Publisher<'a> {
    pub db: &'a Db,
    pub secrets: &'a SecretBox,
    pub networks: &'a Networks,
}

impl Publisher<'_> {
    /// Moves delivery `id` one step on. `last_attempt` says the job has no retries left: the delivery must then end in
    /// a state a person can see (`failed` or `unknown`), never silently stay in flight.
    pub async fn step(&self, id: i64, last_attempt: bool) -> Result<Next, JobError> {
        let read = posts::to_publish(self.db, &[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound("The delivery"))?;
        self.step_read(read, last_attempt).await
    }

    /// [`Publisher::step`] for a delivery already read (the runner reads a claimed batch at once).
    pub async fn step_read(&self, read: ToPublish, last_attempt: bool) -> Result<Next, JobError> {
        let delivery = &read.delivery;
        let id = delivery.id;
        match delivery.state {
            DeliveryState::Published | DeliveryState::Failed | DeliveryState::Cancelled => {
                Ok(Next::Done)
            }
            DeliveryState::Scheduled => {
                if read.context.deleted_at.is_some() {
                    posts::cancel(
                        self.db,
                        id,
                        "The post was deleted before it was sent.",
                        now_millis(),
                    )
                    .await?;
                    return Ok(Next::Done);
                }
                if delivery.scheduled_at > now_millis() {
                    return Ok(Next::Postpone {
                        at: delivery.scheduled_at,
                        note: "Not due yet.".into(),
                    });
                }
                if let Some(note) = held_because(&read) {
                    self.tell_once_held(&read.context, &note).await?;
                    return Ok(Next::Postpone {
                        at: now_millis() + HELD_RECHECK_MS,
                        note,
                    });
                }
                if !posts::record_intent(self.db, id, now_millis()).await? {
                    // Another worker took it, or a person cancelled it, between our read and our write.
                    return Ok(Next::Done);
                }
                self.send(&read, last_attempt).await
            }
            DeliveryState::Sending | DeliveryState::Unknown => {
                self.reconcile(&read, last_attempt).await
            }
        }
    }

    /// The first time a post is held at its time, its author (and, for an unapproved post, the approvers waiting)
    /// are told in the app. Drafts are the author's own business and raise nothing.
    async fn tell_once_held(&self, context: &DeliveryContext, note: &str) -> Result<(), JobError> {
        if context.status == PostStatus::Draft
            || !posts::mark_held(self.db, context.post_id, now_millis()).await?
        {
            return Ok(());
        }
        let link = format!("/posts/{}", context.post_id);
        let message = format!("A post came due but was held: {note}");
        let mut told = vec![context.author_id];
        if context.status == PostStatus::PendingApproval {
            let steps = approvals::workflow(self.db, context.workspace_id).await?;
            told.extend(steps.into_iter().flat_map(|s| s.approvers));
        }
        told.sort_unstable();
        told.dedup();
        for user in told {
            notifications::notify(
                self.db,
                context.workspace_id,
                user,
                "post_held",
                &message,
                &link,
                now_millis(),
            )
            .await?;
        }
        let entry = NewActivity {
            workspace_id: context.workspace_id,
            user_id: None,
            action: "held",
            object_kind: "post",
            object_id: Some(context.post_id),
            detail: note,
        };
        activity::record(self.db, entry, now_millis()).await?;
        Ok(())
    }

    fn account(&self, read: &ToPublish) -> Result<Account, JobError> {
        Ok(Account {
            profile_id: read.delivery.profile_id,
            handle: read.delivery.profile_handle.clone(),
            credentials: posts::open_credentials(self.secrets, &read.sealed_credentials)?,
        })
    }

    async fn send(&self, read: &ToPublish, last_attempt: bool) -> Result<Next, JobError> {
        let delivery = &read.delivery;
        let network = self
            .networks
            .get(delivery.network)
            .ok_or(JobError::NoConnector(delivery.network))?;
        let account = self.account(read)?;
        let content = outbound_for(read.content.clone(), delivery, read.in_reply_to.clone());
        let result = network.publish(&account, &content).await;
        self.record(delivery, result, last_attempt).await
    }

    /// The delivery was in flight when we lost track of it: ask the network before sending anything. A network that
    /// proves the post absent gets it again; one that cannot tell gets it again only if it refuses repeats.
    async fn reconcile(&self, read: &ToPublish, last_attempt: bool) -> Result<Next, JobError> {
        let delivery = &read.delivery;
        let network = self
            .networks
            .get(delivery.network)
            .ok_or(JobError::NoConnector(delivery.network))?;
        let account = self.account(read)?;
        let content = outbound_for(read.content.clone(), delivery, read.in_reply_to.clone());
        let attempt = Attempt {
            content: &content,
            sent_at: delivery.sent_at,
        };
        match network.look_up(&account, &attempt).await {
            Ok(Lookup::Found(published)) => {
                self.record(delivery, Ok(published), last_attempt).await
            }
            Ok(Lookup::Absent) => self.resend(read, last_attempt).await,
            Ok(Lookup::Unsure(_))
                if network.dedupes_repeats() && still_deduped(network.as_ref(), delivery) =>
            {
                self.resend(read, last_attempt).await
            }
            Ok(Lookup::Unsure(why)) => {
                let reason = format!(
                    "{why} The network cannot refuse a repeat, so it was not sent again. Check the profile and \
                     send it again if it is missing."
                );
                self.unknown(delivery, &reason).await?;
                Ok(Next::Done)
            }
            Err(e) => self.record(delivery, Err(e), last_attempt).await,
        }
    }

    async fn resend(&self, read: &ToPublish, last_attempt: bool) -> Result<Next, JobError> {
        let delivery = &read.delivery;
        if delivery.state == DeliveryState::Unknown
            && !posts::resume_intent(self.db, delivery.id, now_millis()).await?
        {
            return Ok(Next::Done);
        }
        self.send(read, last_attempt).await
    }

    async fn record(
        &self,
        delivery: &Delivery,
        result: Result<Published, NetworkError>,
        last_attempt: bool,
    ) -> Result<Next, JobError> {
        let now = now_millis();
        let id = delivery.id;
        match result {
            Ok(p) => {
                posts::mark_published(self.db, id, &p.remote_id, &p.url, p.published_at, now)
                    .await?;
                Ok(Next::Done)
            }
            Err(NetworkError::Timeout) => {
                let reason = "The network did not answer in time; the post may or may not be there. Sangam keeps \
                              checking with the network before sending it again.";
                self.unknown(delivery, reason).await?;
                Ok(self.retry_or_stop(reason, 30_000, last_attempt))
            }
            Err(NetworkError::RateLimited { retry_after_ms }) => {
                // Nothing was accepted: the delivery waits, it has not failed.
                let note = format!(
                    "The network asked us to slow down; trying again in {} s.",
                    retry_after_ms / 1000
                );
                posts::defer(self.db, id, &note, now).await?;
                Ok(Next::Postpone {
                    at: now + retry_after_ms.max(1_000),
                    note,
                })
            }
            Err(e @ NetworkError::Unavailable { .. }) => {
                let reason = e.to_string();
                if last_attempt {
                    posts::mark_failed(
                        self.db,
                        id,
                        &format!("Gave up after repeated errors: {reason}"),
                        now,
                    )
                    .await?;
                    return Ok(Next::Done);
                }
                posts::defer(self.db, id, &reason, now).await?;
                Ok(Next::Retry {
                    reason,
                    after_ms: backoff_ms(delivery.attempts),
                })
            }
            Err(e @ NetworkError::Rejected { .. }) => {
                posts::mark_failed(self.db, id, &e.to_string(), now).await?;
                Ok(Next::Done)
            }
            Err(NetworkError::AuthExpired(detail)) => {
                // Nothing was accepted. The delivery waits, held, for the profile to be reconnected (which sends it
                // at once); the Admins are told once.
                let workspace_id = posts::delivery_context(self.db, id).await?.workspace_id;
                crate::reconnect::needs_reconnect(
                    self.db,
                    workspace_id,
                    delivery.profile_id,
                    &delivery.profile_handle,
                    &detail,
                    now,
                )
                .await?;
                let note = crate::reconnect::held_reason(&delivery.profile_handle, &detail);
                posts::defer(self.db, id, &note, now).await?;
                Ok(Next::Postpone {
                    at: now + crate::reconnect::RECHECK_MS,
                    note,
                })
            }
        }
    }

    async fn unknown(&self, delivery: &Delivery, reason: &str) -> Result<(), JobError> {
        if delivery.state == DeliveryState::Unknown {
            return Ok(());
        }
        posts::mark_unknown(self.db, delivery.id, reason, now_millis()).await?;
        Ok(())
    }

    fn retry_or_stop(&self, reason: &str, after_ms: i64, last_attempt: bool) -> Next {
        if last_attempt {
            Next::Done
        } else {
            Next::Retry {
                reason: reason.to_string(),
                after_ms,
            }
        }
    }
}

/// Why a due delivery may not go out now: its post is not approved, or the crisis switch holds the workspace or the
/// profile. `None` when it may go.
fn held_because(read: &ToPublish) -> Option<String> {
    let status = read.context.status;
    if !status.may_publish() {
        return Some(format!(
            "The post is {} and has not been approved.",
            status.as_str().replace('_', " ")
        ));
    }
    if read.workspace_paused {
        return Some("Publishing is paused for this workspace.".into());
    }
    if read.context.profile_paused_at.is_some() {
        return Some("Publishing is paused for this profile.".into());
    }
    None
}

/// What goes to the network for `delivery`: everything its post holds (the network's variant of the text, images
/// with their alt text in order, language, content warning, link card) and the reply target. Each connector sends
/// what its network has room for and leaves the rest knowingly (Bluesky: no content warning, one embed; Mastodon:
/// builds its own link card); the post page says what each network got.
pub fn outbound_for(
    post: DeliveryContent,
    delivery: &Delivery,
    in_reply_to: Option<String>,
) -> Outbound {
    let DeliveryContent {
        text,
        language,
        content_warning,
        images,
        link_card,
    } = post;
    Outbound {
        idempotency_key: delivery.idempotency_key.clone(),
        text,
        in_reply_to,
        images: images
            .into_iter()
            .map(|i| Image {
                bytes: i.bytes,
                mime: i.mime,
                alt: i.alt,
            })
            .collect(),
        content_warning: Some(content_warning).filter(|w| !w.trim().is_empty()),
        language: language.filter(|l| !l.is_empty() && l != "und"),
        link_card: link_card.map(|c| LinkCard {
            url: c.url,
            title: c.title,
            description: c.description,
            thumb: c.thumb.map(|(bytes, mime)| Image {
                bytes,
                mime,
                alt: String::new(),
            }),
        }),
    }
}

/// Whether the network still remembers the delivery's idempotency key (Mastodon forgets after an hour): past that,
/// a resend could publish twice.
fn still_deduped(network: &dyn sangam_networks::Network, delivery: &Delivery) -> bool {
    match (network.dedupe_window_ms(), delivery.sent_at) {
        (Some(window), Some(sent_at)) => now_millis() - sent_at < window,
        _ => true,
    }
}

/// Exponential back-off from 5 s, capped at 10 minutes.
fn backoff_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 7) as u32;
    (5_000i64 * 2i64.pow(exp)).min(600_000)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::{backoff_ms, outbound_for};
    use sangam_domain::{DeliveryState, NetworkKind};
    use sangam_networks::{Image, LinkCard, Outbound};
    use sangam_store::posts::{Delivery, DeliveryContent, ImageBytes, LinkCardBytes};

    /// Every field of `Outbound` is destructured without `..`: a field added to `Outbound` fails to compile here
    /// until this test (and so the publisher) covers it, so nothing a post holds can be silently dropped again.
    #[test]
    fn every_field_a_post_holds_is_handed_to_the_network() {
        let delivery = Delivery {
            id: 9,
            post_id: 3,
            profile_id: 4,
            profile_handle: "acme".into(),
            network: NetworkKind::Mastodon,
            state: DeliveryState::Sending,
            idempotency_key: "key-9".into(),
            scheduled_at: 0,
            attempts: 1,
            remote_id: None,
            remote_url: None,
            reason: None,
            sent_at: None,
            published_at: None,
        };
        let post = DeliveryContent {
            text: "मानसून मेन्यू https://sangam.example".into(),
            language: Some("hi".into()),
            content_warning: "food photos".into(),
            images: vec![
                ImageBytes {
                    mime: "image/png".into(),
                    bytes: vec![1],
                    alt: "first".into(),
                },
                ImageBytes {
                    mime: "image/jpeg".into(),
                    bytes: vec![2, 2],
                    alt: "second".into(),
                },
            ],
            link_card: Some(LinkCardBytes {
                url: "https://sangam.example".into(),
                title: "Menu".into(),
                description: "Rain and chai".into(),
                thumb: Some((vec![3], "image/png".into())),
            }),
        };
        let Outbound {
            idempotency_key,
            text,
            in_reply_to,
            images,
            content_warning,
            language,
            link_card,
        } = outbound_for(post, &delivery, Some("remote-1".into()));
        assert_eq!(idempotency_key, "key-9");
        assert_eq!(text, "मानसून मेन्यू https://sangam.example");
        assert_eq!(in_reply_to.as_deref(), Some("remote-1"));
        let images: Vec<(String, String, usize)> = images
            .into_iter()
            .map(|Image { bytes, mime, alt }| (alt, mime, bytes.len()))
            .collect();
        assert_eq!(
            images,
            [
                ("first".to_string(), "image/png".to_string(), 1),
                ("second".to_string(), "image/jpeg".to_string(), 2)
            ]
        );
        assert_eq!(content_warning.as_deref(), Some("food photos"));
        assert_eq!(language.as_deref(), Some("hi"));
        let LinkCard {
            url,
            title,
            description,
            thumb,
        } = link_card.unwrap();
        assert_eq!(
            (url.as_str(), title.as_str(), description.as_str()),
            ("https://sangam.example", "Menu", "Rain and chai")
        );
        assert_eq!(thumb.unwrap().bytes, vec![3]);
    }

    #[test]
    fn a_post_without_extras_sends_none() {
        let delivery = Delivery {
            id: 1,
            post_id: 1,
            profile_id: 1,
            profile_handle: "acme".into(),
            network: NetworkKind::Sandbox,
            state: DeliveryState::Sending,
            idempotency_key: "k".into(),
            scheduled_at: 0,
            attempts: 1,
            remote_id: None,
            remote_url: None,
            reason: None,
            sent_at: None,
            published_at: None,
        };
        let post = DeliveryContent {
            text: "hello".into(),
            language: Some("und".into()),
            ..DeliveryContent::default()
        };
        let out = outbound_for(post, &delivery, None);
        assert_eq!(out.content_warning, None, "an empty warning is no warning");
        assert_eq!(out.language, None, "an undetermined language is not sent");
        assert!(out.images.is_empty() && out.link_card.is_none());
    }

    #[test]
    fn back_off_doubles_then_stops_growing() {
        assert_eq!(backoff_ms(0), 5_000);
        assert_eq!(backoff_ms(1), 10_000);
        assert_eq!(backoff_ms(20), 600_000);
    }
}
