//! The sandbox's audience follows links: when a post that carries one of Sangam's own short links is published, a
//! seeded number of simulated people request it over HTTP from the running Sangam (each with its own browser user
//! agent; the first of them clicks twice), and so do a network's card fetcher and a HEAD request, as on a real
//! network. Only links under Sangam's short-link address are followed, never any other address in a post.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use super::ledger::SandboxPost;
use super::mix::Mix;

/// What the simulated audience sent for one link, for tests to compare with what Sangam counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentClicks {
    pub link: String,
    /// GET requests by people (browser user agents).
    pub people_clicks: u32,
    /// Different people among them.
    pub people: u32,
    /// Requests by machines (a card fetcher's GET and a HEAD): never to be counted.
    pub machine_requests: u32,
    /// How many of the requests Sangam answered with a redirect.
    pub redirected: u32,
}

#[derive(Default)]
pub(crate) struct Clicks {
    /// `{public_url}/l/`: the only addresses followed.
    base: OnceLock<String>,
    /// Posts already clicked (a publish retried with its key does not bring the audience twice).
    done: Mutex<HashSet<i64>>,
    sent: std::sync::Arc<Mutex<Vec<SentClicks>>>,
}

/// How many different people follow `link` in a post of `handle`: 2 to 5, seeded.
pub(crate) fn people(seed: u64, handle: &str, link: &str) -> u32 {
    2 + Mix::new(seed)
        .text("clickers")
        .text(handle)
        .text(link)
        .below(4) as u32
}

/// A browser's user agent, different for each simulated person.
fn person_agent(n: u32) -> String {
    format!(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.{n}.0 Safari/537.36"
    )
}

/// How a network fetches a link for its card.
const CARD_FETCHER: &str = "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.example/)";

impl Clicks {
    pub(crate) fn follow_links_under(&self, base: &str) {
        let base = base.trim_end_matches('/');
        if !base.is_empty() {
            let _ = self.base.set(format!("{base}/l/"));
        }
    }

    pub(crate) fn sent(&self) -> Vec<SentClicks> {
        self.sent.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Starts the audience's visits to the short links in `post` (in the background: publishing never waits).
    pub(crate) fn visit(&self, seed: u64, post: &SandboxPost) {
        let Some(base) = self.base.get() else {
            return;
        };
        if !self
            .done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(post.id)
        {
            return;
        }
        let links: Vec<String> = post
            .text
            .split_whitespace()
            .filter(|w| w.starts_with(base.as_str()))
            .map(|w| {
                w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\''])
                    .to_string()
            })
            .collect();
        if links.is_empty() || tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let sent = self.sent.clone();
        let handle = post.handle.clone();
        tokio::spawn(async move {
            let Ok(client) = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()
            else {
                return;
            };
            for link in links {
                let people = people(seed, &handle, &link);
                let mut record = SentClicks {
                    link: link.clone(),
                    people_clicks: 0,
                    people,
                    machine_requests: 0,
                    redirected: 0,
                };
                // The card fetcher comes first, as when the network renders the post.
                let answer = client
                    .get(&link)
                    .header(reqwest::header::USER_AGENT, CARD_FETCHER)
                    .send()
                    .await;
                record.machine_requests += 1;
                record.redirected += u32::from(answer.is_ok_and(|r| r.status().is_redirection()));
                let answer = client
                    .head(&link)
                    .header(reqwest::header::USER_AGENT, person_agent(0))
                    .send()
                    .await;
                record.machine_requests += 1;
                record.redirected += u32::from(answer.is_ok_and(|r| r.status().is_redirection()));
                // Person 0 clicks twice; the others once.
                for n in std::iter::once(0).chain(0..people) {
                    let answer = client
                        .get(&link)
                        .header(reqwest::header::USER_AGENT, person_agent(n))
                        .send()
                        .await;
                    record.people_clicks += 1;
                    record.redirected +=
                        u32::from(answer.is_ok_and(|r| r.status().is_redirection()));
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                sent.lock().unwrap_or_else(|e| e.into_inner()).push(record);
            }
        });
    }
}
