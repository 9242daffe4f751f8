//! The stream of messages the public sends a sandbox profile.
//!
//! Time is cut into slots of `3600 / messages_per_hour` seconds, counted from the Unix epoch; slot `k` holds exactly
//! one message, arriving at a seeded moment inside the slot. Message `k` is a pure function of (seed, handle, k) and
//! of which of the profile's posts existed when it arrived, so any process asked for slot `k` twice says the same
//! thing, and the remote id `msg-<handle>-<k>` is stable however pages overlap.

use sangam_domain::Millis;
use serde::{Deserialize, Serialize};

use super::ledger::SandboxPost;
use super::mix::Mix;
use super::voices::{Language, PUBLIC, Person, REGULAR_TROLLS, Tone, lines, link};
use crate::{Inbound, InboundKind};

/// The most messages one `inbound` call returns.
pub(crate) const PAGE_SIZE: i64 = 50;
/// Replies and quotes pick among the profile's latest posts, as people do.
const RECENT_POSTS: usize = 5;

/// What the sandbox meant a message to be: ground truth for checking Sangam's language, sentiment and abuse labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTruth {
    pub tone: Tone,
    pub language: Language,
}

impl MessageTruth {
    pub fn is_abusive(&self) -> bool {
        self.tone == Tone::Abuse
    }
}

/// One profile's stream under one configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stream<'a> {
    pub seed: u64,
    pub handle: &'a str,
    pub slot_length: Millis,
    pub abusive_share: f64,
}

impl<'a> Stream<'a> {
    /// `None` when the configuration sends no messages at all.
    pub(crate) fn new(
        seed: u64,
        handle: &'a str,
        messages_per_hour: f64,
        abusive_share: f64,
    ) -> Option<Self> {
        if messages_per_hour.is_nan() || messages_per_hour <= 0.0 {
            return None;
        }
        let slot_length = ((3_600_000.0 / messages_per_hour).round() as Millis).max(1);
        Some(Stream {
            seed,
            handle,
            slot_length,
            abusive_share,
        })
    }

    fn dice(&self, what: &str, slot: i64) -> Mix {
        Mix::new(self.seed).text(what).text(self.handle).int(slot)
    }

    /// When the message of `slot` arrives: somewhere inside its slot, so arrivals keep slot order.
    pub(crate) fn arrival(&self, slot: i64) -> Millis {
        let jitter = (self.dice("arrival", slot).unit() * self.slot_length as f64) as Millis;
        slot * self.slot_length + jitter.min(self.slot_length - 1)
    }

    /// The last slot whose message has arrived by `at`.
    pub(crate) fn last_arrived(&self, at: Millis) -> i64 {
        let slot = at.div_euclid(self.slot_length);
        if self.arrival(slot) <= at {
            slot
        } else {
            slot - 1
        }
    }

    /// The first slot whose message arrives at or after `at`.
    pub(crate) fn first_arriving(&self, at: Millis) -> i64 {
        let slot = at.div_euclid(self.slot_length);
        if self.arrival(slot) >= at {
            slot
        } else {
            slot + 1
        }
    }

    pub(crate) fn truth(&self, slot: i64) -> MessageTruth {
        let tone = if self.dice("abusive", slot).unit() < self.abusive_share {
            Tone::Abuse
        } else {
            pick_weighted(
                self.dice("tone", slot).unit(),
                &[
                    (Tone::Praise, 0.3),
                    (Tone::Complaint, 0.25),
                    (Tone::Question, 0.25),
                    (Tone::Chatter, 0.2),
                ],
            )
        };
        let language = pick_weighted(
            self.dice("language", slot).unit(),
            &[
                (Language::English, 0.45),
                (Language::Hinglish, 0.3),
                (Language::Hindi, 0.25),
            ],
        );
        MessageTruth { tone, language }
    }

    fn author(&self, slot: i64, truth: MessageTruth) -> Person {
        let from_a_troll = truth.is_abusive() && self.dice("troll", slot).unit() < 0.7;
        let crowd: &[Person] = if from_a_troll {
            &REGULAR_TROLLS
        } else {
            &PUBLIC
        };
        crowd[self.dice("author", slot).below(crowd.len())]
    }

    /// The message of `slot`. `posts` are the profile's posts published by now, oldest first.
    pub(crate) fn message(&self, slot: i64, posts: &[SandboxPost]) -> Inbound {
        let received_at = self.arrival(slot);
        let truth = self.truth(slot);
        let author = self.author(slot, truth);
        let remote_id = format!("msg-{}-{}", self.handle, slot);
        let answered = self.post_answered(slot, received_at, posts);
        let kind = self.kind(slot, answered.is_some());
        let body = self.body(slot, truth);
        let public_url = Some(format!(
            "https://sandbox.sangam.invalid/@{}/{}",
            author.handle, remote_id
        ));
        let (text, url, in_reply_to, conversation_id) = match (kind, answered) {
            (InboundKind::DirectMessage, _) => (
                body,
                None,
                None,
                format!("dm-{}-{}", self.handle, author.handle),
            ),
            (InboundKind::Reply, Some(post)) => (
                format!("@{} {body}", self.handle),
                public_url,
                Some(post.remote_id()),
                post.remote_id(),
            ),
            (InboundKind::Quote, Some(post)) => {
                (body, public_url, Some(post.remote_id()), remote_id.clone())
            }
            _ => (
                format!("@{} {body}", self.handle),
                public_url,
                None,
                remote_id.clone(),
            ),
        };
        Inbound {
            remote_id,
            kind,
            author_handle: author.handle.to_string(),
            author_name: author.name.to_string(),
            author_followers: Some(author_followers(self.seed, author)),
            text,
            url,
            in_reply_to,
            conversation_id,
            received_at,
        }
    }

    /// Replies and quotes need a post to answer; with none yet, people mention the profile instead.
    fn kind(&self, slot: i64, has_post: bool) -> InboundKind {
        let kind = pick_weighted(
            self.dice("kind", slot).unit(),
            &[
                (InboundKind::Mention, 0.35),
                (InboundKind::Reply, 0.35),
                (InboundKind::DirectMessage, 0.2),
                (InboundKind::Quote, 0.1),
            ],
        );
        match kind {
            InboundKind::Reply | InboundKind::Quote if !has_post => InboundKind::Mention,
            other => other,
        }
    }

    fn post_answered<'p>(
        &self,
        slot: i64,
        received_at: Millis,
        posts: &'p [SandboxPost],
    ) -> Option<&'p SandboxPost> {
        let visible = posts.partition_point(|post| post.published_at <= received_at);
        let recent = &posts[visible.saturating_sub(RECENT_POSTS)..visible];
        if recent.is_empty() {
            return None;
        }
        Some(&recent[self.dice("answers", slot).below(recent.len())])
    }

    fn body(&self, slot: i64, truth: MessageTruth) -> String {
        let choices = lines(truth.tone, truth.language);
        let line = choices[self.dice("line", slot).below(choices.len())];
        if self.dice("has-link", slot).unit() < 0.12 {
            let n = self.dice("link", slot).finish() % 100_000;
            format!("{line} {}", link(truth.tone, n))
        } else {
            line.to_string()
        }
    }
}

/// Most people have a few hundred followers; one in twenty has tens of thousands.
pub(crate) fn author_followers(seed: u64, author: Person) -> i64 {
    let mix = Mix::new(seed).text("author-followers").text(author.handle);
    let size = 20 + (mix.finish() % 900) as i64;
    if mix.text("big").unit() < 0.05 {
        size * 60
    } else {
        size
    }
}

/// Picks by cumulative weight; the last choice takes any rounding left over.
fn pick_weighted<T: Copy>(roll: f64, choices: &[(T, f64)]) -> T {
    let mut bar = 0.0;
    for (choice, weight) in choices {
        bar += weight;
        if roll < bar {
            return *choice;
        }
    }
    choices[choices.len() - 1].0
}
