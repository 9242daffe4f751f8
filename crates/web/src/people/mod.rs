//! People in the workspace: invitations, roles, deactivation, password resets, and one's own password change.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, delete, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/people", Some(ManagePeople), page::list),
        post("/people", Some(ManagePeople), page::create),
        post("/people/invite", Some(ManagePeople), page::invite),
        post(
            "/people/invitations/{id}/revoke",
            Some(ManagePeople),
            page::revoke_invitation,
        ),
        post("/people/{id}/role", Some(ManagePeople), page::change_role),
        post(
            "/people/{id}/deactivate",
            Some(ManagePeople),
            page::deactivate,
        ),
        post(
            "/people/{id}/reactivate",
            Some(ManagePeople),
            page::reactivate,
        ),
        post("/people/{id}/reset", Some(ManagePeople), page::issue_reset),
        // Invitation and password reset links: public, the link's secret is the credential.
        get("/invite/{token}", None, page::invitation_form),
        post("/invite/{token}", None, page::accept_invitation),
        get("/reset/{token}", None, page::reset_form),
        post("/reset/{token}", None, page::use_reset),
        get("/api/v1/people", Some(ManagePeople), api::list),
        post("/api/v1/people", Some(ManagePeople), api::create),
        get(
            "/api/v1/people/invitations",
            Some(ManagePeople),
            api::invitations,
        ),
        post(
            "/api/v1/people/invitations",
            Some(ManagePeople),
            api::invite,
        ),
        delete(
            "/api/v1/people/invitations/{id}",
            Some(ManagePeople),
            api::revoke_invitation,
        ),
        put(
            "/api/v1/people/{id}/role",
            Some(ManagePeople),
            api::change_role,
        ),
        post(
            "/api/v1/people/{id}/deactivate",
            Some(ManagePeople),
            api::deactivate,
        ),
        post(
            "/api/v1/people/{id}/reactivate",
            Some(ManagePeople),
            api::reactivate,
        ),
        post(
            "/api/v1/people/{id}/password-reset",
            Some(ManagePeople),
            api::issue_reset,
        ),
    ]
}
