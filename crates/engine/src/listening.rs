//! Listening, as the engine runs it: every topic that is due searches each of its networks, keeps what its query
//! matches (the same matcher as everywhere, [`sangam_text::topic_query`]), analyses it like an inbox message and
//! stores it once per topic; then judges the topic's latest hour against its recent normal
//! ([`sangam_domain::listening::spikes`]) and tells the workspace's Admins and Managers of a new spike, in the app and
//! by e-mail where it is configured. A spike is stored once per topic, kind and hour, so the polls that see it again
//! tell nobody twice.
//!
//! A run is its own leased job ([`sangam_domain::JobKind::Listen`]), so a slow search never holds up publishing or
//! the inbox. Each search pages from where an unfinished pass stopped (or from the newest posts), a page at a time
//! with its cursor stored in the same transaction, and stops at a page that holds nothing new, at the end, or after
//! [`MAX_PAGES`] (the next run goes on from there).

use crate::TextModel;
use crate::mail::Mailer;
use sangam_domain::listening::{self as calc, BASELINE_BUCKETS, BUCKET_MS, SpikeKind};
use sangam_domain::{Millis, NetworkKind, Role, Sentiment};
use sangam_networks::listen::{HeardPost, Listeners};
use sangam_store::listening::{self as store, NewListenedPost, StoredSpike, Topic};
use sangam_store::{Db, Result, notifications, users};
use sangam_text::sentiment::SentimentLabel;
use sangam_text::topic_query::{self, Candidate, Query};

/// Pages one search reads in one run.
pub const MAX_PAGES: usize = 10;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heard {
    pub topics: usize,
    pub fetched: usize,
    pub stored: usize,
    pub spikes: Vec<i64>,
    pub failed: usize,
}

pub struct Listening<'a> {
    pub db: &'a Db,
    pub listeners: &'a Listeners,
    pub text: &'a TextModel,
    pub mailer: Option<&'a Mailer>,
    /// Where links in the e-mail point (`{public_url}/listening/...`); empty for relative links.
    pub public_url: &'a str,
}

impl Listening<'_> {
    /// Runs every topic that has not run in the last `every` milliseconds.
    pub async fn listen_all(&self, every: Millis, now: Millis) -> Result<Heard> {
        let mut heard = Heard::default();
        for topic in store::due(self.db, now - every + 1).await? {
            self.listen(&topic, now, &mut heard).await?;
        }
        Ok(heard)
    }

    /// Runs one topic now.
    pub async fn listen(&self, topic: &Topic, now: Millis, heard: &mut Heard) -> Result<()> {
        heard.topics += 1;
        let query = match topic_query::parse(&topic.query) {
            Ok(q) => q,
            Err(e) => {
                store::ran(self.db, topic.id, Some(&e.to_string()), now).await?;
                heard.failed += 1;
                return Ok(());
            }
        };
        let mut problems = Vec::new();
        for network in topic.networks() {
            let Some(source) = self.listeners.get(network) else {
                continue;
            };
            for (i, search) in query.searches().iter().enumerate() {
                let key = format!("{}:{i}", network.as_str());
                let mut cursor = store::cursor(self.db, topic.id, &key).await?;
                for _ in 0..MAX_PAGES {
                    let page = match source.search(search, cursor.as_deref()).await {
                        Ok(p) => p,
                        Err(e) => {
                            problems.push(format!("{}: {e}", network.as_str()));
                            heard.failed += 1;
                            break;
                        }
                    };
                    heard.fetched += page.posts.len();
                    let posts = self.keep(topic, &query, network, &page.posts);
                    let fresh = store::store_page(
                        self.db,
                        topic,
                        &key,
                        &posts,
                        page.next_cursor.as_deref(),
                        now,
                    )
                    .await?;
                    heard.stored += fresh.len();
                    // Matching posts that are all stored already: the pass has met the last one's, and ends (the
                    // next run starts from the newest again). A page the query matched nothing of goes on.
                    let met_stored = !posts.is_empty() && fresh.is_empty();
                    if met_stored && page.next_cursor.is_some() {
                        store::store_page(self.db, topic, &key, &[], None, now).await?;
                    }
                    if met_stored || page.next_cursor.is_none() {
                        break;
                    }
                    cursor = page.next_cursor;
                }
            }
        }
        let problem = (!problems.is_empty()).then(|| problems.join("; "));
        store::ran(self.db, topic.id, problem.as_deref(), now).await?;
        let spikes = self.judge(topic, now).await?;
        if !spikes.is_empty() {
            heard.spikes.extend(spikes.iter().map(|s| s.id));
            self.tell(topic, &spikes, now).await?;
        }
        Ok(())
    }

    /// The posts of a page the topic's query matches, analysed.
    fn keep(
        &self,
        topic: &Topic,
        query: &Query,
        network: NetworkKind,
        posts: &[HeardPost],
    ) -> Vec<NewListenedPost> {
        let analyses = self
            .text
            .analyze_all_for(topic.workspace_id, posts.iter().map(|p| p.text.as_str()));
        posts
            .iter()
            .zip(analyses)
            .filter_map(|(p, a)| {
                let lang = if p.lang.is_empty() {
                    a.lang.clone()
                } else {
                    p.lang.clone()
                };
                let candidate = Candidate {
                    text: &p.text,
                    author: &p.author_handle,
                    lang: &lang,
                };
                query.matches(candidate).then(|| NewListenedPost {
                    network,
                    remote_id: p.remote_id.clone(),
                    author_handle: p.author_handle.clone(),
                    author_name: p.author_name.clone(),
                    text: p.text.clone(),
                    url: p.url.clone(),
                    posted_at: p.posted_at,
                    lang,
                    script: a.script,
                    sentiment_compound: a.sentiment.compound,
                    sentiment_label: match a.sentiment.label {
                        SentimentLabel::Positive => Sentiment::Positive,
                        SentimentLabel::Neutral => Sentiment::Neutral,
                        SentimentLabel::Negative => Sentiment::Negative,
                    },
                    abusive: a.abuse.abusive,
                    abuse_score: a.abuse.score,
                })
            })
            .collect()
    }

    /// New spikes of the hour holding `now`, judged against the hours before it, each stored. Returns them only
    /// when they start a spike: none of the topic's spikes (of either kind) was raised this hour or the hour before,
    /// so a spike is announced once, with every kind that rose, and not again while it lasts.
    async fn judge(&self, topic: &Topic, now: Millis) -> Result<Vec<StoredSpike>> {
        let current = calc::bucket_start(now);
        let from = current - BASELINE_BUCKETS as Millis * BUCKET_MS;
        // Hours before the topic's first post are no normal to judge by.
        let moments = store::moments(self.db, topic.id, from, current + BUCKET_MS).await?;
        let Some(first) = moments.first().map(|m| m.0) else {
            return Ok(Vec::new());
        };
        let buckets = calc::fill_buckets(from.max(first), current, &moments);
        let Some((last, previous)) = buckets.split_last() else {
            return Ok(Vec::new());
        };
        let found = calc::spikes(previous, last);
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let raised_already =
            store::spike_count(self.db, topic.id, current - BUCKET_MS, current + BUCKET_MS).await?
                > 0;
        let mut out = Vec::new();
        for spike in found {
            if let Some(stored) = store::record_spike(self.db, topic, &spike, now).await? {
                out.push(stored);
            }
        }
        Ok(if raised_already { Vec::new() } else { out })
    }

    /// One alert for the spikes of one hour: in the app for the workspace's Admins and Managers, and by e-mail.
    async fn tell(&self, topic: &Topic, spikes: &[StoredSpike], now: Millis) -> Result<()> {
        let Some(first) = spikes.first() else {
            return Ok(());
        };
        let message = spikes
            .iter()
            .map(|s| message(topic, s))
            .collect::<Vec<_>>()
            .join(" ");
        let link = format!("/listening/topics/{}?spike={}", topic.id, first.id);
        let leads: Vec<i64> = users::list_active(self.db, topic.workspace_id)
            .await?
            .into_iter()
            .filter(|u| matches!(u.role, Role::Admin | Role::Manager))
            .map(|u| u.id)
            .collect();
        for lead in &leads {
            notifications::notify(
                self.db,
                topic.workspace_id,
                *lead,
                "listening_spike",
                &message,
                &link,
                now,
            )
            .await?;
        }
        let data = serde_json::json!({
            "topic_id": topic.id,
            "topic": topic.name,
            "spikes": spikes,
            "link": link,
            "method": calc::SPIKE_METHOD,
        });
        sangam_store::webhooks::spike_raised(self.db, topic.workspace_id, first.id, data, now)
            .await?;
        if let Some(mailer) = self.mailer {
            let body = format!(
                "{message}\n\nThe posts behind it: {}{link}\nThe crisis switch: {}/crisis\n\nMethod: {}",
                self.public_url,
                self.public_url,
                calc::SPIKE_METHOD
            );
            mailer
                .send_to_people(
                    self.db,
                    &leads,
                    &format!("Sangam: a spike on {}", topic.name),
                    &body,
                )
                .await;
        }
        Ok(())
    }
}

/// The alert's sentence.
pub fn message(topic: &Topic, spike: &StoredSpike) -> String {
    match spike.kind {
        SpikeKind::Volume => format!(
            "Spike on \"{}\": {} posts this hour, above the threshold of {:.1} (usual: {:.1}).",
            topic.name, spike.observed, spike.threshold, spike.median
        ),
        SpikeKind::Negative => format!(
            "Negative spike on \"{}\": {:.0}% of this hour's posts are negative, above the threshold of {:.0}% (usual: {:.0}%).",
            topic.name,
            spike.observed * 100.0,
            spike.threshold * 100.0,
            spike.median * 100.0
        ),
    }
}
