//! The first-party snippet a brand places on its own site: `<script src="{public_url}/t.js" async></script>`, then
//! `sangam.conversion({value: "49.00", currency: "INR", id: "order-123"})` where the sale happens. The script keeps
//! the click id (`sg_click`, added by the short link's redirect) in the site's own storage and reports the conversion
//! with it to `GET /t/conversion` (an image request, so it needs no cross-site permission). A conversion whose click
//! id Sangam did not hand out is refused; a repeated `id` is ignored.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sangam_domain::{ErrorCode, now_millis};
use sangam_store::conversions::{self, Source};
use sangam_store::links;

/// The script, with Sangam's public address written in.
pub async fn script(State(state): State<AppState>) -> Response {
    let base = serde_json::to_string(state.config.public_url.trim_end_matches('/'))
        .unwrap_or_else(|_| "\"\"".into());
    let body = SCRIPT.replace("\"{BASE}\"", &base);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

const SCRIPT: &str = r#"(function () {
  "use strict";
  var base = "{BASE}";
  var key = "sangam_click";
  var seen = null;
  try { seen = new URLSearchParams(window.location.search).get("sg_click"); } catch (e) {}
  if (seen && /^[0-9a-f]{32}$/.test(seen)) {
    try { window.localStorage.setItem(key, seen); } catch (e) {}
  } else {
    seen = null;
  }
  function click() {
    if (seen) { return seen; }
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  window.sangam = window.sangam || {};
  window.sangam.conversion = function (c) {
    c = c || {};
    var id = click();
    if (!id) { return false; }
    var q = new URLSearchParams();
    q.set("click", id);
    q.set("value", String(c.value == null ? "0" : c.value));
    q.set("currency", String(c.currency || ""));
    q.set("count", String(c.count == null ? 1 : c.count));
    if (c.id) { q.set("id", String(c.id)); }
    new Image().src = base + "/t/conversion?" + q.toString();
    return true;
  };
})();
"#;

/// What the snippet sends.
#[derive(Debug, serde::Deserialize)]
pub struct Reported {
    pub click: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub currency: String,
    pub count: Option<i64>,
    pub id: Option<String>,
}

pub async fn conversion(
    State(state): State<AppState>,
    Query(q): Query<Reported>,
) -> Result<Response, AppError> {
    if q.click.len() != 32 || !q.click.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::refuse(ErrorCode::ClickUnknown));
    }
    let link = links::link_by_click(&state.db, &q.click)
        .await?
        .ok_or_else(|| AppError::refuse(ErrorCode::ClickUnknown))?;
    let checked = crate::conversions::actions::checked(
        now_millis(),
        None,
        Some(link.id),
        Some(q.click.clone()),
        q.count.unwrap_or(1),
        &q.value,
        &q.currency,
        q.id.as_deref(),
    )
    .map_err(|field| AppError::refuse(ErrorCode::ConversionInvalid).with("field", field))?;
    conversions::record(
        &state.db,
        link.workspace_id,
        &[checked],
        Source::Snippet,
        None,
        now_millis(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
