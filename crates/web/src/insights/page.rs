//! The insights page, its forms, and the digest for other departments: printable, and behind a share link.

use super::actions::{self, InsightInput};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use axum_extra::extract::Form;
use sangam_domain::Permission;
use sangam_store::goals::{self, Goal};
use sangam_store::review::{self as store, Insight, SourceKind};
use sangam_store::users::User;
use serde::Deserialize;

/// A card as the pages show it.
pub struct Card {
    pub insight: Insight,
    pub source: String,
    pub goal: String,
    pub published: String,
    pub evidence: Vec<String>,
}

fn card(t: &Tr, insight: Insight) -> Card {
    let goal = match (&insight.goal_objective, insight.business_goal.is_empty()) {
        (Some(g), true) => g.clone(),
        (Some(g), false) => format!("{g} — {}", insight.business_goal),
        (None, _) => insight.business_goal.clone(),
    };
    Card {
        source: t.t(&format!("insights-source-{}", insight.source_kind.as_str())),
        published: insight.published_at.map_or_else(
            || t.t("insights-draft"),
            |at| t.t1("insights-published", "at", t.time(at)),
        ),
        evidence: insight
            .evidence_links()
            .into_iter()
            .map(String::from)
            .collect(),
        goal,
        insight,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/insights.html")]
pub struct InsightsPage {
    pub page: Chrome,
    pub cards: Vec<Card>,
    pub can_make: bool,
    pub can_publish: bool,
    pub goals: Vec<Goal>,
    pub share_link: Option<String>,
    pub share_expires: String,
}

async fn render(
    state: &AppState,
    user: &User,
    share: Option<(String, i64)>,
) -> Result<InsightsPage, PageError> {
    let page = Chrome::new(user, "insights", "insights-title");
    let can_make = user.role.can(Permission::ShareReports);
    let cards = store::insights(&state.db, user.workspace_id, !can_make)
        .await
        .for_user(user)?
        .into_iter()
        .map(|i| card(&page.t, i))
        .collect();
    let goals = goals::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let share_expires = share
        .as_ref()
        .map(|(_, at)| page.t.time(*at))
        .unwrap_or_default();
    Ok(InsightsPage {
        cards,
        can_make,
        can_publish: user.role.can(Permission::ManageGoals),
        goals,
        share_link: share.map(|(l, _)| l),
        share_expires,
        page,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<InsightsPage, PageError> {
    render(&state, &user, None).await
}

#[derive(Deserialize)]
pub struct InsightForm {
    pub sentence: String,
    pub source_kind: String,
    #[serde(default)]
    pub source_label: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub goal_id: String,
    #[serde(default)]
    pub business_goal: String,
    #[serde(default)]
    pub review_id: String,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<InsightForm>,
) -> Result<Redirect, PageError> {
    let input = InsightInput {
        sentence: form.sentence,
        source_kind: SourceKind::parse(&form.source_kind).unwrap_or(SourceKind::Figure),
        source_label: form.source_label,
        evidence: vec![form.evidence],
        goal_id: form.goal_id.trim().parse().ok(),
        business_goal: form.business_goal,
        review_id: form.review_id.trim().parse().ok(),
    };
    let insight = actions::create(&state, &user, input)
        .await
        .for_user(&user)?;
    Ok(Redirect::to(&format!("/insights#insight-{}", insight.id)))
}

pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    actions::publish(&state, &user, id).await.for_user(&user)?;
    Ok(Redirect::to(&format!("/insights#insight-{id}")))
}

pub async fn share(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<InsightsPage, PageError> {
    let link = actions::share(&state, &user, crate::reports::SHARE_DAYS)
        .await
        .for_user(&user)?;
    render(&state, &user, Some(link)).await
}

/// The digest of published insights: the printable page and the page behind a share link. No script, no links that
/// would ask a visitor to sign in.
#[derive(Template, WebTemplate)]
#[template(path = "pages/insights_digest.html")]
pub struct DigestPage {
    pub t: Tr,
    pub workspace: String,
    pub cards: Vec<Card>,
    pub shared: bool,
}

async fn digest(state: &AppState, owner: &User, shared: bool) -> Result<DigestPage, AppError> {
    let t = Tr::new(&owner.language, &owner.time_zone);
    let workspace = sangam_store::workspaces::get(&state.db, owner.workspace_id)
        .await?
        .name;
    let cards = store::insights(&state.db, owner.workspace_id, true)
        .await?
        .into_iter()
        .map(|i| card(&t, i))
        .collect();
    Ok(DigestPage {
        t,
        workspace,
        cards,
        shared,
    })
}

pub async fn print(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<DigestPage, PageError> {
    digest(&state, &user, false).await.for_user(&user)
}

pub async fn shared(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<DigestPage, AppError> {
    let owner = actions::open_share(&state, &token).await?;
    digest(&state, &owner, true).await
}
