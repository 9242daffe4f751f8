//! Target segments: who a workspace wants to reach (languages, words and places in bios, follower bounds, followers
//! or not). Admins, Managers and Members define them (`ManageSegments`); everyone who reads reports sees them.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::audience::Segment;
use sangam_domain::{ErrorCode, Permission, now_millis};
use sangam_store::audience as store;
use sangam_store::users::User;
use serde::Deserialize;

/// A segment as a person writes it: lists one entry a line (or comma-separated), bounds as whole numbers.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SegmentInput {
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    /// ISO 639-1 codes, e.g. `hi`, `en`.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub languages: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub bio_words: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub places: Vec<String>,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub min_followers: Option<i64>,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub max_followers: Option<i64>,
    /// `true`: followers only; `false`: non-followers only; absent: either.
    #[serde(default)]
    pub followers: Option<bool>,
}

fn invalid(field: &str) -> AppError {
    AppError::refuse(ErrorCode::SegmentInvalid).with("field", field)
}

fn entries(list: &[String], field: &str, max: usize) -> Result<Vec<String>, AppError> {
    let out: Vec<String> = list
        .iter()
        .flat_map(|l| l.split([',', '\n']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if out.len() > max || out.iter().any(|s| s.chars().count() > 80) {
        return Err(invalid(field));
    }
    Ok(out)
}

/// The segment `input` describes, checked.
pub fn check(input: &SegmentInput) -> Result<Segment, AppError> {
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(invalid("name"));
    }
    let languages: Vec<String> = entries(&input.languages, "languages", 20)?
        .into_iter()
        .map(|l| l.to_lowercase())
        .collect();
    if languages
        .iter()
        .any(|l| !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()))
    {
        return Err(invalid("languages"));
    }
    for (bound, field) in [
        (input.min_followers, "min_followers"),
        (input.max_followers, "max_followers"),
    ] {
        if bound.is_some_and(|b| !(0..=1_000_000_000_000).contains(&b)) {
            return Err(invalid(field));
        }
    }
    if let (Some(min), Some(max)) = (input.min_followers, input.max_followers)
        && min > max
    {
        return Err(invalid("max_followers"));
    }
    Ok(Segment {
        id: 0,
        name,
        languages,
        bio_words: entries(&input.bio_words, "bio_words", 50)?,
        places: entries(&input.places, "places", 50)?,
        min_followers: input.min_followers,
        max_followers: input.max_followers,
        followers: input.followers,
    })
}

/// Saves `input` as a new segment or over `id`; a name already used answers `segment_name_taken`.
pub async fn save(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    input: &SegmentInput,
) -> Result<Segment, AppError> {
    let segment = check(input)?;
    let id = match store::save_segment(
        &state.db,
        user.workspace_id,
        id,
        &segment,
        Some(user.id),
        now_millis(),
    )
    .await
    {
        Ok(id) => id,
        Err(sangam_store::StoreError::Conflict(_)) => {
            return Err(
                AppError::refuse(ErrorCode::SegmentNameTaken).with("name", segment.name.clone())
            );
        }
        Err(e) => return Err(e.into()),
    };
    crate::audit::log(
        state,
        user,
        "segment_saved",
        "segment",
        Some(id),
        &segment.name,
    )
    .await;
    Ok(Segment { id, ..segment })
}

/// One segment as the page lists it.
pub struct SegmentLine {
    pub segment: Segment,
    pub languages: String,
    pub bio_words: String,
    pub places: String,
    pub min: String,
    pub max: String,
    /// `either`, `followers` or `others`.
    pub followers: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/segments.html")]
pub struct SegmentsPage {
    pub page: Chrome,
    pub error: Option<String>,
    pub segments: Vec<SegmentLine>,
    pub can_edit: bool,
    /// What the person typed, kept when the form was refused.
    pub draft: SegmentInput,
}

fn followers_word(v: Option<bool>) -> &'static str {
    match v {
        None => "either",
        Some(true) => "followers",
        Some(false) => "others",
    }
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
    draft: SegmentInput,
) -> Result<SegmentsPage, PageError> {
    let segments = store::segments(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .map(|s| SegmentLine {
            languages: s.languages.join(", "),
            bio_words: s.bio_words.join(", "),
            places: s.places.join(", "),
            min: s.min_followers.map(|n| n.to_string()).unwrap_or_default(),
            max: s.max_followers.map(|n| n.to_string()).unwrap_or_default(),
            followers: followers_word(s.followers),
            segment: s,
        })
        .collect();
    Ok(SegmentsPage {
        page: Chrome::new(user, "audience", "segments-title"),
        error,
        segments,
        can_edit: user.role.can(Permission::ManageSegments),
        draft,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<SegmentsPage, PageError> {
    render(&state, &user, None, SegmentInput::default()).await
}

/// The segment form's fields.
#[derive(Debug, Deserialize)]
pub struct SegmentForm {
    name: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    bio_words: String,
    #[serde(default)]
    places: String,
    #[serde(default)]
    min_followers: String,
    #[serde(default)]
    max_followers: String,
    #[serde(default)]
    followers: String,
}

impl SegmentForm {
    /// The segment as typed, or the refusal with what was typed, boxed (an error is the rare path).
    fn input(&self) -> Result<SegmentInput, Box<(SegmentInput, AppError)>> {
        let bound = |s: &str, field: &str| -> Result<Option<i64>, AppError> {
            let s = s.trim().replace([',', '_', ' '], "");
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<i64>().map(Some).map_err(|_| invalid(field))
        };
        let mut input = SegmentInput {
            name: self.name.clone(),
            languages: vec![self.languages.clone()],
            bio_words: vec![self.bio_words.clone()],
            places: vec![self.places.clone()],
            min_followers: None,
            max_followers: None,
            followers: match self.followers.as_str() {
                "followers" => Some(true),
                "others" => Some(false),
                _ => None,
            },
        };
        match (
            bound(&self.min_followers, "min_followers"),
            bound(&self.max_followers, "max_followers"),
        ) {
            (Ok(min), Ok(max)) => {
                input.min_followers = min;
                input.max_followers = max;
                Ok(input)
            }
            (Err(e), _) | (_, Err(e)) => Err(Box::new((input, e))),
        }
    }
}

async fn save_from_form(
    state: AppState,
    user: User,
    id: Option<i64>,
    form: SegmentForm,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => save(&state, &user, id, &input)
            .await
            .map_err(|e| (input, e)),
        Err(refused) => Err(*refused),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/audience/segments").into_response()),
        Err((input, e)) => {
            let (status, message) = crate::conversions::said_on_page(e, &user)?;
            let draft = if id.is_none() {
                input
            } else {
                SegmentInput::default()
            };
            Ok((status, render(&state, &user, Some(message), draft).await?).into_response())
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<SegmentForm>,
) -> Result<Response, PageError> {
    save_from_form(state, user, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<SegmentForm>,
) -> Result<Response, PageError> {
    save_from_form(state, user, Some(id), form).await
}

pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    remove(&state, &user, id).await.for_user(&user)?;
    Ok(Redirect::to("/audience/segments").into_response())
}

/// Deletes segment `id` of the person's workspace.
pub async fn remove(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    store::delete_segment(&state.db, user.workspace_id, id).await?;
    crate::audit::log(state, user, "segment_deleted", "segment", Some(id), "").await;
    Ok(())
}
