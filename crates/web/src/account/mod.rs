//! One's own account: language, time zone, password, and its JSON face (`/api/v1/me`).

pub mod api;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        post(
            "/account/password",
            Some(ManageOwnAccount),
            page::change_password,
        ),
        get("/account", Some(ManageOwnAccount), page::show),
        post("/account", Some(ManageOwnAccount), page::save),
        post(
            "/account/tokens",
            Some(ManageOwnAccount),
            page::create_token,
        ),
        post(
            "/account/tokens/{id}/delete",
            Some(ManageOwnAccount),
            page::delete_token,
        ),
        get("/api/v1/me", Some(ManageOwnAccount), api::show),
        post(
            "/api/v1/me/password",
            Some(ManageOwnAccount),
            api::change_password,
        ),
    ]
}
