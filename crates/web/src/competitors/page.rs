//! The competitors page: the watchlist with each account's latest counts and how its last read went, the form that
//! adds one by its handle (with the network's answer in words when there is no such account), and the report page.

use super::api::Watched;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::reports::ReportKind;
use crate::reports::page::ReportPage;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::{NetworkKind, Permission};
use sangam_store::competitors as store;
use sangam_store::users::User;
use serde::Deserialize;

pub struct Row {
    pub id: i64,
    pub name: String,
    pub handle: String,
    pub url: String,
    pub network: String,
    pub followers: String,
    pub posts: i64,
    pub read: String,
    pub status: String,
    pub failed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/competitors.html")]
pub struct CompetitorsPage {
    pub page: Chrome,
    pub intro: String,
    pub hint: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub rows: Vec<Row>,
    /// `(value, name)` of each network that can be read.
    pub networks: Vec<(&'static str, String)>,
    pub network: String,
    pub handle: String,
    pub can_manage: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct Shown {
    added: Option<i64>,
    removed: Option<i64>,
}

struct Typed {
    network: String,
    handle: String,
}

async fn render(
    state: &AppState,
    user: &User,
    notice: Option<String>,
    error: Option<String>,
    typed: Typed,
) -> Result<CompetitorsPage, PageError> {
    let page = Chrome::new(user, "competitors", "competitors-title");
    let t = &page.t;
    let mut rows = Vec::new();
    for w in super::api::watched(state, user.workspace_id)
        .await
        .for_user(user)?
    {
        rows.push(row(t, w));
    }
    let networks = state
        .public
        .kinds()
        .into_iter()
        .map(|k| (k.as_str(), crate::reports::network_name(t, k.as_str())))
        .collect();
    let minutes = sangam_engine::competitors::DEFAULT_EVERY_MS / 60_000;
    Ok(CompetitorsPage {
        intro: t.t1("competitors-intro", "minutes", minutes),
        hint: t.t1(
            "competitors-handle-hint",
            "examples",
            sangam_networks::sandbox::competitor_handles().join(", "),
        ),
        can_manage: user.role.can(Permission::ManageCompetitors),
        notice,
        error,
        rows,
        networks,
        network: typed.network,
        handle: typed.handle,
        page,
    })
}

fn row(t: &crate::i18n::Tr, w: Watched) -> Row {
    let c = w.competitor;
    let status = match (&c.last_error, c.backfilled_at) {
        (Some(e), _) => t.t1("competitors-failed", "error", e),
        (None, None) => t.t("competitors-backfilling"),
        (None, Some(_)) => t.t("competitors-ok"),
    };
    Row {
        id: c.id,
        followers: w
            .latest
            .map(|s| {
                sangam_domain::metrics::NumberStyle::for_language(t.lang()).integer(s.followers)
            })
            .unwrap_or_else(|| t.t("competitors-never")),
        posts: w.posts_stored,
        read: c
            .refreshed_at
            .map(|at| t.time(at))
            .unwrap_or_else(|| t.t("competitors-never")),
        failed: c.last_error.is_some(),
        status,
        network: crate::reports::network_name(t, c.network.as_str()),
        name: c.display_name,
        handle: c.handle,
        url: c.url,
    }
}

fn no_typing() -> Typed {
    Typed {
        network: NetworkKind::Bluesky.as_str().into(),
        handle: String::new(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(shown): Query<Shown>,
) -> Result<CompetitorsPage, PageError> {
    let t = crate::i18n::Tr::new(&user.language, &user.time_zone);
    let (db, ws) = (&state.db, user.workspace_id);
    let name = |id: Option<i64>| async move {
        match id {
            Some(id) => store::get(db, ws, id).await.ok().map(|c| c.display_name),
            None => None,
        }
    };
    let notice = match (name(shown.added).await, name(shown.removed).await) {
        (Some(n), _) => Some(t.t1("competitors-added", "name", n)),
        (None, Some(n)) => Some(t.t1("competitors-removed", "name", n)),
        (None, None) => None,
    };
    render(&state, &user, notice, None, no_typing()).await
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    network: String,
    #[serde(default)]
    handle: String,
}

pub async fn add(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<AddForm>,
) -> Result<Response, PageError> {
    match super::add(&state, &user, &form.network, &form.handle).await {
        Ok(c) => Ok(Redirect::to(&format!("/competitors?added={}", c.id)).into_response()),
        Err(e) => {
            let (status, message) = crate::conversions::said_on_page(e, &user)?;
            let typed = Typed {
                network: form.network,
                handle: form.handle,
            };
            Ok((
                status,
                render(&state, &user, None, Some(message), typed).await?,
            )
                .into_response())
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let c = super::remove(&state, &user, id).await.for_user(&user)?;
    Ok(Redirect::to(&format!("/competitors?removed={}", c.id)).into_response())
}

/// `GET /reports/competitors`: the report among the others.
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<ReportPage, PageError> {
    crate::reports::page::page(&state, user, ReportKind::Competitors, pairs, None).await
}
