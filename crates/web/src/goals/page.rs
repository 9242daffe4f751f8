//! Goals: the list with a form to set one, and each goal's page with progress, the trend forecast and its
//! uncertainty, the owner, and links to the report and the definition of its metric.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::goals::actions::{self as goal_actions, GoalInput};
use crate::reports::{Fmt, Viewer};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::Permission;
use sangam_domain::goals::{GoalStatus, TRACKABLE};
use sangam_store::goals::{self, Goal};
use sangam_store::users::{self, User};

/// A goal with its status, formatted for the page.
pub struct GoalView {
    pub goal: Goal,
    pub metric_name: String,
    pub current: String,
    pub progress: String,
    pub forecast: String,
    pub on_track: Option<bool>,
    pub period: String,
    pub baseline: String,
    pub target: String,
}

pub fn view(page: &Chrome, goal: Goal, status: &GoalStatus) -> GoalView {
    let t = &page.t;
    let f = Fmt::new(t);
    let unit = goal_actions::goal_unit(&goal.metric_id);
    let fmt = |v: f64| f.text(unit.figure(v));
    GoalView {
        metric_name: t.t(&format!("glossary-{}-name", goal.metric_id)),
        current: f.text(status.current),
        progress: status.progress.map_or_else(
            || t.t("report-no-data"),
            |p| format!("{}%", f.style.decimal(p, 0)),
        ),
        forecast: match status.forecast {
            Some(fc) => t
                .t("goal-forecast-value")
                .replace("[value]", &fmt(fc.value))
                .replace("[low]", &fmt(fc.value - 2.0 * fc.standard_error))
                .replace("[high]", &fmt(fc.value + 2.0 * fc.standard_error))
                .replace("[points]", &fc.points.to_string()),
            None => t.t("goal-forecast-none"),
        },
        baseline: fmt(goal.baseline),
        target: fmt(goal.target),
        on_track: status.on_track,
        period: format!("{} – {}", t.time(goal.starts_at), t.time(goal.ends_at - 1)),
        goal,
    }
}

/// A choice in the goal form's pickers.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/goals.html")]
pub struct GoalsPage {
    pub page: Chrome,
    pub goals: Vec<GoalView>,
    pub can_manage: bool,
    pub metrics: Vec<(&'static str, String)>,
    pub people: Vec<User>,
    pub profiles: Vec<Choice>,
    pub tags: Vec<Choice>,
    pub error: Option<String>,
}

async fn hours(state: &AppState, user: &User) -> sangam_domain::business_hours::BusinessHours {
    Viewer::hours_of(state, user.id, &user.time_zone).await
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
) -> Result<GoalsPage, PageError> {
    let page = Chrome::new(user, "goals", "goals-title");
    let hours = hours(state, user).await;
    let mut views = vec![];
    for goal in goals::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?
    {
        let (status, _) = goal_actions::status(state, &goal, &hours)
            .await
            .for_user(user)?;
        views.push(view(&page, goal, &status));
    }
    Ok(GoalsPage {
        metrics: TRACKABLE
            .iter()
            .map(|m| (*m, page.t.t(&format!("glossary-{m}-name"))))
            .collect(),
        people: users::list_active(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        profiles: sangam_store::profiles::list(&state.db, user.workspace_id)
            .await
            .for_user(user)?
            .into_iter()
            .map(|p| Choice {
                value: p.id.to_string(),
                label: format!(
                    "{} ({})",
                    p.display_name,
                    crate::reports::network_name(&page.t, p.network.as_str())
                ),
            })
            .collect(),
        tags: sangam_store::reports::post_tags(&state.db, user.workspace_id)
            .await
            .for_user(user)?
            .into_iter()
            .map(|t| Choice {
                label: t.clone(),
                value: t,
            })
            .collect(),
        can_manage: user.role.can(Permission::ManageGoals),
        goals: views,
        error,
        page,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<GoalsPage, PageError> {
    render(&state, &user, None).await
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(input): Form<GoalInput>,
) -> Result<Response, PageError> {
    match goal_actions::create(&state, &user, input).await {
        Ok(goal) => Ok(Redirect::to(&format!("/goals/{}", goal.id)).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            Ok((
                status,
                render(&state, &user, Some(e.message_for(&user))).await?,
            )
                .into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/goal.html")]
pub struct GoalPage {
    pub page: Chrome,
    pub g: GoalView,
    pub chart: String,
    pub report_link: String,
    /// The profiles (by name) and tags the goal covers.
    pub scope: String,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<GoalPage, PageError> {
    let goal = goals::get(&state.db, user.workspace_id, id)
        .await
        .for_user(&user)?;
    let hours = hours(&state, &user).await;
    let (status, points) = goal_actions::status(&state, &goal, &hours)
        .await
        .for_user(&user)?;
    let page = Chrome::new(&user, "goals", "goals-title");
    let tz = page.t.zone().clone();
    let day = |at: i64| {
        jiff::Timestamp::from_millisecond(at)
            .map(|t| t.to_zoned(tz.clone()).date().to_string())
            .unwrap_or_default()
    };
    let mut q = vec![
        format!("from={}", day(goal.starts_at)),
        format!("to={}", day(goal.ends_at - 1)),
    ];
    q.extend(goal.profile_ids.iter().map(|p| format!("profile={p}")));
    q.extend(
        goal.tags
            .iter()
            .map(|t| format!("tag={}", crate::auth::urlencode(t))),
    );
    let report = if sangam_domain::goals::from_inbox(&goal.metric_id) {
        "inbox"
    } else {
        "profiles"
    };
    let end_day = (goal.ends_at - goal.starts_at) as f64 / (24.0 * 3600.0 * 1000.0);
    let names: Vec<String> = sangam_store::profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .into_iter()
        .filter(|p| goal.profile_ids.contains(&p.id))
        .map(|p| p.display_name)
        .collect();
    let mut scope = if goal.profile_ids.is_empty() {
        page.t.t("goal-scope-all")
    } else {
        names.join(", ")
    };
    if !goal.tags.is_empty() {
        scope = format!(
            "{scope} · {}: {}",
            page.t.t("report-col-tags"),
            goal.tags.join(", ")
        );
    }
    Ok(GoalPage {
        chart: crate::ui::svg::trend(
            &Fmt::new(&page.t),
            &crate::ui::svg::Trend {
                points: &points,
                starts_at: goal.starts_at,
                end_day,
                baseline: goal.baseline,
                target: goal.target,
                forecast: status.forecast.as_ref(),
                unit: goal_actions::goal_unit(&goal.metric_id),
                metric: &page.t.t(&format!("glossary-{}-name", goal.metric_id)),
            },
        ),
        report_link: format!("/reports/{report}?{}", q.join("&")),
        scope,
        g: view(&page, goal, &status),
        page,
    })
}

/// The dashboard's list: active goals with their progress.
pub async fn active_for_dashboard(state: &AppState, user: &User, page: &Chrome) -> Vec<GoalView> {
    let now = sangam_domain::now_millis();
    let Ok(active) = goals::active(&state.db, user.workspace_id, now).await else {
        return vec![];
    };
    let hours = hours(state, user).await;
    let mut out = vec![];
    for goal in active {
        if let Ok((status, _)) = goal_actions::status(state, &goal, &hours).await {
            out.push(view(page, goal, &status));
        }
    }
    out
}
