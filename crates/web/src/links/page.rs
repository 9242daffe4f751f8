//! The tracked-links page: the UTM parameters the composer adds per network, and the workspace's short links of the
//! last 90 days with their clicks and unique visitors (formulas in `sangam_domain::roi`).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::roi::{Click, clicks, unique_visitors};
use sangam_domain::{ErrorCode, Millis, NetworkKind, Permission, now_millis};
use sangam_store::links::{self, UtmPreset};
use sangam_store::users::User;

const RECENT_MS: Millis = 90 * 86_400_000;

pub struct LinkLine {
    pub code: String,
    pub short: String,
    pub destination: String,
    pub post_id: Option<i64>,
    pub network: String,
    pub campaign: String,
    pub clicks: i64,
    pub visitors: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/links.html")]
pub struct LinksPage {
    pub page: Chrome,
    pub error: Option<String>,
    pub presets: Vec<(UtmPreset, String)>,
    pub links: Vec<LinkLine>,
    pub can_manage: bool,
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
) -> Result<LinksPage, PageError> {
    let page = Chrome::new(user, "links", "links-title");
    let now = now_millis();
    let rows = links::clicks(&state.db, user.workspace_id, now - RECENT_MS, now + 1, None)
        .await
        .for_user(user)?;
    let mut lines: Vec<LinkLine> = vec![];
    for link in links::recent(&state.db, user.workspace_id, now - RECENT_MS)
        .await
        .for_user(user)?
    {
        let of: Vec<Click<'_>> = rows
            .iter()
            .filter(|r| r.link_id == link.id)
            .map(|r| Click {
                salt_day: &r.salt_day,
                visitor: &r.visitor,
            })
            .collect();
        lines.push(LinkLine {
            short: state.config.absolute(&format!("/l/{}", link.code)),
            clicks: clicks(&of),
            visitors: unique_visitors(&of),
            code: link.code,
            destination: link.destination,
            post_id: link.post_id,
            network: link
                .network
                .as_deref()
                .map(|n| crate::reports::network_name(&page.t, n))
                .unwrap_or_default(),
            campaign: link.campaign,
        });
    }
    let presets = links::presets(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .map(|p| {
            let name = crate::reports::network_name(&page.t, &p.network);
            (p, name)
        })
        .collect();
    Ok(LinksPage {
        can_manage: user.role.can(Permission::ManageTracking),
        error,
        presets,
        links: lines,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<LinksPage, PageError> {
    render(&state, &user, None).await
}

/// A source or medium: 1 to 60 characters of letters, digits, `-`, `_` and `.`.
pub fn check_word(text: &str) -> Result<String, AppError> {
    let t = text.trim().to_string();
    if t.is_empty()
        || t.chars().count() > 60
        || !t
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(AppError::refuse(ErrorCode::UtmPresetInvalid).with("value", t));
    }
    Ok(t)
}

/// Saves the presets of every network named in `pairs` (`source_<network>`, `medium_<network>`).
pub async fn save_pairs(
    state: &AppState,
    user: &User,
    presets: &[(NetworkKind, String, String)],
) -> Result<(), AppError> {
    let mut checked = vec![];
    for (network, source, medium) in presets {
        checked.push((*network, check_word(source)?, check_word(medium)?));
    }
    for (network, source, medium) in checked {
        links::save_preset(
            &state.db,
            user.workspace_id,
            network,
            &source,
            &medium,
            now_millis(),
        )
        .await?;
    }
    crate::audit::log(state, user, "utm_presets_saved", "workspace", None, "").await;
    Ok(())
}

pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |k: String| {
        pairs
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
    };
    let presets: Vec<(NetworkKind, String, String)> = NetworkKind::ALL
        .iter()
        .filter_map(|n| {
            Some((
                *n,
                get(format!("source_{}", n.as_str()))?,
                get(format!("medium_{}", n.as_str()))?,
            ))
        })
        .collect();
    match save_pairs(&state, &user, &presets).await {
        Ok(()) => Ok(Redirect::to("/links").into_response()),
        Err(e) => {
            let (status, message) = crate::conversions::said_on_page(e, &user)?;
            Ok((status, render(&state, &user, Some(message)).await?).into_response())
        }
    }
}
