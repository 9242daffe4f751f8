//! The dashboard: followers over time and engagements per post, drawn from stored snapshots only.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use sangam_domain::metrics::NumberStyle;
use sangam_domain::now_millis;
use sangam_store::{posts, profiles, snapshots};
use serde::Serialize;

const DAY_MS: i64 = 24 * 3600 * 1000;
/// How far back the follower chart reaches.
pub const FOLLOWER_DAYS: i64 = 90;
/// How far back the engagement chart reaches.
pub const ENGAGEMENT_DAYS: i64 = 30;

#[derive(Serialize)]
pub struct FollowerSeries {
    pub label: String,
    /// Seconds since the epoch (uPlot's x unit).
    pub x: Vec<i64>,
    pub y: Vec<i64>,
}

#[derive(Serialize)]
pub struct EngagementBars {
    pub labels: Vec<String>,
    pub x: Vec<i64>,
    pub likes: Vec<i64>,
    pub reposts: Vec<i64>,
    pub replies: Vec<i64>,
    pub quotes: Vec<i64>,
}

pub struct StateCount {
    pub state: String,
    pub label: String,
    pub count: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/dashboard.html")]
pub struct DashboardPage {
    pub page: Chrome,
    pub followers_json: String,
    pub engagement_json: String,
    pub has_followers: bool,
    pub has_engagement: bool,
    /// Each profile's latest follower count, written in the viewer's language.
    pub latest: Vec<(String, String)>,
    pub states: Vec<StateCount>,
    pub posts: Vec<posts::Post>,
    /// Whether the person has done this week's care check-in (the card offers it when not).
    pub checked_in: bool,
    /// Active goals with their progress (people who read reports only).
    pub goals: Vec<crate::goals::page::GoalView>,
    /// The twelve short month names in the viewer's language, for the chart's date axis.
    pub months: String,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<DashboardPage, PageError> {
    let page = Chrome::new(&user, "dashboard", "dashboard-title");
    let now = now_millis();
    let mut series = Vec::new();
    let mut latest = Vec::new();
    for profile in profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
    {
        let history = snapshots::profile_history(
            &state.db,
            profile.id,
            now - FOLLOWER_DAYS * DAY_MS,
            now + 1,
        )
        .await
        .for_user(&user)?;
        if let Some(last) = history.last() {
            latest.push((
                profile.display_name.clone(),
                NumberStyle::for_language(page.t.lang()).integer(last.followers),
            ));
        }
        series.push(FollowerSeries {
            label: profile.display_name,
            x: history.iter().map(|s| s.taken_at / 1000).collect(),
            y: history.iter().map(|s| s.followers).collect(),
        });
    }
    let rows = snapshots::latest_post_engagement(
        &state.db,
        user.workspace_id,
        now - ENGAGEMENT_DAYS * DAY_MS,
        now + 1,
    )
    .await
    .for_user(&user)?;
    let bars = EngagementBars {
        labels: rows
            .iter()
            .map(|r| r.body.chars().take(60).collect())
            .collect(),
        x: rows.iter().map(|r| r.published_at / 1000).collect(),
        likes: rows.iter().map(|r| r.likes).collect(),
        reposts: rows.iter().map(|r| r.reposts).collect(),
        replies: rows.iter().map(|r| r.replies).collect(),
        quotes: rows.iter().map(|r| r.quotes).collect(),
    };
    let states = posts::state_counts_for(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .into_iter()
        .map(|(state, count)| StateCount {
            label: page.t.t(&format!("state-{state}")),
            state,
            count,
        })
        .collect();
    let recent = posts::list(&state.db, user.workspace_id, 5)
        .await
        .for_user(&user)?;
    let checked_in = crate::care::actions::checked_in(&state, &user)
        .await
        .for_user(&user)?;
    let goals = if user.role.can(sangam_domain::Permission::ViewReports) {
        crate::goals::page::active_for_dashboard(&state, &user, &page).await
    } else {
        vec![]
    };
    Ok(DashboardPage {
        months: (1..=12)
            .map(|m| page.t.t(&format!("month-short-{m}")))
            .collect::<Vec<_>>()
            .join(","),
        goals,
        checked_in,
        has_followers: series.iter().any(|s| !s.x.is_empty()),
        has_engagement: !rows.is_empty(),
        followers_json: serde_json::to_string(&series).unwrap_or_default(),
        engagement_json: serde_json::to_string(&bars).unwrap_or_default(),
        latest,
        states,
        posts: recent,
        page,
    })
}
