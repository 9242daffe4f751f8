//! Care pages: "My week" for everyone (their own figures, trend and check-ins) and the team page for managers (the
//! team's week, check-ins only as aggregates). Every figure shows its formula.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::care::actions::{self as care, MyWeek, TeamWeek};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::reports::Fmt;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::care::{FIGURES, MINUTE};
use sangam_store::notifications::{self, Notification};

/// A figure's name and its formula, in the reader's language.
pub struct FormulaLine {
    pub id: &'static str,
    pub name: String,
    pub formula: String,
}

fn formulas(page: &Chrome) -> Vec<FormulaLine> {
    FIGURES
        .iter()
        .map(|id| FormulaLine {
            id,
            name: page.t.t(&format!("care-figure-{id}")),
            formula: page.t.t(&format!("care-formula-{id}")),
        })
        .collect()
}

/// Shared by both pages' templates: durations and averages written in the reader's language.
pub trait Durations {
    fn tr(&self) -> &Tr;
    fn dur(&self, minutes: &i64) -> String {
        Fmt::new(self.tr()).duration(minutes * MINUTE)
    }
    fn wait(&self, ms: &i64) -> String {
        Fmt::new(self.tr()).duration(*ms)
    }
    fn one_decimal(&self, v: &f64) -> String {
        Fmt::new(self.tr()).style.decimal(*v, 1)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/my_week.html")]
pub struct MyWeekPage {
    pub page: Chrome,
    pub week: MyWeek,
    pub formulas: Vec<FormulaLine>,
    pub saved: bool,
    pub error: Option<String>,
}

impl Durations for MyWeekPage {
    fn tr(&self) -> &Tr {
        &self.page.t
    }
}

#[derive(serde::Deserialize, Default)]
pub struct MyWeekQuery {
    #[serde(default)]
    pub saved: Option<u8>,
}

pub async fn my_week(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<MyWeekQuery>,
) -> Result<MyWeekPage, PageError> {
    render_my_week(&state, &user, q.saved.is_some(), None).await
}

async fn render_my_week(
    state: &AppState,
    user: &sangam_store::users::User,
    saved: bool,
    error: Option<String>,
) -> Result<MyWeekPage, PageError> {
    let page = Chrome::new(user, "my-week", "care-my-week-title");
    let week = care::my_week(state, user).await.for_user(user)?;
    Ok(MyWeekPage {
        formulas: formulas(&page),
        page,
        week,
        saved,
        error,
    })
}

#[derive(serde::Deserialize)]
pub struct CheckinForm {
    pub energy: i64,
    pub workload: i64,
    #[serde(default)]
    pub note: String,
}

pub async fn check_in(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<CheckinForm>,
) -> Result<Response, PageError> {
    match care::check_in(&state, &user, form.energy, form.workload, &form.note).await {
        Ok(()) => Ok(Redirect::to("/care/me?saved=1").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            Ok((
                status,
                render_my_week(&state, &user, false, Some(e.message_for(&user))).await?,
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
#[template(path = "pages/care_team.html")]
pub struct TeamPage {
    pub page: Chrome,
    pub team: TeamWeek,
    pub alerts: Vec<Notification>,
    pub formulas: Vec<FormulaLine>,
}

impl Durations for TeamPage {
    fn tr(&self) -> &Tr {
        &self.page.t
    }
}

pub async fn team(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<TeamPage, PageError> {
    let page = Chrome::new(&user, "care-team", "care-team-title");
    let team = care::team_week(&state, &user).await.for_user(&user)?;
    let alerts = notifications::recent(&state.db, user.id, 50)
        .await
        .for_user(&user)?
        .into_iter()
        .filter(|n| n.kind == "care_alert")
        .collect();
    Ok(TeamPage {
        formulas: formulas(&page),
        page,
        team,
        alerts,
    })
}

#[derive(serde::Deserialize)]
pub struct Heartbeat {
    pub kind: String,
}

/// `POST /activity/heartbeat` from `focus.js`: the last 15 s were focused.
pub async fn heartbeat(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(beat): Form<Heartbeat>,
) -> Response {
    match care::heartbeat(&state, &user, &beat.kind).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}
