//! Listening topics and what they hear. A topic's posts are keyed by (topic, network, remote id) and written with
//! "insert or ignore", a page at a time in one transaction with the cursor after it, so overlapping pages and a
//! process that dies mid-run store each post once. Spikes are keyed by (topic, kind, hour): one per spike however
//! many polls see it.

use crate::inbox::ingest::many_marks;
use crate::{Db, Result, Sql, delete_in_workspace, fetch_found, found};
use sangam_domain::listening::SpikeKind;
use sangam_domain::untrusted::{storable, storable_opt};
use sangam_domain::{Millis, NetworkKind, Sentiment};
use serde::Serialize;

const TOPIC: &str = "Listening topic";

/// Which side of share of voice a topic counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    /// Not in share of voice.
    None,
    /// Our brand's mentions.
    Ours,
    /// A competitor's mentions (the topic names the competitor).
    Competitor,
}

impl Voice {
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::None => "none",
            Voice::Ours => "ours",
            Voice::Competitor => "competitor",
        }
    }

    pub fn parse(s: &str) -> Option<Voice> {
        match s {
            "none" | "" => Some(Voice::None),
            "ours" => Some(Voice::Ours),
            "competitor" => Some(Voice::Competitor),
            _ => None,
        }
    }
}

impl TryFrom<String> for Voice {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Voice::parse(&s).ok_or(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Topic {
    pub id: i64,
    pub workspace_id: i64,
    pub name: String,
    pub query: String,
    /// ",bluesky,mastodon," as stored; read with [`Topic::networks`].
    #[serde(skip)]
    pub networks: String,
    #[sqlx(try_from = "String")]
    pub voice: Voice,
    pub competitor: String,
    pub paused: bool,
    pub created_at: Millis,
    pub last_run_at: Option<Millis>,
    pub last_error: Option<String>,
}

impl Topic {
    /// The networks searched.
    pub fn networks(&self) -> Vec<NetworkKind> {
        self.networks
            .split(',')
            .filter_map(NetworkKind::parse)
            .collect()
    }

    pub fn searches(&self, network: NetworkKind) -> bool {
        self.networks.contains(&format!(",{},", network.as_str()))
    }
}

const TOPIC_COLUMNS: &str = "id, workspace_id, name, query, networks, voice, competitor, paused, created_at, \
    last_run_at, last_error";

/// What a person sets on a topic. The query has been parsed by the caller.
#[derive(Debug, Clone)]
pub struct TopicFields<'a> {
    pub name: &'a str,
    pub query: &'a str,
    pub networks: &'a [NetworkKind],
    pub voice: Voice,
    pub competitor: &'a str,
    pub paused: bool,
}

fn networks_word(networks: &[NetworkKind]) -> String {
    let mut s = String::from(",");
    for n in networks {
        s.push_str(n.as_str());
        s.push(',');
    }
    s
}

pub async fn create(
    db: &Db,
    workspace_id: i64,
    fields: &TopicFields<'_>,
    created_by: Option<i64>,
    now: Millis,
) -> Result<Topic> {
    let sql = "INSERT INTO listening_topics (workspace_id, name, query, networks, voice, competitor, paused, \
               created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(storable(fields.name).into_owned())
                .bind(storable(fields.query).into_owned())
                .bind(networks_word(fields.networks))
                .bind(fields.voice.as_str())
                .bind(storable(fields.competitor).into_owned())
                .bind(fields.paused)
                .bind(created_by)
                .bind(now),
        )
        .await?;
    get(db, workspace_id, id).await
}

pub async fn update(
    db: &Db,
    workspace_id: i64,
    id: i64,
    fields: &TopicFields<'_>,
) -> Result<Topic> {
    let sql = "UPDATE listening_topics SET name = $1, query = $2, networks = $3, voice = $4, competitor = $5, \
               paused = $6 WHERE id = $7 AND workspace_id = $8";
    let changed = db
        .execute(
            Sql::new(sql)
                .bind(storable(fields.name).into_owned())
                .bind(storable(fields.query).into_owned())
                .bind(networks_word(fields.networks))
                .bind(fields.voice.as_str())
                .bind(storable(fields.competitor).into_owned())
                .bind(fields.paused)
                .bind(id)
                .bind(workspace_id),
        )
        .await?;
    found(changed, TOPIC)?;
    // A changed query starts its searches from the newest posts again.
    db.execute(Sql::new("DELETE FROM listening_cursors WHERE topic_id = $1").bind(id))
        .await?;
    get(db, workspace_id, id).await
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Topic> {
    let sql = crate::select(
        TOPIC_COLUMNS,
        "FROM listening_topics WHERE id = $1 AND workspace_id = $2",
    );
    fetch_found(db, sql.bind(id).bind(workspace_id), TOPIC).await
}

pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Topic>> {
    let sql = crate::select(
        TOPIC_COLUMNS,
        "FROM listening_topics WHERE workspace_id = $1 ORDER BY name, id",
    );
    db.fetch_all(sql.bind(workspace_id)).await
}

pub async fn delete(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    delete_in_workspace(db, "listening_topics", workspace_id, id, TOPIC).await
}

/// Topics of every workspace that are not paused and have not run since `ran_before`.
pub async fn due(db: &Db, ran_before: Millis) -> Result<Vec<Topic>> {
    let sql = crate::select(
        TOPIC_COLUMNS,
        "FROM listening_topics WHERE paused = $1 AND (last_run_at IS NULL OR last_run_at < $2) ORDER BY id",
    );
    db.fetch_all(sql.bind(false).bind(ran_before)).await
}

/// Records that a topic ran, with the error that stopped one of its searches, if any.
pub async fn ran(db: &Db, topic_id: i64, error: Option<&str>, now: Millis) -> Result<()> {
    let sql = "UPDATE listening_topics SET last_run_at = $1, last_error = $2 WHERE id = $3";
    db.execute(
        Sql::new(sql)
            .bind(now)
            .bind(storable_opt(error).map(|e| e.into_owned()))
            .bind(topic_id),
    )
    .await?;
    Ok(())
}

/// Where the unfinished pass over `source` goes on; `None` when the next pass starts from the newest posts.
pub async fn cursor(db: &Db, topic_id: i64, source: &str) -> Result<Option<String>> {
    let sql = "SELECT cursor FROM listening_cursors WHERE topic_id = $1 AND source = $2";
    let row: Option<(Option<String>,)> = db
        .fetch_optional(Sql::new(sql).bind(topic_id).bind(source))
        .await?;
    Ok(row.and_then(|(c,)| c))
}

/// A public post matched by a topic, analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewListenedPost {
    pub network: NetworkKind,
    pub remote_id: String,
    pub author_handle: String,
    pub author_name: String,
    pub text: String,
    pub url: Option<String>,
    pub posted_at: Millis,
    pub lang: String,
    pub script: String,
    pub sentiment_compound: f64,
    pub sentiment_label: Sentiment,
    pub abusive: bool,
    pub abuse_score: f64,
}

const POST_INSERT: &str = "INSERT INTO listened_posts (workspace_id, topic_id, network, remote_id, author_handle, \
    author_name, text, url, posted_at, stored_at, lang, script, sentiment_compound, sentiment_label, abusive, \
    abuse_score) VALUES ";
const POST_VALUES: usize = 16;
/// 500 x 16 values stays well under both databases' bound-parameter limits.
const ROWS_PER_STATEMENT: usize = 500;

const SAVE_CURSOR: &str = "INSERT INTO listening_cursors (topic_id, source, cursor, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (topic_id, source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at";

/// Stores one page of a topic's posts and, in the same transaction, the cursor after it (`None`: the pass ended).
/// A post the topic holds already is left as it is. Returns the ids of the posts stored now.
pub async fn store_page(
    db: &Db,
    topic: &Topic,
    source: &str,
    posts: &[NewListenedPost],
    next_cursor: Option<&str>,
    now: Millis,
) -> Result<Vec<i64>> {
    let mut tx = db.tx().await?;
    let backend = db.kind();
    let mut ids = Vec::new();
    for chunk in posts.chunks(ROWS_PER_STATEMENT) {
        let mut text = String::from(POST_INSERT);
        for i in 0..chunk.len() {
            if i > 0 {
                text.push(',');
            }
            text.push('(');
            text.push_str(&many_marks(backend, i * POST_VALUES + 1, POST_VALUES));
            text.push(')');
        }
        text.push_str(" ON CONFLICT (topic_id, network, remote_id) DO NOTHING RETURNING id");
        let mut sql = Sql::assembled(text);
        for p in chunk {
            sql.push(topic.workspace_id)
                .push(topic.id)
                .push(p.network.as_str())
                .push(storable(&p.remote_id).into_owned())
                .push(storable(&p.author_handle).into_owned())
                .push(storable(&p.author_name).into_owned())
                .push(storable(&p.text).into_owned())
                .push(storable_opt(p.url.as_deref()).map(|u| u.into_owned()))
                .push(p.posted_at)
                .push(now)
                .push(p.lang.clone())
                .push(p.script.clone())
                .push(p.sentiment_compound)
                .push(p.sentiment_label.as_str())
                .push(p.abusive)
                .push(p.abuse_score);
        }
        let stored: Vec<(i64,)> = tx.fetch_all(sql).await?;
        ids.extend(stored.into_iter().map(|(id,)| id));
    }
    tx.execute(
        Sql::new(SAVE_CURSOR)
            .bind(topic.id)
            .bind(source)
            .bind(next_cursor.map(str::to_string))
            .bind(now),
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}

/// A stored post of a topic.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ListenedPost {
    pub id: i64,
    pub topic_id: i64,
    #[sqlx(try_from = "String")]
    pub network: NetworkKind,
    pub remote_id: String,
    pub author_handle: String,
    pub author_name: String,
    pub text: String,
    pub url: Option<String>,
    pub posted_at: Millis,
    pub stored_at: Millis,
    pub lang: String,
    pub sentiment_compound: f64,
    #[sqlx(try_from = "String")]
    pub sentiment_label: Sentiment,
    pub abusive: bool,
    pub abuse_score: f64,
}

const POST_COLUMNS: &str = "id, topic_id, network, remote_id, author_handle, author_name, text, url, posted_at, \
    stored_at, lang, sentiment_compound, sentiment_label, abusive, abuse_score";

/// Which of a topic's posts to read.
#[derive(Debug, Clone, Default)]
pub struct PostFilter {
    /// Posted at or after.
    pub from: Option<Millis>,
    /// Posted before.
    pub to: Option<Millis>,
    pub sentiment: Option<Sentiment>,
    pub author: Option<String>,
    pub networks: Vec<NetworkKind>,
}

/// A topic's posts, newest first, at most `limit`.
pub async fn posts(
    db: &Db,
    topic_id: i64,
    filter: &PostFilter,
    limit: i64,
) -> Result<Vec<ListenedPost>> {
    let mut where_ = String::from("topic_id = $1");
    let mut args: Vec<crate::Arg<'static>> = vec![topic_id.into()];
    let mut add = |clause: &str, arg: crate::Arg<'static>| {
        args.push(arg);
        where_.push_str(&format!(" AND {clause} ${}", args.len()));
    };
    if let Some(from) = filter.from {
        add("posted_at >=", from.into());
    }
    if let Some(to) = filter.to {
        add("posted_at <", to.into());
    }
    if let Some(s) = filter.sentiment {
        add("sentiment_label =", s.as_str().to_string().into());
    }
    if let Some(a) = &filter.author {
        add("author_handle =", storable(a).into_owned().into());
    }
    if !filter.networks.is_empty() {
        let list = filter
            .networks
            .iter()
            .map(|n| format!("'{}'", n.as_str()))
            .collect::<Vec<_>>()
            .join(",");
        // Network words are the domain's own spellings, never a request's text.
        where_.push_str(&format!(" AND network IN ({list})"));
    }
    let text = format!(
        "SELECT {POST_COLUMNS} FROM listened_posts WHERE {where_} ORDER BY posted_at DESC, id DESC LIMIT {}",
        limit.max(0)
    );
    let mut sql = Sql::assembled(text);
    for a in args {
        sql.push(a);
    }
    db.fetch_all(sql).await
}

/// How many posts each topic heard in `[from, to)` on `networks` (all networks when empty), and how many of them
/// read positive: (topic id, mentions, positive mentions). Topics with none are left out.
pub async fn mentions(
    db: &Db,
    topic_ids: &[i64],
    from: Millis,
    to: Millis,
    networks: &[NetworkKind],
) -> Result<Vec<(i64, i64, i64)>> {
    let mut text = String::from(
        "SELECT topic_id, COUNT(*), SUM(CASE WHEN sentiment_label = 'positive' THEN 1 ELSE 0 END) \
         FROM listened_posts WHERE topic_id IN ({ids}) AND posted_at >= $1 AND posted_at < $2",
    );
    if !networks.is_empty() {
        let list = networks
            .iter()
            .map(|n| format!("'{}'", n.as_str()))
            .collect::<Vec<_>>()
            .join(",");
        text.push_str(&format!(" AND network IN ({list})"));
    }
    text.push_str(" GROUP BY topic_id ORDER BY topic_id");
    let list = if topic_ids.is_empty() {
        "NULL".to_string()
    } else {
        topic_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let sql = Sql::assembled(text.replace("{ids}", &list))
        .bind(from)
        .bind(to);
    db.fetch_all(sql).await
}

/// (posted at, negative, positive) of each of a topic's posts in `[from, to)`: what the hourly buckets count.
pub async fn moments(
    db: &Db,
    topic_id: i64,
    from: Millis,
    to: Millis,
) -> Result<Vec<(Millis, bool, bool)>> {
    let sql = "SELECT posted_at, sentiment_label FROM listened_posts WHERE topic_id = $1 AND posted_at >= $2 \
               AND posted_at < $3 ORDER BY posted_at";
    let rows: Vec<(Millis, String)> = db
        .fetch_all(Sql::new(sql).bind(topic_id).bind(from).bind(to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|(at, s)| (at, s == "negative", s == "positive"))
        .collect())
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredSpike {
    pub id: i64,
    pub topic_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: SpikeKind,
    pub window_start: Millis,
    pub window_end: Millis,
    pub observed: f64,
    pub median: f64,
    pub mad: f64,
    pub threshold: f64,
    pub raised_at: Millis,
}

const SPIKE_COLUMNS: &str =
    "id, topic_id, kind, window_start, window_end, observed, median, mad, threshold, raised_at";

/// Records a spike; `None` when this topic's spike of this kind in this hour was recorded already.
pub async fn record_spike(
    db: &Db,
    topic: &Topic,
    spike: &sangam_domain::listening::Spike,
    now: Millis,
) -> Result<Option<StoredSpike>> {
    let sql = "INSERT INTO listening_spikes (workspace_id, topic_id, kind, window_start, window_end, observed, median, \
               mad, threshold, raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
               ON CONFLICT (topic_id, kind, window_start) DO NOTHING RETURNING id";
    let id: Option<(i64,)> = db
        .fetch_optional(
            Sql::new(sql)
                .bind(topic.workspace_id)
                .bind(topic.id)
                .bind(spike.kind.as_str())
                .bind(spike.window_start)
                .bind(spike.window_start + sangam_domain::listening::BUCKET_MS)
                .bind(spike.observed)
                .bind(spike.median)
                .bind(spike.mad)
                .bind(spike.threshold)
                .bind(now),
        )
        .await?;
    match id {
        Some((id,)) => spike_by_id(db, topic.workspace_id, id).await.map(Some),
        None => Ok(None),
    }
}

pub async fn spike_by_id(db: &Db, workspace_id: i64, id: i64) -> Result<StoredSpike> {
    let sql = crate::select(
        SPIKE_COLUMNS,
        "FROM listening_spikes WHERE id = $1 AND workspace_id = $2",
    );
    fetch_found(db, sql.bind(id).bind(workspace_id), "Spike").await
}

/// A topic's spikes, newest first.
pub async fn spikes(db: &Db, topic_id: i64, limit: i64) -> Result<Vec<StoredSpike>> {
    let sql = crate::select(
        SPIKE_COLUMNS,
        "FROM listening_spikes WHERE topic_id = $1 ORDER BY window_start DESC, id DESC LIMIT $2",
    );
    db.fetch_all(sql.bind(topic_id).bind(limit)).await
}

/// How many spikes (of any kind) the topic has in hours starting in `[from, to)`.
pub async fn spike_count(db: &Db, topic_id: i64, from: Millis, to: Millis) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM listening_spikes WHERE topic_id = $1 AND window_start >= $2 AND window_start < $3";
    let (n,): (i64,) = db
        .fetch_one(Sql::new(sql).bind(topic_id).bind(from).bind(to))
        .await?;
    Ok(n)
}
