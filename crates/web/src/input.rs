//! Every request's text is checked before any handler runs: the path, the query string, form bodies, JSON bodies and
//! the text fields of multipart bodies. A field holding U+0000 (which PostgreSQL cannot store, and which no person
//! types) or longer than [`max_chars::ANY`] is refused with a 422 and a stable code naming the field, on both
//! databases alike, signed in or not. Handlers then apply each field's own, tighter limit from
//! `sangam_domain::text_limits`.
//!
//! Errors that axum's extractors answer by themselves (a path segment that is not a number, a missing content type,
//! a body over the size limit) come back as plain text; [`json_errors`] gives them our `{"error", "message"}` shape so
//! that every error a client can meet has a stable code.

use crate::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sangam_domain::text_limits::{date_in_range, max_chars, time_in_range, within};
use sangam_domain::untrusted::first_unstorable;
use sangam_domain::{ErrorCode, Millis};

/// Why a request's text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The field (by name or JSON path) holds U+0000.
    Nul(String),
    /// The field is longer than any field Sangam has.
    TooLong(String),
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Nul(field) => {
                AppError::refuse(ErrorCode::TextContainsNul).with("field", format!("{field:?}"))
            }
            Refusal::TooLong(field) => AppError::refuse(ErrorCode::TextTooLong)
                .with("field", format!("{field:?}"))
                .with("max", max_chars::ANY),
        }
    }
}

/// A time a request names (a schedule, a range's bound), checked against the stated range
/// (`text_limits::EARLIEST_TIME..=LATEST_TIME`, 2000-01-01 to 2099-12-31 UTC).
pub fn check_time(field: &str, at: Millis) -> Result<Millis, AppError> {
    if time_in_range(at) {
        Ok(at)
    } else {
        Err(AppError::refuse(ErrorCode::TimeOutOfRange).with("field", field))
    }
}

/// A date a request names (a report's period, a goal's), checked against the stated range.
pub fn check_date(field: &str, date: jiff::civil::Date) -> Result<jiff::civil::Date, AppError> {
    if date_in_range(date) {
        Ok(date)
    } else {
        Err(AppError::refuse(ErrorCode::DateOutOfRange).with("field", field))
    }
}

/// A text field against its own limit from `text_limits::max_chars`; the code's sentence names the field.
pub fn check_length(code: ErrorCode, text: &str, max: usize) -> Result<(), AppError> {
    if within(text, max) {
        Ok(())
    } else {
        Err(AppError::refuse(code).with("max", max))
    }
}

/// Fields that carry a whole sheet of rows (bulk scheduling, conversions): their handlers hold them to the sheet's own
/// size limit and say so with their own code, so the one-field limit does not apply; the body limit still does.
const SHEET_FIELDS: &[&str] = &["csv"];

/// Checks one field's value.
pub fn check_text(field: &str, value: &str) -> Result<(), Refusal> {
    if first_unstorable(field).is_some() || first_unstorable(value).is_some() {
        return Err(Refusal::Nul(field.replace('\0', "")));
    }
    if !SHEET_FIELDS.contains(&field) && !within(value, max_chars::ANY) {
        return Err(Refusal::TooLong(field.to_string()));
    }
    Ok(())
}

/// Checks every pair of an `application/x-www-form-urlencoded` text (a query string or a form body).
pub fn check_urlencoded(text: &[u8]) -> Result<(), Refusal> {
    for (key, value) in form_urlencoded::parse(text) {
        check_text(&key, &value)?;
    }
    Ok(())
}

/// Checks every string (keys included) of a JSON document, naming the first offending one by its path.
pub fn check_json(value: &serde_json::Value) -> Result<(), Refusal> {
    fn walk(value: &serde_json::Value, path: &mut String) -> Result<(), Refusal> {
        match value {
            serde_json::Value::String(s) => {
                check_text(if path.is_empty() { "body" } else { path }, s)
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    check_text(path, "")?;
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(value, &mut String::new())
}

fn media_type(request: &Request) -> String {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// The middleware: refuses a request whose path, query or body text cannot be stored, before any handler runs.
pub async fn check_request(request: Request, next: Next) -> Response {
    match checked(request).await {
        Ok(request) => next.run(request).await,
        Err(e) => e,
    }
}

async fn checked(request: Request) -> Result<Request, Response> {
    let refuse = |r: Refusal| AppError::from(r).into_response();
    // A URI cannot hold a raw NUL byte, only its escape.
    if request.uri().path().contains("%00") {
        return Err(refuse(Refusal::Nul("path".into())));
    }
    if let Some(query) = request.uri().query() {
        check_urlencoded(query.as_bytes()).map_err(refuse)?;
    }
    let media = media_type(&request);
    let inspected = media == "application/x-www-form-urlencoded"
        || media == "multipart/form-data"
        || is_json(&media);
    if !inspected {
        return Ok(request);
    }
    let (parts, body) = request.into_parts();
    // The body size limit wraps this layer, so reading here cannot take more than it allows.
    let bytes: Bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| body_too_large())?;
    if media == "application/x-www-form-urlencoded" {
        if bytes.contains(&0) {
            return Err(refuse(Refusal::Nul("body".into())));
        }
        check_urlencoded(&bytes).map_err(refuse)?;
    } else if is_json(&media) {
        // Malformed JSON (lone surrogates such as "\ud800" included) is left to the handler, which answers
        // `invalid_json` with the reader's sentence.
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            check_json(&value).map_err(refuse)?;
        }
    } else {
        let copy = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        check_multipart(copy).await.map_err(refuse)?;
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The text fields of a multipart body (files are bytes, not text, and are left to their handler).
async fn check_multipart(request: Request) -> Result<(), Refusal> {
    // A body that is not valid multipart is left to the handler, which says so.
    let Ok(mut multipart) = Multipart::from_request(request, &()).await else {
        return Ok(());
    };
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.file_name().is_some() {
            continue;
        }
        let name = field.name().unwrap_or("field").to_string();
        let Ok(text) = field.text().await else {
            continue;
        };
        check_text(&name, &text)?;
    }
    Ok(())
}

fn body_too_large() -> Response {
    AppError::refuse(ErrorCode::BodyTooLarge)
        .with("limit", crate::routes::MAX_BODY_BYTES)
        .into_response()
}

/// Gives the plain-text errors of axum's own extractors and layers our JSON error shape and a stable code. Answers
/// that already carry a body type of ours (JSON, HTML) pass untouched.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let page = crate::ui::wants_page(request.uri(), request.headers());
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let plain = match response.headers().get(CONTENT_TYPE) {
        None => true,
        Some(v) => v.to_str().is_ok_and(|v| v.starts_with("text/plain")),
    };
    if !plain {
        return response;
    }
    if page {
        // A browser gets a page in its language, never a JSON blob (a mistyped address, a form it could not send).
        let detail = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .unwrap_or_default();
        // A server error's text is for the log, not the page.
        let code = if status.is_server_error() {
            ErrorCode::InternalError
        } else {
            ErrorCode::InvalidRequest
        };
        return crate::ui::standalone_error(&headers, status, code, |t| {
            if status.is_server_error() {
                t.t("error-internal_error")
            } else if detail.is_empty() {
                t.t("error-title")
            } else {
                detail
            }
        });
    }
    let error = match status {
        StatusCode::PAYLOAD_TOO_LARGE => return body_too_large(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::refuse(ErrorCode::UnsupportedMediaType),
        StatusCode::METHOD_NOT_ALLOWED => AppError::refuse(ErrorCode::MethodNotAllowed),
        StatusCode::INTERNAL_SERVER_ERROR => AppError::Internal(String::new()),
        s if s.is_client_error() => {
            let detail = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .map(|b| String::from_utf8_lossy(&b).trim().to_string())
                .unwrap_or_default();
            let error = if detail.is_empty() {
                AppError::refuse(ErrorCode::InvalidRequest)
            } else {
                AppError::refuse(ErrorCode::InvalidRequest)
                    .with("case", "detail")
                    .with("detail", detail)
            };
            // A path segment or query that is not of its type is a malformed value: 422, like every other
            // field that is not what the route expects.
            let status = if s == StatusCode::BAD_REQUEST {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                s
            };
            return error.answer(status);
        }
        _ => return response,
    };
    error.answer(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_anywhere_in_a_form_or_query_is_found() {
        assert!(check_urlencoded(b"email=a%00@x.test&password=x").is_err());
        assert!(check_urlencoded(b"a%00=1").is_err());
        assert_eq!(
            check_urlencoded(b"tag=%E0%A4%A8+x&q=%D7%A9%E2%80%8F"),
            Ok(())
        );
    }

    #[test]
    fn a_nul_in_any_json_string_is_named_by_its_path() {
        let v = serde_json::json!({"rule": {"actions": [{"then": "tag", "tag": "x\u{0}"}]}});
        assert_eq!(
            check_json(&v),
            Err(Refusal::Nul("rule.actions[0].tag".into()))
        );
        let ok = serde_json::json!({"text": "नमस्ते \u{200f}\u{200d} שלום", "n": 3});
        assert_eq!(check_json(&ok), Ok(()));
    }

    #[test]
    fn a_field_longer_than_any_field_is_refused() {
        let long = "x".repeat(max_chars::ANY + 1);
        assert_eq!(
            check_text("reason", &long),
            Err(Refusal::TooLong("reason".into()))
        );
    }
}
