//! The bulk scheduling page: a CSV file or pasted rows, a zone, and the images the rows name by file name; "Check"
//! previews every row, "Schedule" creates the good ones. The sheet stays in the form between the two (the file's text
//! moves into the text box), and uploaded images are stored at the first step and carried by id.

use super::actions::{self, BadRow, GoodRow, Options, Outcome};
use super::sheet;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser, person_can_fix};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use sangam_domain::ErrorCode;
use sangam_store::profiles;
use sangam_store::users::User;

#[derive(Template, WebTemplate)]
#[template(path = "pages/bulk_posts.html")]
pub struct BulkPage {
    pub page: Chrome,
    pub csv: String,
    pub zone: String,
    /// Images already uploaded with these rows: (file name, media id).
    pub uploaded: Vec<(String, i64)>,
    pub error: Option<String>,
    pub outcome: Option<Outcome>,
    pub max_rows: usize,
}

impl BulkPage {
    fn new(user: &User) -> BulkPage {
        BulkPage {
            page: Chrome::new(user, "posts", "bulk-title"),
            csv: String::new(),
            zone: user.time_zone.clone(),
            uploaded: Vec::new(),
            error: None,
            outcome: None,
            max_rows: sheet::MAX_ROWS,
        }
    }

    pub fn good(&self) -> &[GoodRow] {
        self.outcome.as_ref().map_or(&[], |o| &o.good)
    }

    pub fn bad(&self) -> &[BadRow] {
        self.outcome.as_ref().map_or(&[], |o| &o.bad)
    }

    /// The uploaded images as the hidden field carries them: one `id name` a line.
    pub fn uploaded_field(&self) -> String {
        self.uploaded
            .iter()
            .map(|(name, id)| format!("{id} {name}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

pub async fn show(CurrentUser(user): CurrentUser) -> BulkPage {
    BulkPage::new(&user)
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    csv: String,
    file: String,
    zone: String,
    uploaded: Vec<(String, i64)>,
    schedule: bool,
}

fn unreadable() -> AppError {
    AppError::refuse(ErrorCode::BulkFileUnreadable).with("line", 0)
}

/// Reads the form; images sent with it are stored now (checked as the composer's uploads are), so the preview's
/// "Schedule" can name them by id.
async fn read_form(state: &AppState, user: &User, mut form: Multipart) -> Result<Sent, AppError> {
    let mut sent = Sent::default();
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|_| unreadable())?;
        let text = || String::from_utf8(bytes.to_vec()).map_err(|_| unreadable());
        match name.as_str() {
            "file" => sent.file = text()?,
            "csv" => sent.csv = text()?,
            "zone" => sent.zone = text()?,
            "action" => sent.schedule = text()? == "schedule",
            "uploaded" => {
                for line in text()?.lines() {
                    if let Some((id, name)) = line.trim().split_once(' ')
                        && let Ok(id) = id.parse()
                    {
                        sent.uploaded.push((name.to_string(), id));
                    }
                }
            }
            "images" if !bytes.is_empty() => {
                let file_name = file_name.unwrap_or_default();
                let id = crate::media::actions::upload(state, user, &bytes, "").await?;
                sent.uploaded.retain(|(n, _)| *n != file_name);
                sent.uploaded.push((file_name, id));
            }
            _ => {}
        }
    }
    if !sent.file.trim().is_empty() {
        sent.csv = std::mem::take(&mut sent.file);
    }
    Ok(sent)
}

/// `POST /posts/bulk`: checks the rows ("Check") or schedules the good ones ("Schedule").
pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    form: Multipart,
) -> Result<Response, PageError> {
    let mut page = BulkPage::new(&user);
    let sent = match read_form(&state, &user, form).await {
        Ok(sent) => sent,
        Err(e) => return again(page, e),
    };
    page.csv = sent.csv;
    if !sent.zone.trim().is_empty() {
        page.zone = sent.zone.trim().to_string();
    }
    page.uploaded = sent.uploaded;
    let rows = match sheet::read(&page.csv) {
        Ok(rows) => rows,
        Err(e) => return again(page, e),
    };
    let options = Options {
        zone: &page.zone,
        uploaded: &page.uploaded,
        dry_run: !sent.schedule,
    };
    match actions::schedule(&state, &user, &rows, options, &page.page.t).await {
        Ok(outcome) => {
            if outcome.created > 0 {
                crate::audit::log(
                    &state,
                    &user,
                    "bulk_scheduled",
                    "post",
                    None,
                    &outcome.created.to_string(),
                )
                .await;
            }
            page.outcome = Some(outcome);
            Ok(page.into_response())
        }
        Err(e) => again(page, e),
    }
}

/// The form again with the sentence, under the error's status, when the person can fix it; the error page otherwise.
fn again(mut page: BulkPage, e: AppError) -> Result<Response, PageError> {
    if !person_can_fix(&e) {
        return Err(e).for_user(&page.page.user);
    }
    let status = e.status();
    page.error = Some(e.message_for(&page.page.user));
    Ok((status, page).into_response())
}

/// `GET /posts/bulk/template.csv`: every column, with two example rows for the workspace's own profiles.
pub async fn template(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Response, PageError> {
    let handles: Vec<String> = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .into_iter()
        .map(|p| p.handle)
        .collect();
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"sangam-bulk-posts.csv\"",
            ),
        ],
        sheet::template(&handles),
    )
        .into_response())
}
