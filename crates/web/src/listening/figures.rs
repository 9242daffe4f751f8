//! What a topic heard in a period, and share of voice over the topics marked as our brand and as competitors: the
//! figures the pages and the API both show, each with the filter that lists the posts behind it.

use crate::error::AppError;
use jiff::tz::TimeZone;
use sangam_domain::listening::{self as calc, SPIKE_METHOD};
use sangam_domain::metrics::{Figure, share_of_voice};
use sangam_domain::reports::Period;
use sangam_domain::{Millis, NetworkKind, Sentiment};
use sangam_store::Db;
use sangam_store::listening::{self as store, ListenedPost, PostFilter, StoredSpike, Topic, Voice};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The most posts a period's figures are read from (newest first).
pub const MAX_POSTS: i64 = 20_000;
/// Entries in each top list.
pub const TOP: usize = 10;

/// One day of a topic (in the viewer's time zone).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The day's bounds, UTC milliseconds: the posts behind the bar are those posted in `[from, to)`.
    pub from: Millis,
    pub to: Millis,
    pub posts: i64,
    pub positive: i64,
    pub neutral: i64,
    pub negative: i64,
}

/// An entry of a top list: the author, term or hashtag, and how many of the period's posts hold it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Top {
    pub key: String,
    pub posts: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicFigures {
    pub topic: Topic,
    pub networks: Vec<NetworkKind>,
    pub from: Millis,
    pub to: Millis,
    pub posts: i64,
    pub positive: i64,
    pub neutral: i64,
    pub negative: i64,
    pub days: Vec<Day>,
    pub top_authors: Vec<Top>,
    pub top_terms: Vec<Top>,
    pub top_hashtags: Vec<Top>,
    pub spikes: Vec<StoredSpike>,
    /// How a spike is judged.
    pub spike_method: &'static str,
}

/// The hashtags of a text, lower case, once each.
pub fn hashtags(text: &str) -> BTreeSet<String> {
    text.split_whitespace()
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The words of a text a top-terms list counts: the themes' words without stop words, once each.
pub fn terms(text: &str) -> BTreeSet<String> {
    sangam_text::themes::words(text)
        .into_iter()
        .filter(|w| !sangam_text::themes::is_stop_word(w) && w.chars().count() > 2)
        .collect()
}

/// Which posts a figure stands for, beyond the period: the filters the posts list takes.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct PostQuery {
    pub from: Option<Millis>,
    pub to: Option<Millis>,
    pub sentiment: Option<String>,
    pub author: Option<String>,
    pub term: Option<String>,
    pub hashtag: Option<String>,
    pub spike: Option<i64>,
}

/// The topic's posts a figure stands for, newest first (at most `limit`).
pub async fn posts(
    db: &Db,
    topic: &Topic,
    q: &PostQuery,
    period: Period,
    limit: usize,
) -> Result<Vec<ListenedPost>, AppError> {
    let (mut from, mut to) = (q.from.unwrap_or(period.from), q.to.unwrap_or(period.to));
    if let Some(id) = q.spike {
        let spike = store::spike_by_id(db, topic.workspace_id, id).await?;
        if spike.topic_id != topic.id {
            return Err(sangam_store::StoreError::NotFound("Spike").into());
        }
        (from, to) = (spike.window_start, spike.window_end);
    }
    let filter = PostFilter {
        from: Some(from),
        to: Some(to),
        sentiment: q.sentiment.as_deref().and_then(Sentiment::parse),
        author: q.author.clone().filter(|a| !a.is_empty()),
        networks: Vec::new(),
    };
    let rows = store::posts(db, topic.id, &filter, MAX_POSTS).await?;
    let term = q
        .term
        .as_deref()
        .map(str::to_lowercase)
        .filter(|t| !t.is_empty());
    let tag = q
        .hashtag
        .as_deref()
        .map(str::to_lowercase)
        .filter(|t| !t.is_empty());
    Ok(rows
        .into_iter()
        .filter(|p| term.as_ref().is_none_or(|t| terms(&p.text).contains(t)))
        .filter(|p| tag.as_ref().is_none_or(|t| hashtags(&p.text).contains(t)))
        .take(limit)
        .collect())
}

fn top(counts: HashMap<String, i64>) -> Vec<Top> {
    let mut v: Vec<Top> = counts
        .into_iter()
        .map(|(key, posts)| Top { key, posts })
        .collect();
    v.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.key.cmp(&b.key)));
    v.truncate(TOP);
    v
}

fn local_day(at: Millis, tz: &TimeZone) -> Option<jiff::civil::Date> {
    jiff::Timestamp::from_millisecond(at)
        .ok()
        .map(|t| t.to_zoned(tz.clone()).date())
}

fn day_start(date: jiff::civil::Date, tz: &TimeZone) -> Millis {
    date.to_zoned(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or_default()
}

pub async fn topic_figures(
    db: &Db,
    topic: Topic,
    period: Period,
    tz: &TimeZone,
) -> Result<TopicFigures, AppError> {
    let filter = PostFilter {
        from: Some(period.from),
        to: Some(period.to),
        ..PostFilter::default()
    };
    let rows = store::posts(db, topic.id, &filter, MAX_POSTS).await?;
    let mut days: BTreeMap<jiff::civil::Date, Day> = BTreeMap::new();
    if let (Some(first), Some(last)) = (local_day(period.from, tz), local_day(period.to - 1, tz)) {
        let mut d = first;
        while d <= last {
            let to = d.tomorrow().map(|n| day_start(n, tz)).unwrap_or(period.to);
            days.insert(
                d,
                Day {
                    date: d.to_string(),
                    from: day_start(d, tz).max(period.from),
                    to: to.min(period.to),
                    posts: 0,
                    positive: 0,
                    neutral: 0,
                    negative: 0,
                },
            );
            match d.tomorrow() {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
    }
    let (mut authors, mut words, mut tags) = (HashMap::new(), HashMap::new(), HashMap::new());
    let (mut positive, mut neutral, mut negative) = (0, 0, 0);
    for p in &rows {
        let slot = match p.sentiment_label {
            Sentiment::Positive => &mut positive,
            Sentiment::Neutral => &mut neutral,
            Sentiment::Negative => &mut negative,
        };
        *slot += 1;
        if let Some(day) = local_day(p.posted_at, tz).and_then(|d| days.get_mut(&d)) {
            day.posts += 1;
            match p.sentiment_label {
                Sentiment::Positive => day.positive += 1,
                Sentiment::Neutral => day.neutral += 1,
                Sentiment::Negative => day.negative += 1,
            }
        }
        *authors.entry(p.author_handle.clone()).or_insert(0) += 1;
        for w in terms(&p.text) {
            *words.entry(w).or_insert(0) += 1;
        }
        for t in hashtags(&p.text) {
            *tags.entry(t).or_insert(0) += 1;
        }
    }
    // The hashtags are their own list; the words of the query itself are in every post and say nothing.
    let query_words = terms(&topic.query);
    words.retain(|w, _| !query_words.contains(w) && !tags.contains_key(w));
    let spikes = store::spikes(db, topic.id, 50)
        .await?
        .into_iter()
        .filter(|s| s.window_end > period.from && s.window_start < period.to)
        .collect();
    Ok(TopicFigures {
        networks: topic.networks(),
        from: period.from,
        to: period.to,
        posts: rows.len() as i64,
        positive,
        neutral,
        negative,
        days: days.into_values().collect(),
        top_authors: top(authors),
        top_terms: top(words),
        top_hashtags: top(tags),
        spikes,
        spike_method: SPIKE_METHOD,
        topic,
    })
}

/// One brand's line of share of voice.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BrandVoice {
    pub topic_id: i64,
    pub topic: String,
    /// Our brand's name is the topic's; a competitor's is the name the topic gives.
    pub brand: String,
    pub ours: bool,
    pub mentions: i64,
    pub positive_mentions: i64,
    /// This brand's mentions / all brands' mentions x 100.
    pub share: Figure,
    pub positive_share: Figure,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShareOfVoice {
    pub from: Millis,
    pub to: Millis,
    /// The networks counted (the same for every brand).
    pub networks: Vec<NetworkKind>,
    pub brands: Vec<BrandVoice>,
    /// Our mentions and the denominator: ours + competitors'.
    pub our_mentions: i64,
    pub denominator: i64,
    pub our_positive_mentions: i64,
    pub positive_denominator: i64,
    /// `share_of_voice` of the catalogue.
    pub share_of_voice: Figure,
    /// `positive_share_of_voice` of the catalogue.
    pub positive_share_of_voice: Figure,
    pub formula: &'static str,
    pub positive_formula: &'static str,
}

fn formula(id: &str) -> &'static str {
    sangam_domain::metrics::def(id).map_or("", |m| m.formula)
}

/// Share of voice over the workspace's topics marked as our brand and as competitors, in `period`, on `networks`
/// (empty: the networks every one of those topics listens on, so each brand is counted on the same networks).
pub async fn share_of_voice_in(
    db: &Db,
    workspace_id: i64,
    period: Period,
    networks: &[NetworkKind],
) -> Result<ShareOfVoice, AppError> {
    let topics: Vec<Topic> = store::list(db, workspace_id)
        .await?
        .into_iter()
        .filter(|t| t.voice != Voice::None)
        .collect();
    let networks: Vec<NetworkKind> = if networks.is_empty() {
        super::NETWORKS
            .into_iter()
            .filter(|n| !topics.is_empty() && topics.iter().all(|t| t.searches(*n)))
            .collect()
    } else {
        networks.to_vec()
    };
    let ids: Vec<i64> = topics.iter().map(|t| t.id).collect();
    let counts = if networks.is_empty() {
        Vec::new()
    } else {
        store::mentions(db, &ids, period.from, period.to, &networks).await?
    };
    let of = |id: i64| {
        counts
            .iter()
            .find(|c| c.0 == id)
            .map_or((0, 0), |c| (c.1, c.2))
    };
    let total: i64 = ids.iter().map(|&id| of(id).0).sum();
    let total_positive: i64 = ids.iter().map(|&id| of(id).1).sum();
    let (mut ours, mut ours_positive) = (0, 0);
    let mut brands = Vec::new();
    for t in &topics {
        let (m, p) = of(t.id);
        let is_ours = t.voice == Voice::Ours;
        if is_ours {
            ours += m;
            ours_positive += p;
        }
        brands.push(BrandVoice {
            topic_id: t.id,
            topic: t.name.clone(),
            brand: if is_ours {
                t.name.clone()
            } else {
                t.competitor.clone()
            },
            ours: is_ours,
            mentions: m,
            positive_mentions: p,
            share: share_of_voice(m, total - m),
            positive_share: calc::positive_share_of_voice(p, total_positive - p),
        });
    }
    brands.sort_by(|a, b| b.ours.cmp(&a.ours).then(b.mentions.cmp(&a.mentions)));
    Ok(ShareOfVoice {
        from: period.from,
        to: period.to,
        networks,
        brands,
        our_mentions: ours,
        denominator: total,
        our_positive_mentions: ours_positive,
        positive_denominator: total_positive,
        share_of_voice: share_of_voice(ours, total - ours),
        positive_share_of_voice: calc::positive_share_of_voice(
            ours_positive,
            total_positive - ours_positive,
        ),
        formula: formula("share_of_voice"),
        positive_formula: formula("positive_share_of_voice"),
    })
}
