//! Competitors: the watchlist (add an account by its handle, stop watching it), read from the networks' public side
//! without credentials, and the competitor report beside our own profiles (`/reports/competitors`, with the other
//! reports' CSV, printable page and share links).

pub mod api;
pub mod page;
pub mod report;

use crate::AppState;
use crate::error::AppError;
use crate::routes::{Entry, delete, get, post};
use sangam_domain::{ErrorCode, NetworkKind, now_millis};
use sangam_store::competitors::{self as store, Competitor, NewCompetitor};
use sangam_store::users::User;

/// This feature's rows of the route table: path, method and the permission each needs.
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/competitors", Some(ViewReports), page::show),
        post("/competitors", Some(ManageCompetitors), page::add),
        post(
            "/competitors/{id}/remove",
            Some(ManageCompetitors),
            page::remove,
        ),
        get("/reports/competitors", Some(ViewReports), page::report),
        get("/api/v1/competitors", Some(ViewReports), api::list),
        post("/api/v1/competitors", Some(ManageCompetitors), api::create),
        delete(
            "/api/v1/competitors/{id}",
            Some(ManageCompetitors),
            api::remove,
        ),
        get(
            "/api/v1/reports/competitors",
            Some(ViewReports),
            api::report,
        ),
    ]
}

/// Looks the typed account up on its network and starts watching it: the account as the network names it, a first
/// snapshot of its counts, and a job that reads its recent posts back at once.
pub(crate) async fn add(
    state: &AppState,
    user: &User,
    network: &str,
    handle: &str,
) -> Result<Competitor, AppError> {
    let unsupported = || AppError::refuse(ErrorCode::CompetitorNetworkUnsupported);
    let network = NetworkKind::parse(network.trim()).ok_or_else(unsupported)?;
    let reader = state.public.get(network).ok_or_else(unsupported)?;
    let typed = handle.trim();
    if typed.is_empty() {
        return Err(AppError::refuse(ErrorCode::CompetitorHandleEmpty));
    }
    let account = match reader.lookup(typed).await {
        Ok(Some(account)) => account,
        Ok(None) => {
            return Err(AppError::refuse(ErrorCode::CompetitorNotFound)
                .with("network", network.display_name())
                .with("handle", typed.chars().take(200).collect::<String>()));
        }
        Err(e) => {
            return Err(AppError::refuse(ErrorCode::CompetitorUnreachable)
                .with("network", network.display_name())
                .with(
                    "detail",
                    e.to_string().chars().take(300).collect::<String>(),
                ));
        }
    };
    let now = now_millis();
    let competitor = store::add(
        &state.db,
        NewCompetitor {
            workspace_id: user.workspace_id,
            network,
            handle: &account.handle,
            remote_id: &account.remote_id,
            display_name: &account.display_name,
            url: &account.url,
            added_by: Some(user.id),
        },
        now,
    )
    .await?;
    if let Err(e) =
        sangam_engine::competitors::snapshot(&state.db, competitor.id, &account, now).await
    {
        tracing::warn!(competitor = competitor.id, error = %e, "the first snapshot of a competitor failed");
    }
    let job = sangam_engine::jobs::refresh_competitors_now(now);
    sangam_engine::jobs::enqueue(&state.db, &job, now).await?;
    crate::audit::log(
        state,
        user,
        "competitor_added",
        "competitor",
        Some(competitor.id),
        &competitor.handle,
    )
    .await;
    Ok(competitor)
}

/// Stops watching a competitor; its history stays.
pub(crate) async fn remove(state: &AppState, user: &User, id: i64) -> Result<Competitor, AppError> {
    let competitor = store::get(&state.db, user.workspace_id, id).await?;
    store::remove(&state.db, user.workspace_id, id, now_millis()).await?;
    crate::audit::log(
        state,
        user,
        "competitor_removed",
        "competitor",
        Some(id),
        &competitor.handle,
    )
    .await;
    Ok(competitor)
}
