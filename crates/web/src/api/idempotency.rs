//! `Idempotency-Key` on creating API requests: a client that lost an answer (a timeout, a killed connection) sends
//! the same request again with the same key and gets the first answer back, status and body, instead of a second
//! post, reply or check-in. One middleware ([`remember`]) guards every `POST` under `/api/v1` (see [`guards`]); the
//! OpenAPI description gets the header and the answers from [`Documented`].
//!
//! Keys are remembered per (workspace, person, key) for at least 24 hours (`sangam_store::idempotency::KEEP_MS`; the
//! sweeper removes older ones). The same key with a different request (method, path or body) answers 422
//! `idempotency_key_reused`; a retry while the first request is still being answered answers 409
//! `idempotency_request_in_progress`. An answer from our side of things going wrong (5xx) is not kept, so the retry
//! runs again. Requests without the header behave as before. What is kept cannot be read from a copied database:
//! the request as a keyed fingerprint (`SecretBox::fingerprint`), the answer sealed with the secret key.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sangam_domain::{ErrorCode, now_millis};
use sangam_store::idempotency::{self, Claim, Scope, StoredAnswer};
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// Set on an answer that is a replay of the first one.
pub const REPLAYED: &str = "idempotent-replayed";
pub const MAX_KEY_LEN: usize = 255;

/// Posts under these paths are not guarded: a media upload is multipart, whose boundary a client draws afresh on each
/// attempt, so a retry could never match; and an upload repeated only leaves an unattached file.
const UNGUARDED: &[&str] = &["/api/v1/media"];

/// Whether the route `path` (the route table's pattern) takes an `Idempotency-Key`.
pub fn guards(method: &Method, path: &str) -> bool {
    *method == Method::POST && path.starts_with("/api/v1/") && !UNGUARDED.contains(&path)
}

fn valid_key(key: &str) -> bool {
    (1..=MAX_KEY_LEN).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The middleware, layered inside the permission check (it needs the person).
pub async fn remember(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(raw) = request.headers().get(HEADER) else {
        return next.run(request).await;
    };
    let key = match raw.to_str() {
        Ok(key) if valid_key(key) => key.to_string(),
        _ => {
            return AppError::refuse(ErrorCode::IdempotencyKeyInvalid)
                .with("max", MAX_KEY_LEN)
                .into_response();
        }
    };
    let Some(CurrentUser(user)) = request.extensions().get::<CurrentUser>().cloned() else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, crate::routes::MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return AppError::refuse(ErrorCode::RequestTooLarge).into_response();
        }
    };
    // Keyed, so a body holding a password or an app password cannot be guessed back from a copied database.
    let mut request = parts.method.as_str().as_bytes().to_vec();
    request.push(b'\n');
    request.extend_from_slice(
        parts
            .uri
            .path_and_query()
            .map_or("", |p| p.as_str())
            .as_bytes(),
    );
    request.push(b'\n');
    request.extend_from_slice(&bytes);
    let hash = state.secrets.fingerprint(&request);
    let scope = Scope {
        workspace_id: user.workspace_id,
        user_id: user.id,
        key: &key,
    };
    let claim = match idempotency::claim(&state.db, scope, &hash, now_millis()).await {
        Ok(claim) => claim,
        Err(e) => return AppError::from(e).into_response(),
    };
    match claim {
        Claim::Fresh => {}
        Claim::Replay(answer) => return replay(&state, answer),
        Claim::Mismatch => {
            return AppError::refuse(ErrorCode::IdempotencyKeyReused).into_response();
        }
        Claim::InFlight => {
            return AppError::refuse(ErrorCode::IdempotencyRequestInProgress).into_response();
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (mut head, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => {
            let _ = idempotency::release(&state.db, scope).await;
            return AppError::Internal(format!("reading an answer to keep: {e}")).into_response();
        }
    };
    let kept = if head.status.is_server_error() {
        idempotency::release(&state.db, scope).await
    } else {
        let answer = StoredAnswer {
            status: head.status.as_u16(),
            content_type: head
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            // Sealed: an answer may hold a secret shown once (a new API token, an invitation link).
            body: state.secrets.seal_bytes(&body).into_bytes(),
        };
        idempotency::finish(&state.db, scope, &answer).await
    };
    if let Err(e) = kept {
        // The request was carried out; only its memory failed. Say so in the log and answer as usual.
        tracing::warn!(error = %e, "an idempotency answer could not be kept");
    }
    head.headers.remove(REPLAYED);
    Response::from_parts(head, Body::from(body))
}

fn replay(state: &AppState, answer: StoredAnswer) -> Response {
    let opened = String::from_utf8(answer.body)
        .ok()
        .and_then(|sealed| state.secrets.open_bytes(&sealed).ok());
    let Some(body) = opened else {
        return AppError::Internal("a kept idempotent answer could not be opened".into())
            .into_response();
    };
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.remove(CONTENT_TYPE);
    if let Some(value) = answer
        .content_type
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        headers.insert(CONTENT_TYPE, value);
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// Adds the `Idempotency-Key` header and its 409 and 422 answers to every guarded operation of the OpenAPI document.
pub struct Documented;

impl utoipa::Modify for Documented {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !guards(&Method::POST, path) {
                continue;
            }
            let Some(operation) = item.post.as_mut() else {
                continue;
            };
            let header = ParameterBuilder::new()
                .name("Idempotency-Key")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "Any unique string (a UUID): a repeat of this request with the same key and body within 24 hours \
                     gets the first answer again (marked `Idempotent-Replayed: true`) instead of acting twice.",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(MAX_KEY_LEN))
                        .pattern(Some("^[!-~]+$")),
                ))
                .build();
            let parameters = operation.parameters.get_or_insert_with(Vec::new);
            if !parameters.iter().any(|p| p.name == "Idempotency-Key") {
                parameters.push(header);
            }
            let answers = [
                (
                    "409",
                    "`idempotency_request_in_progress`: the first request with this key is still being answered",
                ),
                (
                    "422",
                    "Invalid input, or `idempotency_key_invalid` / `idempotency_key_reused` (the key came with a \
                     different request)",
                ),
            ];
            for (status, description) in answers {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| {
                        ResponseBuilder::new()
                            .description(description)
                            .content(
                                "application/json",
                                ContentBuilder::new()
                                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                                    .build(),
                            )
                            .build()
                            .into()
                    });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(valid_key("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
        assert!(!valid_key(""));
        assert!(!valid_key("has space"));
        assert!(!valid_key(&"k".repeat(MAX_KEY_LEN + 1)));
    }

    #[test]
    fn every_creating_api_route_is_guarded_but_uploads() {
        assert!(guards(&Method::POST, "/api/v1/posts"));
        assert!(guards(&Method::POST, "/api/v1/inbox/{id}/replies"));
        assert!(guards(&Method::POST, "/api/v1/care/checkin"));
        assert!(!guards(&Method::POST, "/api/v1/media"));
        assert!(!guards(&Method::GET, "/api/v1/posts"));
        assert!(!guards(&Method::POST, "/login"));
    }
}
