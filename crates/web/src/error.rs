//! Errors a person or an API client can meet: a clear sentence and a stable snake_case code, never a stack trace.
//! API routes answer `{"error": code, "message": sentence}`; pages show the sentence on an error page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sangam_domain::ErrorCode;
use sangam_store::StoreError;

/// What went wrong, by its catalogue code ([`ErrorCode`]); the sentence comes from the locales (`error-<code>`), in
/// English for the API and logs, in the person's language on pages.
#[derive(Debug)]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    /// What was not found, e.g. "Post".
    NotFound(String),
    /// A mistake in the request the person can fix, with the values its sentence names.
    Invalid {
        code: ErrorCode,
        args: Vec<(&'static str, String)>,
    },
    /// The request clashes with what is stored; the sentence says how.
    Conflict(String),
    TooManyAttempts,
    CrossSite,
    /// Our fault; the detail goes to the log, never to the person.
    Internal(String),
}

impl AppError {
    /// A mistake in the request, said by its code's sentence; add the values the sentence names with [`Self::with`].
    pub fn refuse(code: ErrorCode) -> Self {
        AppError::Invalid {
            code,
            args: Vec::new(),
        }
    }

    /// A value the sentence names: `refuse(ErrorCode::PasswordTooShort).with("min", 12)`. Only a refusal carries
    /// values; the other kinds say their fixed sentence.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        if let AppError::Invalid { args, .. } = &mut self {
            args.retain(|(held, _)| *held != name);
            args.push((name, value.to_string()));
        }
        self
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Invalid { code, .. } => *code,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::TooManyAttempts => ErrorCode::TooManyAttempts,
            AppError::CrossSite => ErrorCode::CrossSiteRequest,
            AppError::Internal(_) => ErrorCode::InternalError,
        }
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The sentence in `user`'s language.
    pub fn message_for(&self, user: &sangam_store::users::User) -> String {
        self.message_in(&crate::i18n::Tr::new(&user.language, &user.time_zone))
    }

    /// The sentence in the viewer's language, with the values the error carries.
    pub fn message_in(&self, t: &crate::i18n::Tr) -> String {
        let id = self.code().message_id();
        match self {
            AppError::Invalid { args, .. } => t.with_args(&id, args),
            AppError::NotFound(what) => t.with_args(&id, &[("what", what.clone())]),
            AppError::Conflict(detail) => t.with_args(&id, &[("detail", detail.clone())]),
            _ => t.t(&id),
        }
    }
}

/// The English sentence, as the API's `message` and the logs carry it.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(&crate::i18n::Tr::english()))
    }
}

impl std::error::Error for AppError {}

/// A store error keeps its code where it is the request's fault (a vanished row, a clash, a value the database
/// refuses); anything else is ours, and its detail goes only to the log.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what.to_string()),
            StoreError::Conflict(message) => AppError::Conflict(message),
            other => match other.code() {
                code @ ErrorCode::ValueNotStorable => {
                    tracing::warn!(detail = %other, "the database refused a value");
                    AppError::refuse(code)
                }
                _ => AppError::Internal(other.to_string()),
            },
        }
    }
}

impl From<sangam_domain::PostError> for AppError {
    fn from(e: sangam_domain::PostError) -> Self {
        use sangam_domain::PostError;
        use sangam_domain::post::{human_bytes, network_name};
        let refusal = AppError::refuse(e.code());
        match e {
            PostError::Empty | PostError::NoProfiles => refusal,
            PostError::TooLong {
                network,
                count,
                limit,
            } => refusal
                .with("count", count)
                .with("network", network)
                .with("limit", limit),
            PostError::TooManyImages {
                network,
                count,
                limit,
            } => refusal
                .with("count", count)
                .with("network", network_name(network))
                .with("limit", limit)
                .with("assumed", ""),
            PostError::ImageTooLarge {
                network,
                position,
                bytes,
                limit,
            } => refusal
                .with("position", position)
                .with("size", human_bytes(bytes))
                .with("network", network_name(network))
                .with("limit", human_bytes(limit))
                .with("assumed", ""),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code, e.g. `post_too_long`.
    pub error: ErrorCode,
    /// A sentence for people.
    pub message: String,
}

impl AppError {
    /// The JSON answer under `status`, for the layers that answer with a status of their own.
    pub fn answer(&self, status: StatusCode) -> Response {
        let body = ErrorBody {
            error: self.code(),
            message: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        self.answer(self.status())
    }
}

/// The JSON body extractor's rejection, turned into our error shape (malformed JSON gets a sentence, not a 400 blob).
impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        AppError::refuse(ErrorCode::InvalidJson).with("detail", r.body_text())
    }
}

impl From<axum::extract::rejection::FormRejection> for AppError {
    fn from(r: axum::extract::rejection::FormRejection) -> Self {
        AppError::refuse(ErrorCode::InvalidForm).with("detail", r.body_text())
    }
}
