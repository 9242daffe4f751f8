//! The inbox: conversations, the actions on them, the shield, moderation rules, saved replies and settings.

pub mod actions;
pub mod api;
pub mod page;
pub mod presence;
pub mod rules_page;
pub mod sentiment;
pub mod settings_page;
pub mod shield;
pub mod threshold;

use crate::routes::{Entry, delete, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get(
            "/inbox/messages/{id}/presence",
            Some(ViewInbox),
            presence::show,
        ),
        get("/inbox", Some(ViewInbox), page::list),
        post("/inbox/bulk", Some(AnswerInbox), page::bulk),
        get("/inbox/messages/{id}", Some(ViewInbox), page::show),
        post(
            "/inbox/messages/{id}/assign",
            Some(AnswerInbox),
            page::assign,
        ),
        post("/inbox/messages/{id}/done", Some(AnswerInbox), page::done),
        post(
            "/inbox/messages/{id}/reopen",
            Some(AnswerInbox),
            page::reopen,
        ),
        post("/inbox/messages/{id}/hide", Some(AnswerInbox), page::hide),
        post(
            "/inbox/messages/{id}/unhide",
            Some(AnswerInbox),
            page::unhide,
        ),
        post("/inbox/messages/{id}/tags", Some(AnswerInbox), page::tag),
        post("/inbox/messages/{id}/untag", Some(AnswerInbox), page::untag),
        post("/inbox/messages/{id}/notes", Some(AnswerInbox), page::note),
        post("/inbox/messages/{id}/reply", Some(AnswerInbox), page::reply),
        post(
            "/inbox/messages/{id}/open",
            Some(AnswerInbox),
            shield::open_page,
        ),
        post(
            "/inbox/messages/{id}/verdict",
            Some(AnswerInbox),
            page::verdict,
        ),
        post("/inbox/messages/{id}/mute", Some(AnswerInbox), page::mute),
        post(
            "/inbox/messages/{id}/sentiment",
            Some(AnswerInbox),
            sentiment::correct_page,
        ),
        get("/inbox/rules", Some(ViewInbox), rules_page::rules),
        post("/inbox/rules", Some(ManageInbox), rules_page::save_rule),
        post(
            "/inbox/rules/{id}/delete",
            Some(ManageInbox),
            rules_page::delete_rule,
        ),
        post(
            "/inbox/rules/{id}/up",
            Some(ManageInbox),
            rules_page::rule_up,
        ),
        get("/inbox/shield", Some(ViewInbox), threshold::page),
        post("/inbox/shield", Some(ManageInbox), threshold::save_page),
        get("/api/v1/shield/threshold", Some(ViewInbox), threshold::show),
        put(
            "/api/v1/shield/threshold",
            Some(ManageInbox),
            threshold::save,
        ),
        get("/inbox/settings", Some(ViewInbox), settings_page::settings),
        post(
            "/inbox/settings",
            Some(ManageInbox),
            settings_page::save_settings,
        ),
        post(
            "/inbox/settings/me",
            Some(AnswerInbox),
            settings_page::save_mine,
        ),
        post(
            "/inbox/saved-replies",
            Some(ManageInbox),
            settings_page::create_saved_reply,
        ),
        post(
            "/inbox/saved-replies/{id}/delete",
            Some(ManageInbox),
            settings_page::delete_saved_reply,
        ),
        get("/api/v1/inbox", Some(ViewInbox), api::list),
        post("/api/v1/inbox/bulk", Some(AnswerInbox), api::bulk),
        get("/api/v1/inbox/{id}", Some(ViewInbox), api::show),
        post("/api/v1/inbox/{id}/assign", Some(AnswerInbox), api::assign),
        post("/api/v1/inbox/{id}/status", Some(AnswerInbox), api::status),
        post("/api/v1/inbox/{id}/hidden", Some(AnswerInbox), api::hidden),
        post("/api/v1/inbox/{id}/tags", Some(AnswerInbox), api::tag),
        post("/api/v1/inbox/{id}/untag", Some(AnswerInbox), api::untag),
        post("/api/v1/inbox/{id}/notes", Some(AnswerInbox), api::note),
        post("/api/v1/inbox/{id}/replies", Some(AnswerInbox), api::reply),
        post("/api/v1/inbox/{id}/open", Some(AnswerInbox), shield::open),
        post(
            "/api/v1/inbox/{id}/verdict",
            Some(AnswerInbox),
            api::verdict,
        ),
        post("/api/v1/inbox/{id}/mute", Some(AnswerInbox), api::mute),
        post(
            "/api/v1/inbox/{id}/sentiment",
            Some(AnswerInbox),
            sentiment::correct,
        ),
        get("/api/v1/inbox-rules", Some(ViewInbox), api::rules),
        post("/api/v1/inbox-rules", Some(ManageInbox), api::create_rule),
        post("/api/v1/inbox-rules/test", Some(ViewInbox), api::test_rule),
        delete(
            "/api/v1/inbox-rules/{id}",
            Some(ManageInbox),
            api::delete_rule,
        ),
        get("/api/v1/saved-replies", Some(ViewInbox), api::saved_replies),
        post(
            "/api/v1/saved-replies",
            Some(ManageInbox),
            api::create_saved_reply,
        ),
        get("/api/v1/inbox-settings", Some(ViewInbox), api::settings),
        post(
            "/api/v1/inbox-settings",
            Some(ManageInbox),
            api::save_settings,
        ),
        post(
            "/api/v1/inbox-settings/me",
            Some(AnswerInbox),
            api::save_mine,
        ),
    ]
}
