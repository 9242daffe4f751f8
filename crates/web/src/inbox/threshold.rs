//! The Shield's threshold: the score from which a message counts as abusive in this workspace (it is blurred and goes
//! to the shield rota), with what that line is expected to catch and miss. The figures come from the workspace's own
//! people's verdicts once there are enough of them, else from the dev sets measured with the shipped model
//! (`sangam_text::calibration`); the page says which. Changing the line re-decides the open messages nobody gave a
//! verdict on and is used by the analysis of every new message of the workspace.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::{ErrorCode, Permission, now_millis};
use sangam_store::shield_models;
use sangam_store::users::User;
use sangam_text::calibration::{self, CurvePoint, MAX_THRESHOLD, MIN_THRESHOLD};
use serde::{Deserialize, Serialize};

/// Fewest verdicts of the workspace's own for its figures to come from them rather than the dev sets.
pub const MIN_TEAM_LABELS: usize = 30;
/// Fewest verdicts of each kind (abusive, not abusive) among them.
pub const MIN_TEAM_PER_CLASS: usize = 5;

/// Where the expected figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FiguresSource {
    /// The workspace's own verdicts (each corrected message's score at arrival and the last verdict on it).
    Team,
    /// The dev sets, measured with the shipped model when it was made.
    DevSets,
}

/// The confusion table at one threshold, with its precision and recall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Point {
    /// A message counts as abusive from this score on.
    pub threshold: f64,
    /// Share of flagged messages that were abusive.
    pub precision: f64,
    /// Share of abusive messages that were flagged.
    pub recall: f64,
    /// Flagged and abusive.
    pub true_positive: usize,
    /// Flagged but not abusive.
    pub false_positive: usize,
    /// Abusive but not flagged.
    pub false_negative: usize,
    /// Neither flagged nor abusive.
    pub true_negative: usize,
}

impl From<CurvePoint> for Point {
    fn from(p: CurvePoint) -> Self {
        let c = p.confusion;
        Point {
            threshold: p.threshold,
            precision: p.precision(),
            recall: p.recall(),
            true_positive: c.true_positive,
            false_positive: c.false_positive,
            false_negative: c.false_negative,
            true_negative: c.true_negative,
        }
    }
}

/// One dev set's precision and recall at the threshold (dev-set figures only).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SetFigures {
    /// The dev set, e.g. `tweeteval_offensive_val`.
    pub set: String,
    /// The figures on it at the threshold.
    pub at_threshold: Point,
}

/// The workspace's threshold and what it is expected to do.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Threshold {
    /// The score from which a message counts as abusive here (0.05 to 0.95; 0.5 until someone sets one).
    pub threshold: f64,
    /// Where the figures come from.
    pub source: FiguresSource,
    /// The workspace's own verdicts so far (its figures are used from 30 on, with at least 5 of each kind).
    pub team_labels: usize,
    /// The confusion table, precision and recall at the threshold.
    pub expected: Point,
    /// The whole curve, one point per hundredth from 0.05 to 0.95.
    pub points: Vec<Point>,
    /// Dev-set figures: each set's at the threshold (empty for the team's figures).
    pub sets: Vec<SetFigures>,
}

/// The workspace's threshold with its figures.
pub async fn threshold_of(state: &AppState, workspace_id: i64) -> Result<Threshold, AppError> {
    let threshold = shield_models::threshold(&state.db, workspace_id).await?;
    let labelled = shield_models::labelled_scores(&state.db, workspace_id).await?;
    let abusive = labelled.iter().filter(|(_, a)| *a).count();
    let enough = labelled.len() >= MIN_TEAM_LABELS
        && abusive >= MIN_TEAM_PER_CLASS
        && labelled.len() - abusive >= MIN_TEAM_PER_CLASS;
    let (source, curve, sets) = if enough {
        (FiguresSource::Team, calibration::curve(&labelled), vec![])
    } else {
        let curves = calibration::shipped_curves();
        let sets = curves
            .iter()
            .filter_map(|c| {
                calibration::at(&c.points, threshold).map(|p| SetFigures {
                    set: c.set.clone(),
                    at_threshold: p.into(),
                })
            })
            .collect();
        (FiguresSource::DevSets, calibration::pooled(&curves), sets)
    };
    let expected = calibration::at(&curve, threshold)
        .map(Point::from)
        .ok_or_else(|| AppError::Internal("the threshold curve is empty".to_owned()))?;
    Ok(Threshold {
        threshold,
        source,
        team_labels: labelled.len(),
        expected,
        points: curve.into_iter().map(Point::from).collect(),
        sets,
    })
}

/// Sets the workspace's threshold: stored, taken up by the analysis at once, and the open messages nobody gave a
/// verdict on are decided again at it. Refused (422 `shield_threshold_invalid`) outside 0.05 to 0.95.
pub async fn set_threshold(state: &AppState, user: &User, value: f64) -> Result<f64, AppError> {
    let refuse = || {
        AppError::refuse(ErrorCode::ShieldThresholdInvalid)
            .with("min", MIN_THRESHOLD)
            .with("max", MAX_THRESHOLD)
    };
    if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&value) {
        return Err(refuse());
    }
    let value = calibration::on_grid(value).ok_or_else(refuse)?;
    shield_models::set_threshold(&state.db, user.workspace_id, value, now_millis()).await?;
    state.text.set_threshold(user.workspace_id, value);
    let changed = shield_models::redecide_open(&state.db, user.workspace_id, value).await?;
    crate::audit::log(
        state,
        user,
        "changed",
        "shield",
        None,
        &format!("threshold {value:.2} ({changed} open messages decided again)"),
    )
    .await;
    Ok(value)
}

#[utoipa::path(get, path = "/api/v1/shield/threshold", tag = "shield",
    responses((status = 200, body = Threshold, description = "The threshold, where its figures come from, the \
    confusion table at it and the whole curve")))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Threshold>, AppError> {
    Ok(Json(threshold_of(&state, user.workspace_id).await?))
}

/// A new threshold.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ThresholdInput {
    /// The score from which a message counts as abusive, 0.05 to 0.95 (kept to hundredths).
    #[schema(minimum = 0.05, maximum = 0.95)]
    pub threshold: f64,
}

#[utoipa::path(put, path = "/api/v1/shield/threshold", tag = "shield", request_body = ThresholdInput,
    responses((status = 200, body = Threshold, description = "Stored; the open messages nobody gave a verdict on \
    are decided again at it"),
    (status = 422, body = crate::error::ErrorBody, description = "Outside 0.05 to 0.95 (`shield_threshold_invalid`)")))]
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<ThresholdInput>, JsonRejection>,
) -> Result<Json<Threshold>, AppError> {
    let Json(input) = body?;
    set_threshold(&state, &user, input.threshold).await?;
    Ok(Json(threshold_of(&state, user.workspace_id).await?))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/shield_threshold.html")]
pub struct ThresholdPage {
    pub page: Chrome,
    pub figures: Threshold,
    /// The curve every 0.05, for the table.
    pub steps: Vec<Point>,
    pub can_manage: bool,
}

impl ThresholdPage {
    pub fn pct(&self, share: impl std::borrow::Borrow<f64>) -> String {
        format!("{:.1}%", share.borrow() * 100.0)
    }

    pub fn two(&self, x: impl std::borrow::Borrow<f64>) -> String {
        format!("{:.2}", x.borrow())
    }

    pub fn is_chosen(&self, p: &Point) -> bool {
        (p.threshold - self.figures.threshold).abs() < 1e-6
    }
}

pub async fn page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ThresholdPage, PageError> {
    let figures = threshold_of(&state, user.workspace_id)
        .await
        .for_user(&user)?;
    let steps = figures
        .points
        .iter()
        .filter(|p| ((p.threshold * 100.0).round() as i64) % 5 == 0)
        .copied()
        .collect();
    Ok(ThresholdPage {
        page: Chrome::new(&user, "inbox", "shield-threshold-title"),
        figures,
        steps,
        can_manage: user.role.can(Permission::ManageInbox),
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ThresholdForm {
    #[serde(default)]
    pub threshold: String,
}

pub async fn save_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<ThresholdForm>,
) -> Result<Response, PageError> {
    let value = f
        .threshold
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .map_err(|_| {
            AppError::refuse(ErrorCode::ShieldThresholdInvalid)
                .with("min", MIN_THRESHOLD)
                .with("max", MAX_THRESHOLD)
        })
        .for_user(&user)?;
    set_threshold(&state, &user, value).await.for_user(&user)?;
    Ok(Redirect::to("/inbox/shield").into_response())
}
