//! The sandbox network's public post pages: what the simulated network shows the public for a post it holds, read
//! from the sandbox's own ledger (not from Sangam's database), so a team practising can see exactly what arrived.
//! Public like a real network's post page; everything on it came from a post and is escaped.

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use sangam_networks::sandbox::SandboxPost;

#[derive(Template, WebTemplate)]
#[template(path = "pages/sandbox_post.html")]
pub struct SandboxPostPage {
    pub t: Tr,
    pub post: SandboxPost,
}

impl SandboxPostPage {
    pub fn size(&self, bytes: &i64) -> String {
        sangam_domain::post::human_bytes(usize::try_from(*bytes).unwrap_or(0))
    }

    pub fn language_name(&self, code: &str) -> String {
        crate::posts::page::language_name(code)
    }
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((handle, remote_id)): Path<(String, String)>,
) -> Result<SandboxPostPage, AppError> {
    let missing = || AppError::NotFound("The sandbox post".into());
    let (Some(sandbox), Some(handle)) = (&state.sandbox, handle.strip_prefix('@')) else {
        return Err(missing());
    };
    let post = sandbox
        .public_post(handle, &remote_id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .ok_or_else(missing)?;
    Ok(SandboxPostPage {
        t: Tr::new(crate::i18n::from_accept_language(&headers), "UTC"),
        post,
    })
}
