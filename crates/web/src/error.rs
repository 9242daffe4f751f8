//! Errors a person or an API client can meet: a clear sentence and a stable snake_case code, never a stack trace.
//! API routes answer `{"error": code, "message": sentence}`; pages show the sentence on an error page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sangam_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in first.")]
    Unauthenticated,
    #[error("Your role does not allow this.")]
    Forbidden,
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Wait a few minutes and try again.")]
    TooManyAttempts,
    #[error("The request came from another site, so it was refused.")]
    CrossSite,
    #[error("Something went wrong on our side; it has been logged. Please try again.")]
    Internal(String),
}

impl AppError {
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            message: message.into(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Invalid { code, .. } => code,
            AppError::Conflict(_) => "conflict",
            AppError::TooManyAttempts => "too_many_attempts",
            AppError::CrossSite => "cross_site_request",
            AppError::Internal(_) => "internal_error",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl AppError {
    /// The sentence in the viewer's language. The fixed sentences are in the catalogue under `error-{code}`; a
    /// sentence built from the request (what was not found, which field is wrong) stays as written.
    pub fn message_in(&self, t: &crate::i18n::Tr) -> String {
        match self {
            AppError::Unauthenticated
            | AppError::Forbidden
            | AppError::TooManyAttempts
            | AppError::CrossSite
            | AppError::Internal(_) => t
                .maybe(&format!("error-{}", self.code()))
                .unwrap_or_else(|| self.to_string()),
            _ => self.to_string(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what.to_string()),
            StoreError::Conflict(message) => AppError::Conflict(message),
            other if other.is_rejected_value() => {
                tracing::warn!(detail = %other, "the database refused a value");
                AppError::invalid(
                    "value_not_storable",
                    "A value in this request cannot be stored (a character the database cannot hold, or a number \
                     or date out of range). Change it and send again.",
                )
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<sangam_domain::PostError> for AppError {
    fn from(e: sangam_domain::PostError) -> Self {
        AppError::Invalid {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code, e.g. `post_too_long`.
    pub error: &'static str,
    /// A sentence for people.
    pub message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let body = ErrorBody {
            error: self.code(),
            message: self.to_string(),
        };
        (self.status(), Json(body)).into_response()
    }
}

/// The JSON body extractor's rejection, turned into our error shape (malformed JSON gets a sentence, not a 400 blob).
impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        AppError::invalid(
            "invalid_json",
            format!(
                "The request body is not valid JSON for this route: {}",
                r.body_text()
            ),
        )
    }
}

impl From<axum::extract::rejection::FormRejection> for AppError {
    fn from(r: axum::extract::rejection::FormRejection) -> Self {
        AppError::invalid(
            "invalid_form",
            format!("The form could not be read: {}", r.body_text()),
        )
    }
}
