//! Conversions: imported from CSV (with a preview and a reason for every line that cannot be imported), posted to
//! `POST /api/v1/conversions`, or reported by the first-party snippet (`crate::links::snippet`); spend entered per
//! campaign, and the currency return is stated in.

pub mod actions;
pub mod api;
pub mod costs;
pub mod page;

use crate::error::AppError;
use crate::routes::{Entry, get, post, put};
use crate::ui::{PageError, WithUser};
use sangam_store::users::User;

/// A refusal (a field the person can correct) said on the page the form is on, with its status; any other failure is
/// the error page.
pub(crate) fn said_on_page(
    e: AppError,
    user: &User,
) -> Result<(axum::http::StatusCode, String), PageError> {
    match e {
        e @ AppError::Invalid { .. } => Ok((e.status(), e.message_for(user))),
        e => Err(e).for_user(user),
    }
}

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/conversions", Some(ManageTracking), page::show),
        post("/conversions/preview", Some(ManageTracking), page::preview),
        post("/conversions/import", Some(ManageTracking), page::import),
        post("/conversions/spend", Some(ManageTracking), page::add_spend),
        post(
            "/conversions/currency",
            Some(ManageTracking),
            page::set_currency,
        ),
        get("/api/v1/conversions", Some(ViewReports), api::list),
        post("/api/v1/conversions", Some(ManageTracking), api::create),
        post("/api/v1/campaigns/spend", Some(ManageTracking), api::spend),
        get("/costs", Some(ManageCosts), costs::show),
        post("/costs", Some(ManageCosts), costs::save),
        get("/api/v1/costs", Some(ManageCosts), costs::list),
        put("/api/v1/costs", Some(ManageCosts), costs::save_api),
    ]
}
