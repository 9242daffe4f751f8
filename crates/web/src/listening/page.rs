//! The listening pages: the topics (add one with its query, remove one), a topic's figures with the posts behind each
//! (and a spike's posts with the crisis switch beside them), and share of voice with its CSV and printable page.

use super::TopicInput;
use super::api::{networks_of, period_of};
use super::figures::{self, PostQuery, ShareOfVoice, TopicFigures};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::i18n::Tr;
use crate::reports::csv_cell;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::Permission;
use sangam_domain::metrics::{Figure, NumberStyle};
use sangam_store::listening::{self as store, ListenedPost, StoredSpike, Voice};
use sangam_store::users::User;
use serde::Deserialize;

pub struct TopicRow {
    pub id: i64,
    pub name: String,
    pub query: String,
    pub networks: String,
    pub voice: String,
    pub last_run: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/listening.html")]
pub struct ListeningPage {
    pub page: Chrome,
    pub rows: Vec<TopicRow>,
    pub error: Option<String>,
    pub input: TopicInput,
    pub networks: Vec<(&'static str, String, bool)>,
    pub can_manage: bool,
}

fn network_names(t: &Tr, topic: &sangam_store::listening::Topic) -> String {
    topic
        .networks()
        .iter()
        .map(|n| crate::reports::network_name(t, n.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn voice_name(t: &Tr, voice: Voice, competitor: &str) -> String {
    match voice {
        Voice::None => t.t("listening-voice-none"),
        Voice::Ours => t.t("listening-voice-ours"),
        Voice::Competitor => t.t1("listening-voice-competitor-named", "name", competitor),
    }
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
    input: TopicInput,
) -> Result<ListeningPage, PageError> {
    let page = Chrome::new(user, "listening", "listening-title");
    let t = &page.t;
    let rows = store::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .map(|topic| TopicRow {
            id: topic.id,
            networks: network_names(t, &topic),
            voice: voice_name(t, topic.voice, &topic.competitor),
            last_run: topic
                .last_run_at
                .map(|at| t.time(at))
                .unwrap_or_else(|| t.t("listening-never")),
            error: topic.last_error.clone(),
            name: topic.name,
            query: topic.query,
        })
        .collect();
    let chosen = |n: &str| input.networks.is_empty() || input.networks.iter().any(|w| w == n);
    let networks = super::NETWORKS
        .iter()
        .map(|n| {
            (
                n.as_str(),
                crate::reports::network_name(t, n.as_str()),
                chosen(n.as_str()),
            )
        })
        .collect();
    Ok(ListeningPage {
        can_manage: user.role.can(Permission::ManageListening),
        rows,
        error,
        input,
        networks,
        page,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ListeningPage, PageError> {
    render(&state, &user, None, TopicInput::default()).await
}

#[derive(Debug, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    network: Vec<String>,
    #[serde(default)]
    voice: String,
    #[serde(default)]
    competitor: String,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<TopicForm>,
) -> Result<Response, PageError> {
    let input = TopicInput {
        name: form.name,
        query: form.query,
        networks: form.network,
        voice: form.voice,
        competitor: form.competitor,
    };
    match super::create(&state, &user, &input).await {
        Ok(topic) => Ok(Redirect::to(&format!("/listening/topics/{}", topic.id)).into_response()),
        Err(e) => {
            let (status, message) = crate::conversions::said_on_page(e, &user)?;
            Ok((status, render(&state, &user, Some(message), input).await?).into_response())
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    super::remove(&state, &user, id).await.for_user(&user)?;
    Ok(Redirect::to("/listening").into_response())
}

/// A figure and the address of the posts behind it.
pub struct Linked {
    pub label: String,
    pub count: i64,
    pub href: String,
}

pub struct DayRow {
    pub date: String,
    pub posts: i64,
    pub positive: i64,
    pub neutral: i64,
    pub negative: i64,
    pub href: String,
    pub negative_href: String,
}

pub struct PostRow {
    pub author: String,
    pub author_name: String,
    pub text: String,
    pub url: Option<String>,
    pub at: String,
    pub network: String,
    pub sentiment: String,
    pub lang: String,
    pub abusive: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/listening_topic.html")]
pub struct TopicPage {
    pub page: Chrome,
    pub id: i64,
    pub name: String,
    pub query: String,
    pub networks: String,
    pub voice: String,
    pub period: String,
    pub range: String,
    pub total: Linked,
    pub sentiments: Vec<Linked>,
    pub days: Vec<DayRow>,
    pub max_day: i64,
    pub authors: Vec<Linked>,
    pub terms: Vec<Linked>,
    pub hashtags: Vec<Linked>,
    pub spikes: Vec<(String, String)>,
    pub spike: Option<String>,
    pub method: &'static str,
    pub posts_title: String,
    pub posts: Vec<PostRow>,
    pub error: Option<String>,
    pub can_pause: bool,
    pub can_manage: bool,
}

fn post_row(t: &Tr, p: ListenedPost) -> PostRow {
    PostRow {
        at: t.time(p.posted_at),
        network: crate::reports::network_name(t, p.network.as_str()),
        sentiment: t.t(&format!(
            "listening-sentiment-{}",
            p.sentiment_label.as_str()
        )),
        lang: p.lang,
        abusive: p.abusive,
        url: p.url.filter(|u| u.starts_with("https://")),
        author: p.author_handle,
        author_name: p.author_name,
        text: p.text,
    }
}

fn spike_sentence(t: &Tr, s: &StoredSpike) -> String {
    let style = NumberStyle::for_language(t.lang());
    match s.kind {
        sangam_domain::listening::SpikeKind::Volume => t.with_args(
            "listening-spike-volume",
            &[
                ("observed", style.decimal(s.observed, 0)),
                ("threshold", style.decimal(s.threshold, 1)),
                ("median", style.decimal(s.median, 1)),
                ("at", t.time(s.window_start)),
            ],
        ),
        sangam_domain::listening::SpikeKind::Negative => t.with_args(
            "listening-spike-negative",
            &[
                ("observed", style.percent(s.observed * 100.0)),
                ("threshold", style.percent(s.threshold * 100.0)),
                ("median", style.percent(s.median * 100.0)),
                ("at", t.time(s.window_start)),
            ],
        ),
    }
}

pub async fn topic(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<TopicPage, PageError> {
    let topic = store::get(&state.db, user.workspace_id, id)
        .await
        .for_user(&user)?;
    let period = period_of(&user, &pairs).for_user(&user)?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, v)| key == k && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let q = PostQuery {
        from: get("at").and_then(|v| v.parse().ok()),
        to: get("until").and_then(|v| v.parse().ok()),
        sentiment: get("sentiment"),
        author: get("author"),
        term: get("term"),
        hashtag: get("hashtag"),
        spike: get("spike").and_then(|v| v.parse().ok()),
    };
    let tz = crate::time_fmt::zone(&user.time_zone);
    let f: TopicFigures = figures::topic_figures(&state.db, topic.clone(), period, &tz)
        .await
        .for_user(&user)?;
    let posts = figures::posts(&state.db, &topic, &q, period, 200)
        .await
        .for_user(&user)?;
    let page = Chrome::new(&user, "listening", "listening-title");
    let t = &page.t;
    let range = format!(
        "from={}&to={}",
        get("from").unwrap_or_default(),
        get("to").unwrap_or_default()
    );
    let base = format!("/listening/topics/{id}?{range}");
    let link = |extra: String| format!("{base}&{extra}#posts");
    let sentiments = ["positive", "neutral", "negative"]
        .iter()
        .zip([f.positive, f.neutral, f.negative])
        .map(|(s, n)| Linked {
            label: t.t(&format!("listening-sentiment-{s}")),
            count: n,
            href: link(format!("sentiment={s}")),
        })
        .collect();
    let enc = crate::auth::urlencode;
    let spike = match q.spike {
        Some(sid) => f
            .spikes
            .iter()
            .find(|s| s.id == sid)
            .map(|s| spike_sentence(t, s)),
        None => None,
    };
    let posts_title = if spike.is_some() {
        t.t("listening-posts-spike")
    } else if q.sentiment.is_some()
        || q.author.is_some()
        || q.term.is_some()
        || q.hashtag.is_some()
        || q.from.is_some()
    {
        t.t("listening-posts-filtered")
    } else {
        t.t("listening-posts-newest")
    };
    Ok(TopicPage {
        id,
        networks: network_names(t, &topic),
        voice: voice_name(t, topic.voice, &topic.competitor),
        period: format!("{} – {}", t.time(f.from), t.time(f.to - 1)),
        total: Linked {
            label: t.t("listening-volume"),
            count: f.posts,
            href: format!("{base}#posts"),
        },
        sentiments,
        max_day: f.days.iter().map(|d| d.posts).max().unwrap_or(0).max(1),
        days: f
            .days
            .iter()
            .map(|d| DayRow {
                date: d.date.clone(),
                posts: d.posts,
                positive: d.positive,
                neutral: d.neutral,
                negative: d.negative,
                href: link(format!("at={}&until={}", d.from, d.to)),
                negative_href: link(format!("at={}&until={}&sentiment=negative", d.from, d.to)),
            })
            .collect(),
        authors: f
            .top_authors
            .iter()
            .map(|a| Linked {
                label: a.key.clone(),
                count: a.posts,
                href: link(format!("author={}", enc(&a.key))),
            })
            .collect(),
        terms: f
            .top_terms
            .iter()
            .map(|a| Linked {
                label: a.key.clone(),
                count: a.posts,
                href: link(format!("term={}", enc(&a.key))),
            })
            .collect(),
        hashtags: f
            .top_hashtags
            .iter()
            .map(|a| Linked {
                label: format!("#{}", a.key),
                count: a.posts,
                href: link(format!("hashtag={}", enc(&a.key))),
            })
            .collect(),
        spikes: f
            .spikes
            .iter()
            .map(|s| {
                (
                    spike_sentence(t, s),
                    format!("/listening/topics/{id}?spike={}#posts", s.id),
                )
            })
            .collect(),
        spike,
        method: f.spike_method,
        posts_title,
        posts: posts.into_iter().map(|p| post_row(t, p)).collect(),
        error: topic.last_error.clone(),
        can_pause: user.role.can(Permission::PausePublishing),
        can_manage: user.role.can(Permission::ManageListening),
        range,
        name: topic.name,
        query: topic.query,
        page,
    })
}

pub struct BrandRow {
    pub topic_id: i64,
    pub brand: String,
    pub ours: bool,
    pub mentions: i64,
    pub share: String,
    pub positive: i64,
    pub positive_share: String,
}

/// The share-of-voice page and its printable twin (no navigation, no script), the same fields.
macro_rules! share_page {
    ($name:ident, $path:literal) => {
        #[derive(Template, WebTemplate)]
        #[template(path = $path)]
        pub struct $name {
            pub page: Chrome,
            pub print: bool,
            pub period: String,
            pub networks: String,
            pub query: String,
            pub range: String,
            pub rows: Vec<BrandRow>,
            pub share: String,
            pub positive_share: String,
            pub sentence: String,
            pub positive_sentence: String,
            pub has_ours: bool,
        }
    };
}
share_page!(SharePage, "pages/share_of_voice.html");
share_page!(SharePrintPage, "pages/share_of_voice_print.html");

impl From<SharePage> for SharePrintPage {
    fn from(p: SharePage) -> Self {
        SharePrintPage {
            page: p.page,
            print: true,
            period: p.period,
            networks: p.networks,
            query: p.query,
            range: p.range,
            rows: p.rows,
            share: p.share,
            positive_share: p.positive_share,
            sentence: p.sentence,
            positive_sentence: p.positive_sentence,
            has_ours: p.has_ours,
        }
    }
}

fn figure(t: &Tr, f: Figure) -> String {
    let style = NumberStyle::for_language(t.lang());
    match f {
        Figure::Percent(v) => style.percent(v),
        _ => t.t("listening-no-mentions"),
    }
}

async fn share_of(
    state: &AppState,
    user: &User,
    pairs: &[(String, String)],
) -> Result<ShareOfVoice, PageError> {
    let period = period_of(user, pairs).for_user(user)?;
    figures::share_of_voice_in(&state.db, user.workspace_id, period, &networks_of(pairs))
        .await
        .for_user(user)
}

fn share_page(user: &User, s: ShareOfVoice, pairs: &[(String, String)], print: bool) -> SharePage {
    let page = Chrome::new(user, "share-of-voice", "listening-share-title");
    let t = &page.t;
    let query: String = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::auth::urlencode(k),
                crate::auth::urlencode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    SharePage {
        print,
        period: format!("{} – {}", t.time(s.from), t.time(s.to - 1)),
        networks: s
            .networks
            .iter()
            .map(|n| crate::reports::network_name(t, n.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        range: format!(
            "from={}&to={}",
            crate::auth::urlencode(&get("from")),
            crate::auth::urlencode(&get("to"))
        ),
        query,
        has_ours: s.brands.iter().any(|b| b.ours),
        rows: s
            .brands
            .iter()
            .map(|b| BrandRow {
                topic_id: b.topic_id,
                brand: b.brand.clone(),
                ours: b.ours,
                mentions: b.mentions,
                share: figure(t, b.share),
                positive: b.positive_mentions,
                positive_share: figure(t, b.positive_share),
            })
            .collect(),
        share: figure(t, s.share_of_voice),
        positive_share: figure(t, s.positive_share_of_voice),
        sentence: t.with_args(
            "listening-share-sentence",
            &[
                ("ours", s.our_mentions.to_string()),
                ("denominator", s.denominator.to_string()),
            ],
        ),
        positive_sentence: t.with_args(
            "listening-positive-share-sentence",
            &[
                ("ours", s.our_positive_mentions.to_string()),
                ("denominator", s.positive_denominator.to_string()),
            ],
        ),
        page,
    }
}

pub async fn share(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<SharePage, PageError> {
    let s = share_of(&state, &user, &pairs).await?;
    Ok(share_page(&user, s, &pairs, false))
}

pub async fn share_print(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<SharePrintPage, PageError> {
    let s = share_of(&state, &user, &pairs).await?;
    Ok(share_page(&user, s, &pairs, true).into())
}

/// The share of voice as CSV: one row per brand, then the totals, with the formulas in the header's words.
pub async fn share_csv(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = share_of(&state, &user, &pairs).await?;
    let t = Tr::new(&user.language, &user.time_zone);
    let pct = |f: Figure| match f {
        Figure::Percent(v) => format!("{v:.4}"),
        _ => t.t("listening-no-mentions"),
    };
    let mut out = [
        t.t("listening-col-brand"),
        t.t("listening-col-ours"),
        format!(
            "{} (share_of_voice_mentions)",
            t.t("listening-col-mentions")
        ),
        format!(
            "{} (share_of_voice, %)",
            t.t("glossary-share_of_voice-name")
        ),
        t.t("listening-col-positive"),
        format!(
            "{} (positive_share_of_voice, %)",
            t.t("glossary-positive_share_of_voice-name")
        ),
    ]
    .iter()
    .map(|h| csv_cell(h))
    .collect::<Vec<_>>()
    .join(",");
    out.push_str("\r\n");
    for b in &s.brands {
        let line = [
            csv_cell(&b.brand),
            if b.ours { "1".into() } else { "0".into() },
            b.mentions.to_string(),
            pct(b.share),
            b.positive_mentions.to_string(),
            pct(b.positive_share),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    let total = [
        csv_cell(&t.t("listening-col-total")),
        String::new(),
        s.denominator.to_string(),
        pct(s.share_of_voice),
        s.positive_denominator.to_string(),
        pct(s.positive_share_of_voice),
    ];
    out.push_str(&total.join(","));
    out.push_str("\r\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"share-of-voice.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}
