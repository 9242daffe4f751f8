//! The public talking about a topic on the sandbox: what a listening search finds there. Like the inbox stream, a
//! pure function of the seed, the search and the clock. Time is cut into five-minute slots; a slot holds one post, and
//! every slot of a spike hour holds [`SPIKE_POSTS`], most of them complaints, so the demo's topics have a normal to
//! judge by and now and then a crisis to notice. Whether an hour is a spike is [`is_spike_hour`] (about one hour in
//! 40), so a test can find one and set the clock there.
//!
//! Each post's text is a line from the sandbox's voices with the search's words and hashtags in it; the engine then
//! matches it with the topic's full query ([`sangam_text::topic_query`]), as it does every network's results.

use super::Sandbox;
use super::mix::Mix;
use super::voices::{Language, PUBLIC, Tone, lines};
use crate::NetworkError;
use crate::listen::{HeardPage, HeardPost, Listen};
use async_trait::async_trait;
use sangam_domain::{Millis, NetworkKind};
use sangam_text::topic_query::Search;

const SLOT: Millis = 5 * 60_000;
const HOUR: Millis = 3_600_000;
/// How far back the chatter goes: two days, so a new topic has a day of normal before its first judged hour.
const HISTORY: Millis = 48 * HOUR;
/// Posts per slot in a spike hour.
pub const SPIKE_POSTS: i64 = 8;
/// Posts per page.
const PAGE: usize = 50;

/// Whether the hour starting at `hour_start` is a spike for `search` under `seed`.
pub fn is_spike_hour(seed: u64, search: &Search, hour_start: Millis) -> bool {
    Mix::new(seed)
        .text("chatter-spike")
        .text(&search.text())
        .int(hour_start.div_euclid(HOUR))
        .below(40)
        == 0
}

fn posts_in_slot(seed: u64, search: &Search, slot: i64) -> i64 {
    if is_spike_hour(seed, search, slot * SLOT) {
        SPIKE_POSTS
    } else {
        1
    }
}

fn tone(seed: u64, key: &str, spike: bool) -> Tone {
    let u = Mix::new(seed).text("chatter-tone").text(key).unit();
    if spike {
        if u < 0.75 {
            Tone::Complaint
        } else {
            Tone::Chatter
        }
    } else if u < 0.35 {
        Tone::Praise
    } else if u < 0.5 {
        Tone::Complaint
    } else if u < 0.65 {
        Tone::Question
    } else {
        Tone::Chatter
    }
}

fn post(seed: u64, search: &Search, slot: i64, j: i64) -> HeardPost {
    let tag = Mix::new(seed).text(&search.text()).finish() % 1_000_000;
    let key = format!("chatter-{tag}-{slot}-{j}");
    let spike = is_spike_hour(seed, search, slot * SLOT);
    let language = match Mix::new(seed).text("chatter-lang").text(&key).below(10) {
        0..=5 => Language::English,
        6..=7 => Language::Hinglish,
        _ => Language::Hindi,
    };
    let tone = tone(seed, &key, spike);
    let choices = lines(tone, language);
    let line = choices[Mix::new(seed)
        .text("chatter-line")
        .text(&key)
        .below(choices.len())];
    let person = PUBLIC[Mix::new(seed)
        .text("chatter-who")
        .text(&key)
        .below(PUBLIC.len())];
    let words: Vec<String> = search
        .terms
        .iter()
        .map(|t| t.trim_matches('"').to_string())
        .chain(search.hashtags.iter().map(|h| format!("#{h}")))
        .collect();
    let offset = Mix::new(seed)
        .text("chatter-at")
        .text(&key)
        .below(SLOT as usize) as Millis;
    HeardPost {
        remote_id: key.clone(),
        author_handle: person.handle.to_string(),
        author_name: person.name.to_string(),
        text: format!("{} {line}", words.join(" ")),
        url: Some(format!("{}/chatter/{key}", super::SANDBOX_ORIGIN)),
        posted_at: slot * SLOT + offset,
        lang: match language {
            Language::English => "en",
            Language::Hindi | Language::Hinglish => "hi",
        }
        .to_string(),
    }
}

/// The page of chatter before slot `before` (exclusive), newest first, back to `now - HISTORY`; posts after `now` are
/// not written yet.
pub(crate) fn page(seed: u64, search: &Search, now: Millis, cursor: Option<&str>) -> HeardPage {
    let oldest = (now - HISTORY).div_euclid(SLOT);
    let mut slot = cursor
        .and_then(|c| c.parse::<i64>().ok())
        .unwrap_or(now.div_euclid(SLOT) + 1)
        - 1;
    let mut posts = Vec::new();
    while slot >= oldest && posts.len() < PAGE {
        for j in (0..posts_in_slot(seed, search, slot)).rev() {
            let p = post(seed, search, slot, j);
            if p.posted_at <= now {
                posts.push(p);
            }
        }
        slot -= 1;
    }
    let next_cursor = (slot >= oldest).then(|| (slot + 1).to_string());
    HeardPage { posts, next_cursor }
}

#[async_trait]
impl Listen for Sandbox {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Sandbox
    }

    async fn search(
        &self,
        search: &Search,
        cursor: Option<&str>,
    ) -> Result<HeardPage, NetworkError> {
        Ok(page(
            self.config.seed,
            search,
            self.config.clock.now(),
            cursor,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Search {
        Search {
            terms: vec!["acme".into()],
            hashtags: vec!["acmefans".into()],
            ..Search::default()
        }
    }

    #[test]
    fn the_same_moment_reads_the_same_and_pages_meet_without_gaps() {
        let now = 1_780_000_000_000;
        let first = page(7, &acme(), now, None);
        assert_eq!(first, page(7, &acme(), now, None));
        let second = page(7, &acme(), now, first.next_cursor.as_deref());
        let mut all: Vec<_> = first
            .posts
            .iter()
            .chain(&second.posts)
            .map(|p| p.remote_id.clone())
            .collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "no post on two pages");
        assert!(
            first
                .posts
                .windows(2)
                .all(|w| w[0].posted_at >= w[1].posted_at)
        );
        assert!(
            first
                .posts
                .iter()
                .all(|p| p.text.contains("acme") && p.text.contains("#acmefans"))
        );
    }

    #[test]
    fn a_spike_hour_is_busier_and_the_posts_match_the_topic() {
        let search = acme();
        let mut hour = 1_780_000_000_000 / HOUR * HOUR;
        while !is_spike_hour(7, &search, hour) {
            hour += HOUR;
        }
        let end = hour + HOUR - 1;
        let count = |end: Millis| {
            page(7, &search, end, None)
                .posts
                .iter()
                .filter(|p| p.posted_at > end - HOUR)
                .count()
        };
        assert!(count(end) >= 48, "a spike hour holds many posts");
        assert!(count(end - HOUR) <= 12 || is_spike_hour(7, &search, hour - HOUR));
        let query =
            sangam_text::topic_query::parse("acme OR #acmefans").unwrap_or_else(|e| panic!("{e}"));
        assert!(
            page(7, &search, end, None)
                .posts
                .iter()
                .all(|p| query.matches(sangam_text::topic_query::Candidate {
                    text: &p.text,
                    author: &p.author_handle,
                    lang: &p.lang
                }))
        );
    }
}
