//! Finding a post again without an idempotency key. Meta keeps none, so a send that got no answer is matched
//! against the account's own recent posts by what the network keeps of it: the exact text, created after the intent
//! was recorded. The answer is `Absent` only when the walk reached posts older than the send and none matched.

use crate::{Lookup, Published};
use sangam_domain::Millis;

/// How much earlier than our intent a post may carry its creation time (clock differences between us and Meta).
pub const CLOCK_SLACK_MS: Millis = 5 * 60_000;
/// A send younger than this may not be listed yet even if it was made: the lookup does not call it absent.
pub const SETTLE_MS: Millis = 10_000;

/// One of the account's own posts, as a list endpoint returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub published: Published,
    pub text: String,
}

/// Decides from the posts read, newest first. `walked_past` says the walk reached a post created before the window
/// (or the account's first post): nothing older could be ours.
pub fn settle(
    candidates: &[Candidate],
    text: &str,
    sent_at: Millis,
    now: Millis,
    walked_past: bool,
) -> Lookup {
    settle_after(candidates, text, sent_at, now, walked_past, SETTLE_MS)
}

/// [`settle`] with the time a new post may take to be listed.
pub fn settle_after(
    candidates: &[Candidate],
    text: &str,
    sent_at: Millis,
    now: Millis,
    walked_past: bool,
    settle_ms: Millis,
) -> Lookup {
    let from = sent_at - CLOCK_SLACK_MS;
    let wanted = normalise(text);
    let mut found: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.published.published_at >= from && normalise(&c.text) == wanted)
        .collect();
    // The earliest match after the intent is the one this send made; a later identical one was a person's.
    found.sort_by_key(|c| c.published.published_at);
    if let Some(first) = found.first() {
        return Lookup::Found(first.published.clone());
    }
    if !walked_past {
        return Lookup::Unsure(
            "Sangam could not read far enough back in the account's posts to be sure.".into(),
        );
    }
    if now - sent_at < settle_ms {
        return Lookup::Unsure("The network may not list the post yet.".into());
    }
    Lookup::Absent
}

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_string()
}

/// Where an account's own posts are listed newest first, and which fields of an item say what and when.
pub struct OwnPosts<'a> {
    /// The list's path, with its version (and any fixed query).
    pub path: String,
    pub fields: &'a str,
    pub text: &'a str,
    pub time: &'a str,
    pub url: &'a str,
    /// Items of the list that are ours (a comment list holds everyone's).
    pub ours: &'a (dyn Fn(&serde_json::Value) -> bool + Sync),
    /// How long after the send a missing post may still be on its way into the list ([`SETTLE_MS`]).
    pub settle_ms: Millis,
}

/// How many pages of 25 a lookup reads before it gives up being sure.
const LOOKUP_PAGES: usize = 8;

impl super::Source<'_> {
    /// Reads the account's own posts back past the send and judges them with [`settle`].
    pub async fn look_back(
        &self,
        list: &OwnPosts<'_>,
        text: &str,
        sent_at: Option<Millis>,
    ) -> Result<Lookup, crate::NetworkError> {
        let Some(sent_at) = sent_at else {
            return Ok(Lookup::Unsure(
                "Sangam has no record of when it was sent.".into(),
            ));
        };
        let mut after: Option<String> = None;
        let mut posts = Vec::new();
        let mut walked_past = false;
        for _ in 0..LOOKUP_PAGES {
            let mut query = vec![("fields", list.fields), ("limit", "25")];
            if let Some(x) = &after {
                query.push(("after", x.as_str()));
            }
            let page: super::Page<serde_json::Value> = self
                .graph
                .get(self.host, &list.path, self.token, &query, self.keys)
                .await?;
            let mut oldest = Millis::MAX;
            for item in &page.data {
                let at = item[list.time]
                    .as_str()
                    .and_then(super::parse_time)
                    .unwrap_or(0);
                oldest = oldest.min(at);
                if !(list.ours)(item) {
                    continue;
                }
                posts.push(Candidate {
                    published: Published {
                        remote_id: super::id_of(&item["id"]).unwrap_or_default(),
                        url: item[list.url].as_str().unwrap_or_default().to_string(),
                        published_at: at,
                    },
                    text: item[list.text].as_str().unwrap_or_default().to_string(),
                });
            }
            match page.after() {
                Some(x) if oldest >= sent_at - CLOCK_SLACK_MS => after = Some(x),
                _ => {
                    walked_past = true;
                    break;
                }
            }
        }
        Ok(settle_after(
            &posts,
            text,
            sent_at,
            sangam_domain::now_millis(),
            walked_past,
            list.settle_ms,
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn post(id: &str, text: &str, at: Millis) -> Candidate {
        Candidate {
            published: Published {
                remote_id: id.into(),
                url: format!("https://x/{id}"),
                published_at: at,
            },
            text: text.into(),
        }
    }

    #[test]
    fn the_same_text_after_the_send_is_the_post() {
        let posts = [
            post("3", "Chai time", 2_000_000),
            post("2", "Chai time", 1_500_000),
            post("1", "Chai time", 100_000),
        ];
        let Lookup::Found(p) = settle(&posts, " Chai time\r\n", 1_400_000, 3_000_000, true) else {
            panic!()
        };
        assert_eq!(p.remote_id, "2");
    }

    #[test]
    fn absent_only_when_the_walk_went_past_the_send() {
        let posts = [post("1", "Other", 2_000_000)];
        assert_eq!(
            settle(&posts, "Chai", 1_000_000, 3_000_000, true),
            Lookup::Absent
        );
        assert!(matches!(
            settle(&posts, "Chai", 1_000_000, 3_000_000, false),
            Lookup::Unsure(_)
        ));
        assert!(matches!(
            settle(&posts, "Chai", 2_995_000, 3_000_000, true),
            Lookup::Unsure(_)
        ));
    }
}
