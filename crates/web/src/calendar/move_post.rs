//! Dropping a post on a calendar day. `calendar.js` posts the drop here with htmx: a move the post's rules allow
//! reloads the calendar (`HX-Redirect`); one they refuse (a day that is over, a post that has gone out) answers with
//! the sentence, shown above the calendar, instead of leaving the page for a bare error page.

use crate::AppState;
use crate::auth::{CurrentUser, safe_next};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::posts::actions as post_actions;
use crate::time_fmt;
use crate::ui::{PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;

#[derive(Debug, Default, serde::Deserialize)]
pub struct DropForm {
    /// The new local date and time (`YYYY-MM-DDTHH:MM`), in the person's time zone.
    #[serde(default)]
    pub at: String,
    /// The calendar view to return to.
    #[serde(default)]
    pub back: String,
}

/// The sentence shown above the calendar when a drop is refused.
#[derive(Template, WebTemplate)]
#[template(path = "components/calendar_notice.html")]
pub struct Notice {
    pub message: String,
}

pub async fn drop_on_day(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<DropForm>,
) -> Result<Response, PageError> {
    let htmx = headers.contains_key("hx-request");
    let t = Tr::new(&user.language, &user.time_zone);
    let tz = time_fmt::zone(&user.time_zone);
    let result = match time_fmt::parse_local(&form.at, &tz) {
        Some(at) => post_actions::reschedule(&state, &user, id, at)
            .await
            .map(|_| ()),
        None => Err(AppError::refuse(ErrorCode::PostTimeInvalid)),
    };
    let back = safe_next(
        Some(&form.back)
            .filter(|b| b.starts_with("/calendar"))
            .map(String::as_str),
    );
    let back = if back == "/" {
        "/calendar".to_string()
    } else {
        back
    };
    match result {
        Ok(()) if htmx => Ok(([("HX-Redirect", back)], "").into_response()),
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_) | AppError::NotFound(_)))
            if htmx =>
        {
            let message = match e.code() {
                ErrorCode::PostScheduledInPast => t.t("calendar-past-day"),
                _ => e.message_in(&t),
            };
            Ok(Notice { message }.into_response())
        }
        Err(e) => Err(e).for_user(&user),
    }
}
