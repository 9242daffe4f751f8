//! `GET /l/{code}`: Sangam's short links. The answer is a 302 to the destination stored with the code and to nothing
//! else (no part of the request goes into the address); an unknown code is a 404. A person's click is counted on
//! the way (see [`super::tracker`]) and its click id added to the destination as `sg_click`, for the first-party
//! snippet; bots, link previewers and HEAD requests are sent on without being counted.

use crate::AppState;
use crate::auth::ClientIp;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sangam_domain::now_millis;
use sangam_domain::roi::{is_code, is_person, with_click_id};

pub async fn follow(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let unknown = || AppError::NotFound("The link".into());
    if !is_code(&code) {
        return Err(unknown());
    }
    let link = state
        .links
        .link(&state.db, &code)
        .await?
        .ok_or_else(unknown)?;
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let destination = if is_person(method == Method::HEAD, agent) {
        let address = ip.map(|a| a.to_string()).unwrap_or_default();
        let token = state
            .links
            .count(
                &state.db,
                &link,
                &address,
                agent.unwrap_or(""),
                now_millis(),
            )
            .await?;
        with_click_id(&link.destination, &token)
    } else {
        link.destination.clone()
    };
    let location = HeaderValue::from_str(&destination)
        .map_err(|_| AppError::Internal("a stored destination is not a valid header".into()))?;
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response())
}
