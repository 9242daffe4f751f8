//! The review's pages: the list of weeks with a form to draft any week, and one week's review with its meeting.

use super::actions::{self, ItemInput, ReviewWithMeeting};
use super::figures::{Comparison, PostVsMedian, ThemeLine};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::reports::Fmt;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use axum_extra::extract::Form;
use sangam_domain::metrics::Figure;
use sangam_store::review::{self as store, Item, ItemKind, Review};
use sangam_store::users::{self, User};
use serde::Deserialize;

/// One week in the list.
pub struct WeekLine {
    pub id: i64,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/review_list.html")]
pub struct ReviewListPage {
    pub page: Chrome,
    pub weeks: Vec<WeekLine>,
    pub today: String,
}

fn week_label(page: &Chrome, r: &Review) -> String {
    let tz = crate::time_fmt::zone(&r.time_zone);
    page.t.with_args(
        "review-week",
        &[
            ("from", day(r.week_start, &tz)),
            ("to", day(r.week_end - 1, &tz)),
            ("zone", r.time_zone.clone()),
        ],
    )
}

fn day(at: i64, tz: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.to_zoned(tz.clone()).date().to_string())
        .unwrap_or_default()
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ReviewListPage, PageError> {
    let page = Chrome::new(&user, "review", "review-title");
    let weeks = store::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .iter()
        .map(|r| WeekLine {
            id: r.id,
            label: week_label(&page, r),
        })
        .collect();
    let today = day(sangam_domain::now_millis(), page.t.zone());
    Ok(ReviewListPage { page, weeks, today })
}

#[derive(Deserialize)]
pub struct DraftForm {
    pub week: String,
}

pub async fn draft(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<DraftForm>,
) -> Result<Redirect, PageError> {
    let review = actions::draft(&state, &user, &form.week)
        .await
        .for_user(&user)?;
    Ok(Redirect::to(&format!("/reviews/{}", review.id)))
}

/// A line of the page: its words and, where it has one, the link to the rows behind it.
pub struct Line {
    pub text: String,
    pub link: Option<String>,
}

/// A theme as the page shows it, with the form that makes an insight card of it.
pub struct ThemeView {
    pub n: usize,
    pub phrase: String,
    pub line: String,
    pub related: String,
    pub examples: Vec<(i64, String)>,
}

pub struct ItemView {
    pub item: Item,
    pub kind: String,
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/review.html")]
pub struct ReviewPage {
    pub page: Chrome,
    pub id: i64,
    pub week: String,
    pub drafted: String,
    pub worked: Vec<Line>,
    pub did_not: Vec<Line>,
    pub shared: Vec<String>,
    pub goals: Vec<Line>,
    pub inbox: Vec<String>,
    pub sentiment: Vec<(String, i64, i64, i64)>,
    pub sentiment_previous: String,
    pub complaints: Vec<ThemeView>,
    pub praise: Vec<ThemeView>,
    pub team: Vec<String>,
    pub carried: Vec<ItemView>,
    pub items: Vec<ItemView>,
    pub people: Vec<User>,
    pub kinds: Vec<(&'static str, String)>,
    pub report_query: String,
}

fn post_line(f: &Fmt, t: &crate::i18n::Tr, p: &PostVsMedian) -> Line {
    let body: String = p.line.row.body.chars().take(120).collect();
    let times = t.with_args(
        "review-times",
        &[
            ("times", f.style.decimal(p.times, 1)),
            ("rate", f.text(Figure::Percent(p.rate))),
            ("median", f.text(Figure::Percent(p.profile_median))),
        ],
    );
    Line {
        text: format!("{} · {body} — {times}", p.line.profile_name),
        link: Some(format!("/posts/{}", p.line.row.post_id)),
    }
}

fn shared_line(f: &Fmt, t: &crate::i18n::Tr, c: &Comparison) -> String {
    t.with_args(
        "review-shared-line",
        &[
            ("attribute", t.t(&format!("review-attr-{}", c.attribute))),
            ("value", c.value.clone()),
            ("with", f.text(c.with_median)),
            ("without", f.text(c.without_median)),
            ("nwith", c.with_posts.to_string()),
            ("nwithout", c.without_posts.to_string()),
        ],
    )
}

fn theme_views(t: &crate::i18n::Tr, themes: &[ThemeLine], offset: usize) -> Vec<ThemeView> {
    themes
        .iter()
        .enumerate()
        .map(|(i, th)| ThemeView {
            n: offset + i,
            phrase: th.phrase.clone(),
            line: t.with_args(
                "review-theme-line",
                &[
                    ("count", th.count.to_string()),
                    ("prev", th.previous.to_string()),
                    ("change", format!("{:+}", th.change)),
                ],
            ),
            related: th.related.join(", "),
            examples: th.examples.clone(),
        })
        .collect()
}

fn item_view(t: &crate::i18n::Tr, item: Item) -> ItemView {
    let mut detail = Vec::new();
    if let Some(owner) = &item.owner_name {
        detail.push(format!("{}: {owner}", t.t("review-owner")));
    }
    if let Some(due) = &item.due_on {
        detail.push(format!("{}: {due}", t.t("review-due")));
    }
    if item.done_at.is_some() {
        detail.push(t.t("review-done"));
    }
    ItemView {
        kind: t.t(&format!("review-kind-{}", item.kind.as_str())),
        detail: detail.join(" · "),
        item,
    }
}

fn render(page: Chrome, people: Vec<User>, r: ReviewWithMeeting) -> ReviewPage {
    let t = &page.t;
    let f = Fmt::new(t);
    let fig = &r.figures;
    let tz = crate::time_fmt::zone(&fig.review.time_zone);
    let drafted = if fig.review.drafted_by.is_some() {
        t.t1("review-drafted-person", "at", t.time(fig.review.drafted_at))
    } else {
        t.t1("review-drafted-engine", "at", t.time(fig.review.drafted_at))
    };
    let goals = fig
        .goals
        .iter()
        .map(|g| {
            let state = match g.status.on_track {
                Some(false) => t.t("review-goal-off-track"),
                Some(true) => t.t("review-goal-on-track"),
                None => t.t("review-goal-no-forecast"),
            };
            let progress = g.status.progress.map_or_else(
                || t.t("report-no-data"),
                |p| format!("{}%", f.style.decimal(p, 0)),
            );
            Line {
                text: format!(
                    "{} — {}: {} ({progress}) — {state}",
                    g.goal.objective,
                    t.t("goal-current"),
                    f.text(g.status.current)
                ),
                link: Some(format!("/goals/{}", g.goal.id)),
            }
        })
        .collect();
    let all = fig.inbox.overall.first();
    let prev = fig.inbox_previous.overall.first();
    let rate = |l: Option<&sangam_domain::reports::ResponseLine>| {
        l.map_or_else(|| t.t("report-no-data"), |l| f.text(l.response_rate))
    };
    let mut inbox = vec![
        t.with_args(
            "review-inbox-received",
            &[
                ("n", fig.inbox.messages_received.to_string()),
                ("prev", fig.inbox_previous.messages_received.to_string()),
            ],
        ),
        t.with_args(
            "review-inbox-rate",
            &[("rate", rate(all)), ("prev", rate(prev))],
        ),
        t.with_args(
            "review-inbox-first",
            &[
                (
                    "median",
                    all.and_then(|l| l.first_response.as_ref())
                        .map_or_else(|| t.t("report-no-data"), |r| f.duration(r.median as i64)),
                ),
                ("sla", fig.sla_minutes.to_string()),
                ("within", fig.within_sla.to_string()),
                ("actionable", all.map_or(0, |l| l.actionable).to_string()),
            ],
        ),
    ];
    for (kind, n) in &fig.inbox.volume_by_kind {
        inbox.push(format!("{}: {n}", t.named("kind", kind)));
    }
    let sp = &fig.sentiment_previous;
    let mut team = Vec::new();
    if let Some(tm) = &fig.team {
        team.push(t.with_args(
            "review-team-line",
            &[
                ("people", tm.people.to_string()),
                ("inbox", tm.inbox_min.to_string()),
                ("compose", tm.compose_min.to_string()),
                ("approval", tm.approval_min.to_string()),
                ("report", tm.report_min.to_string()),
                ("handled", tm.messages_handled.to_string()),
                ("shipped", tm.posts_shipped.to_string()),
                ("exposure", tm.exposure.to_string()),
                ("after", tm.after_hours.to_string()),
            ],
        ));
        team.push(match &tm.checkin {
            Some(c) => t.with_args(
                "review-checkin",
                &[
                    ("energy", f.style.decimal(c.energy, 1)),
                    ("workload", f.style.decimal(c.workload, 1)),
                    ("people", c.people.to_string()),
                ],
            ),
            None => t.t1("review-checkin-hidden", "people", tm.checkin_people),
        });
    }
    let complaints = theme_views(t, &fig.complaints, 0);
    let praise = theme_views(t, &fig.praise, fig.complaints.len());
    ReviewPage {
        id: fig.review.id,
        week: format!("{} · {drafted}", {
            let p = &fig.review;
            t.with_args(
                "review-week",
                &[
                    ("from", day(p.week_start, &tz)),
                    ("to", day(p.week_end - 1, &tz)),
                    ("zone", p.time_zone.clone()),
                ],
            )
        }),
        drafted: String::new(),
        worked: fig.worked.iter().map(|p| post_line(&f, t, p)).collect(),
        did_not: fig.did_not.iter().map(|p| post_line(&f, t, p)).collect(),
        shared: fig.shared.iter().map(|c| shared_line(&f, t, c)).collect(),
        goals,
        inbox,
        sentiment: fig
            .sentiment
            .iter()
            .map(|d| (d.day.clone(), d.positive, d.neutral, d.negative))
            .collect(),
        sentiment_previous: t.with_args(
            "review-sentiment-week",
            &[
                ("pos", sp.positive.to_string()),
                ("neu", sp.neutral.to_string()),
                ("neg", sp.negative.to_string()),
            ],
        ),
        complaints,
        praise,
        team,
        report_query: format!(
            "from={}&to={}",
            day(fig.period.from, &tz),
            day(fig.period.to - 1, &tz)
        ),
        carried: r
            .carried_actions
            .into_iter()
            .map(|i| item_view(t, i))
            .collect(),
        items: r.items.into_iter().map(|i| item_view(t, i)).collect(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| (k.as_str(), t.t(&format!("review-kind-{}", k.as_str()))))
            .collect(),
        people,
        page,
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<ReviewPage, PageError> {
    let r = actions::with_meeting(&state, &user, id)
        .await
        .for_user(&user)?;
    let people = users::list_active(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let page = Chrome::new(&user, "review", "review-title");
    Ok(render(page, people, r))
}

#[derive(Deserialize)]
pub struct ItemForm {
    pub kind: String,
    pub body: String,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub due_on: String,
}

pub async fn add_item(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ItemForm>,
) -> Result<Redirect, PageError> {
    let kind = ItemKind::parse(&form.kind).unwrap_or(ItemKind::Agenda);
    let input = ItemInput {
        kind,
        body: form.body,
        owner_id: form.owner_id.trim().parse().ok(),
        due_on: Some(form.due_on),
    };
    actions::add_item(&state, &user, id, input)
        .await
        .for_user(&user)?;
    Ok(Redirect::to(&format!("/reviews/{id}#meeting")))
}

pub async fn done(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    let item = actions::set_done(&state, &user, id, true)
        .await
        .for_user(&user)?;
    // Back to the review being read: the newest one, since a carried action is marked done from a later week.
    let latest = store::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .first()
        .map_or(item.review_id, |r| r.id);
    Ok(Redirect::to(&format!("/reviews/{latest}#meeting")))
}
