//! The first hour of an Approver, and the inbox on a laptop and a phone: sign-in lands an Approver on its queue (never
//! on a dashboard it may not open), it approves on its own step and is refused on another's; the inbox shows the list
//! and the conversation side by side on a wide screen and one at a time on a phone.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use sangam_domain::approval::{Decision, Needs};
use sangam_domain::{PostStatus, Role, now_millis};
use sangam_store::approvals::{self, NewReview};
use sangam_store::inbox::{self, NewMessage};
use sangam_store::posts::{self, NewPost};
use sangam_store::{users, workspaces};

async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::credentials_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

/// The app on a silent sandbox (no inbound traffic), so the messages a test counts are only the ones it stored.
pub(super) async fn quiet_app() -> TestApp {
    let db = sangam_store::testing::sqlite().await.unwrap();
    let sandbox = sangam_networks::sandbox::SandboxConfig {
        messages_per_hour: 0.0,
        ..sangam_networks::sandbox::SandboxConfig::seeded(7)
    };
    TestApp::start_on(db, sandbox).await
}

/// A two-step workflow, the approver on the first step and a manager alone on the second, and one post waiting on
/// the first step. Returns (approver email, post id).
async fn waiting_post(app: &TestApp) -> (String, i64) {
    let profile = app.profile("acme").await;
    let approver_email = app.person(Role::Approver).await;
    let approver = user_id(app, &approver_email).await;
    let manager = user_id(app, &app.person(Role::Manager).await).await;
    let author = user_id(app, &app.person(Role::Member).await).await;
    workspaces::set_approval_roles(&app.db, app.workspace_id, &[Role::Member])
        .await
        .unwrap();
    approvals::replace_steps(
        &app.db,
        app.workspace_id,
        &[
            ("Brand".to_string(), Needs::Any, vec![approver]),
            ("Legal".to_string(), Needs::Any, vec![manager]),
        ],
    )
    .await
    .unwrap();
    let ids = [profile.id];
    let new = NewPost {
        status: PostStatus::PendingApproval,
        ..NewPost::text(
            app.workspace_id,
            author,
            "Monsoon menu launch, waiting for the brand check",
            now_millis() + 86_400_000,
            &ids,
        )
    };
    let post = posts::create(&app.db, new, now_millis()).await.unwrap();
    approvals::add_review(
        &app.db,
        NewReview {
            post_id: post.id,
            step_position: None,
            user_id: Some(author),
            reviewer_name: "author",
            decision: Decision::Submitted,
            note: "",
        },
        now_millis(),
    )
    .await
    .unwrap();
    (approver_email, post.id)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approver_lands_on_its_queue_approves_its_step_and_is_refused_on_another() {
    let app = TestApp::start().await;
    let (email, post) = waiting_post(&app).await;
    let approver = client();
    let response = approver
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/approvals",
        "an Approver lands on its queue"
    );

    // The dashboard is not for it, and its error page leads to the queue, not back to the dashboard.
    let response = approver.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("href=\"/approvals\" id=\"error-home\""),
        "{page}"
    );

    let queue = approver.get(app.url("/approvals")).send().await.unwrap();
    assert_eq!(queue.status(), 200);
    let queue = queue.text().await.unwrap();
    assert!(queue.contains("Monsoon menu launch"));
    assert!(queue.contains(&format!("id=\"approve-{post}\"")));
    assert!(
        !queue.contains("/settings/approvals"),
        "no link to a workflow page it may not open"
    );
    let settings = approver
        .get(app.url("/settings/approvals"))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), 403);

    // Its step: approved, and the post moves on to the next step (still waiting, now on the manager).
    let response = approver
        .post(app.url(&format!("/posts/{post}/review")))
        .form(&[("decision", "approved"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let trail = approvals::trail(&app.db, post).await.unwrap();
    assert!(
        trail.iter().any(|r| r.decision.as_str() == "approved"),
        "{trail:?}"
    );
    let p = posts::get(&app.db, app.workspace_id, post).await.unwrap();
    assert_eq!(
        p.status,
        PostStatus::PendingApproval,
        "the second step still waits"
    );

    // Not its step: refused with the reason, nothing recorded.
    let response = approver
        .post(app.url(&format!("/posts/{post}/review")))
        .form(&[("decision", "approved"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("You are not an approver of the step this post is waiting on.")
    );
    let approvals_now = approvals::trail(&app.db, post)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.decision.as_str() == "approved")
        .count();
    assert_eq!(approvals_now, 1);
    let queue = approver
        .get(app.url("/approvals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !queue.contains(&format!("id=\"approve-{post}\"")),
        "no Approve on another's step"
    );
}

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_a_browser_the_approver_signs_in_to_its_queue_and_approves() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let (email, post) = waiting_post(&app).await;
    sign_in(&browser, &app, &email).await;
    browser.wait_for("#approvals-table").await;
    assert!(
        browser.url().await.ends_with("/approvals"),
        "landed on the queue"
    );
    browser.click(&format!("#approve-{post}")).await;
    app.eventually("the approval is recorded", || async {
        approvals::trail(&app.db, post)
            .await
            .unwrap()
            .iter()
            .any(|r| r.decision.as_str() == "approved")
    })
    .await;
}

pub(super) fn message(i: i64) -> NewMessage {
    NewMessage {
        remote_id: format!("ui{i}"),
        kind: sangam_domain::MessageKind::Mention,
        author_handle: format!("fan{i}"),
        author_name: format!("Fan {i}"),
        author_followers: Some(10),
        text: format!("A question about the menu, number {i}"),
        url: None,
        in_reply_to: None,
        conversation_id: format!("c{i}"),
        received_at: now_millis() - 60_000 + i,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: sangam_domain::Sentiment::Neutral,
        abusive: false,
        abuse_score: 0.0,
        abuse_labels: vec![],
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_inbox_shows_list_and_conversation_side_by_side_and_one_at_a_time_on_a_phone() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = quiet_app().await;
    let profile = app.profile("acme").await;
    let messages: Vec<NewMessage> = (0..8).map(message).collect();
    let ids = inbox::ingest_page(
        &app.db,
        app.workspace_id,
        profile.id,
        &messages,
        None,
        now_millis(),
    )
    .await
    .unwrap();
    let email = app.person(Role::Member).await;
    sign_in(&browser, &app, &email).await;
    let layout = "const list = document.querySelector('.inbox-list-pane').getBoundingClientRect();
        const convo = document.querySelector('.inbox-conversation-pane').getBoundingClientRect();
        const back = document.getElementById('back-to-inbox');
        return { listRight: list.right, listWidth: list.width, convoLeft: convo.left, convoWidth: convo.width,
          back: back ? back.getBoundingClientRect().width : -1,
          overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth };";

    for (width, height) in [(1280, 800), (1920, 1080)] {
        browser.client.set_window_size(width, height).await.unwrap();
        browser
            .goto(&app.url(&format!("/inbox/messages/{}", ids[3])))
            .await;
        browser.wait_for("#reply-form").await;
        let l = browser.client.execute(layout, vec![]).await.unwrap();
        assert!(l["listWidth"].as_f64().unwrap() > 300.0, "{width}: {l}");
        assert!(
            l["listRight"].as_f64().unwrap() <= l["convoLeft"].as_f64().unwrap(),
            "side by side at {width}: {l}"
        );
        assert_eq!(l["overflow"], false, "no sideways scroll at {width}");
        browser
            .screenshot(format!("target/screens/inbox-two-panes-{width}.png"))
            .await;
    }

    browser.client.set_window_size(390, 844).await.unwrap();
    browser.goto(&app.url("/inbox")).await;
    browser.wait_for("#inbox-rows").await;
    let l = browser.client.execute(layout, vec![]).await.unwrap();
    assert!(
        l["listWidth"].as_f64().unwrap() > 300.0,
        "the list on a phone: {l}"
    );
    assert_eq!(
        l["convoWidth"], 0.0,
        "no empty conversation pane on a phone: {l}"
    );
    assert_eq!(l["overflow"], false, "no sideways scroll on a phone: {l}");
    browser
        .screenshot("target/screens/inbox-phone-list.png")
        .await;
    browser
        .click(&format!("#row-{} a.open-conversation", ids[5]))
        .await;
    browser.wait_for("#reply-form").await;
    let l = browser.client.execute(layout, vec![]).await.unwrap();
    assert_eq!(
        l["listWidth"], 0.0,
        "the conversation alone on a phone: {l}"
    );
    assert!(
        l["back"].as_f64().unwrap() > 0.0,
        "with a link back to the list: {l}"
    );
    assert_eq!(l["overflow"], false, "{l}");
    browser
        .screenshot("target/screens/inbox-phone-conversation.png")
        .await;
    browser.click("#back-to-inbox").await;
    browser.wait_for("#inbox-rows").await;
    assert!(browser.url().await.ends_with("/inbox"));
    browser.client.set_window_size(1280, 900).await.unwrap();

    // Bulk: tick two rows, tag them in one go; the list comes back with the tag on both and on nothing else.
    browser.goto(&app.url("/inbox")).await;
    browser.wait_for("#bulk-form").await;
    for id in [ids[1], ids[2]] {
        browser.click(&format!("#row-{id} input.row-select")).await;
    }
    browser.fill("#bulk-tag", "menu").await;
    browser.click("#bulk-tag-submit").await;
    browser
        .wait_for_text(&format!("#row-{}", ids[1]), "#menu")
        .await;
    for (i, id) in ids.iter().enumerate() {
        let m = inbox::get(&app.db, app.workspace_id, *id).await.unwrap();
        assert_eq!(m.tags == vec!["menu".to_string()], i == 1 || i == 2, "{i}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_a_post_on_a_past_day_answers_with_a_sentence_in_the_calendar() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let email = app.person(Role::Manager).await;
    let author = user_id(&app, &email).await;
    let ids = [profile.id];
    let in_two_days = now_millis() + 2 * 86_400_000;
    let post = posts::create(
        &app.db,
        NewPost::text(
            app.workspace_id,
            author,
            "Weekend brunch",
            in_two_days,
            &ids,
        ),
        now_millis(),
    )
    .await
    .unwrap();
    let client = client();
    client
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let drop = |at: String| {
        client
            .post(app.url(&format!("/calendar/posts/{}/move", post.id)))
            .header("HX-Request", "true")
            .form(&[("at", at), ("back", "/calendar?view=month".to_string())])
            .send()
    };
    let response = drop("2020-01-06T10:00".into()).await.unwrap();
    assert_eq!(
        response.status(),
        200,
        "an answer htmx swaps in, not an error page"
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("That day is over"), "{html}");
    assert!(
        !html.contains("<html"),
        "a sentence for the page, not a page"
    );
    let p = posts::get(&app.db, app.workspace_id, post.id)
        .await
        .unwrap();
    assert_eq!(p.scheduled_at, in_two_days, "nothing moved");

    let day = jiff::Timestamp::from_millisecond(now_millis() + 3 * 86_400_000)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let response = drop(format!("{day}T10:00")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["hx-redirect"], "/calendar?view=month");
    let p = posts::get(&app.db, app.workspace_id, post.id)
        .await
        .unwrap();
    assert_ne!(p.scheduled_at, in_two_days, "moved");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_crisis_page_holds_only_posts_that_would_publish() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let email = app.person(Role::Manager).await;
    let author = user_id(&app, &email).await;
    let manager = client();
    manager
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let response = manager
        .post(app.url("/crisis/pause"))
        .form(&[("reason", "Service outage")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let ids = [profile.id];
    let due = now_millis() - 60_000;
    let approved = posts::create(
        &app.db,
        NewPost::text(app.workspace_id, author, "Approved and due", due, &ids),
        now_millis(),
    )
    .await
    .unwrap();
    let draft = posts::create(
        &app.db,
        NewPost {
            status: PostStatus::Draft,
            ..NewPost::text(app.workspace_id, author, "Only a draft", due, &ids)
        },
        now_millis(),
    )
    .await
    .unwrap();
    let due_now = posts::waiting_past_due(&app.db, app.workspace_id, now_millis())
        .await
        .unwrap();
    assert!(
        due_now.iter().any(|p| p.id == draft.id),
        "the draft has a delivery past due, so only its status keeps it off the list"
    );
    let page = manager
        .get(app.url("/crisis"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("id=\"held-{}\"", approved.id)),
        "{page}"
    );
    assert!(
        !page.contains(&format!("id=\"held-{}\"", draft.id)),
        "a draft would not publish, so it is not held"
    );
    let response = manager
        .post(app.url(&format!("/crisis/held/{}", draft.id)))
        .form(&[("action", "send")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("not approved"));
    let d = posts::get(&app.db, app.workspace_id, draft.id)
        .await
        .unwrap();
    assert_eq!(d.status, PostStatus::Draft);
}
