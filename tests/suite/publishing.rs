//! Publishing in a real browser: a variant and an image, approval by another person, the calendar with drag and drop,
//! publishing; and the crisis switch holding and releasing posts.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::Role;
use serde_json::json;

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

async fn sign_out(browser: &Browser) {
    browser.click("#logout").await;
    browser.wait_for("#login-form").await;
}

/// A 1x1 PNG written by us.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// HTML5 drag and drop is not driven by WebDriver's pointer actions, so the test fires the same events a person's
/// drag produces, through the page's own handlers.
const DRAG: &str = "const [from, to] = [document.querySelector(arguments[0]), document.querySelector(arguments[1])];
    const dt = new DataTransfer();
    from.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
    to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
    to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));";

#[tokio::test(flavor = "multi_thread")]
async fn a_post_with_a_variant_and_an_image_is_approved_moved_in_the_calendar_and_published() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    app.profile("acme").await;
    sangam_store::workspaces::set_approval_roles(&app.db, app.workspace_id, &[Role::Member])
        .await
        .unwrap();
    let member = app.person(Role::Member).await;
    let manager = app.person(Role::Manager).await;

    // The member starts typing before picking a profile: the draft autosaves anyway, and says so.
    sign_in(&browser, &app, &member).await;
    browser.goto(&app.url("/posts/new")).await;
    browser.fill("#text", "Main text for every network").await;
    browser
        .wait_for_text("#autosave-status", "Draft saved")
        .await;
    // Then a sandbox variant, a profile, a tag, two images with alt text and a content warning, for tomorrow 09:30.
    browser
        .client
        .execute("document.getElementById('variants').open = true", vec![])
        .await
        .unwrap();
    browser
        .fill("#variant-sandbox", "Sandbox gets its own words #monsoon")
        .await;
    browser.click("input[name=profile]").await;
    browser.fill("#tags", "launch, Monsoon").await;
    let image = std::env::temp_dir().join(format!("sangam-pixel-{}.png", std::process::id()));
    std::fs::write(&image, PIXEL_PNG).unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css("#image"))
        .await
        .unwrap()
        .send_keys(&image.to_string_lossy())
        .await
        .unwrap();
    browser.fill("#alt", "A single brown pixel").await;
    let second = std::env::temp_dir().join(format!("sangam-pixel-2-{}.png", std::process::id()));
    std::fs::write(&second, PIXEL_PNG).unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css("#image-2"))
        .await
        .unwrap()
        .send_keys(&second.to_string_lossy())
        .await
        .unwrap();
    browser.fill("#alt-2", "The same pixel, <b>again</b>").await;
    browser.fill("#content-warning", "Tiny images").await;
    browser
        .client
        .execute("document.getElementById('language').value = 'en';", vec![])
        .await
        .unwrap();
    browser.click("#when-later").await;
    let tomorrow = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap();
    let day_after = tomorrow.tomorrow().unwrap();
    browser
        .client
        .execute(
            "document.getElementById('at').value = arguments[0];",
            vec![json!(format!("{tomorrow}T09:30"))],
        )
        .await
        .unwrap();
    browser
        .wait_for_text("#previews", "Sandbox gets its own words")
        .await;
    browser.click("#compose-submit").await;
    browser
        .wait_for_text("#post-status", "Waiting for approval")
        .await;
    assert!(
        browser.text("#main").await.contains("#launch"),
        "tags are shown"
    );
    let post_url = browser.url().await;
    let post_id: i64 = post_url.rsplit('/').next().unwrap().parse().unwrap();
    sign_out(&browser).await;

    // The manager finds it in the approvals queue and approves it.
    sign_in(&browser, &app, &manager).await;
    browser.goto(&app.url("/approvals")).await;
    browser
        .wait_for_text("#approvals-table", "Main text for every network")
        .await;
    browser.goto(&post_url).await;
    browser.click("#approve").await;
    // One word for the post's life: approved for tomorrow, it is scheduled (never "Approved" once it moves on).
    browser.wait_for_text("#post-status", "Scheduled").await;
    assert!(
        browser.text("#approval").await.contains("Approved"),
        "the decision is in the trail"
    );

    // In the calendar it sits on tomorrow; dragging it to the day after keeps 09:30.
    browser
        .goto(&app.url(&format!("/calendar?view=week&date={tomorrow}")))
        .await;
    browser
        .wait_for(&format!("td[data-date='{tomorrow}'] #entry-{post_id}"))
        .await;
    if day_after.weekday() == jiff::civil::Weekday::Monday {
        browser
            .goto(&app.url(&format!("/calendar?view=month&date={tomorrow}")))
            .await;
        browser.wait_for(&format!("#entry-{post_id}")).await;
    }
    browser
        .client
        .execute(
            DRAG,
            vec![
                json!(format!("#entry-{post_id}")),
                json!(format!("td[data-date='{day_after}']")),
            ],
        )
        .await
        .unwrap();
    browser
        .wait_for(&format!("td[data-date='{day_after}'] #entry-{post_id}"))
        .await;
    let post: serde_json::Value = {
        let p = sangam_store::posts::get(&app.db, app.workspace_id, post_id)
            .await
            .unwrap();
        json!({"at": sangam_web::time_fmt::iso(p.scheduled_at)})
    };
    assert_eq!(
        post["at"],
        format!("{day_after}T09:30:00Z"),
        "moved a day, same time of day"
    );

    // Moved to now with the keyboard alternative, it publishes: the sandbox gets the variant, once.
    browser.goto(&post_url).await;
    let now =
        sangam_web::time_fmt::to_local_input(sangam_domain::now_millis(), &jiff::tz::TimeZone::UTC);
    browser
        .client
        .execute(
            "document.getElementById('reschedule-at').value = arguments[0];",
            vec![json!(now)],
        )
        .await
        .unwrap();
    browser.click("#reschedule-form button").await;
    browser
        .wait_for_text(".delivery[data-state=published]", "acme")
        .await;
    browser.goto(&post_url).await;
    browser.wait_for_text("#post-status", "Published").await;
    let posts = app.sandbox.all_posts().await.unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].text, "Sandbox gets its own words #monsoon");
    // What the sandbox itself received (its ledger, not our database): both images, alt text and order kept.
    let received: Vec<(&str, &str, i64)> = posts[0]
        .images
        .iter()
        .map(|i| (i.alt.as_str(), i.mime.as_str(), i.size))
        .collect();
    assert_eq!(
        received,
        [
            ("A single brown pixel", "image/png", PIXEL_PNG.len() as i64),
            (
                "The same pixel, <b>again</b>",
                "image/png",
                PIXEL_PNG.len() as i64
            )
        ]
    );
    assert_eq!(posts[0].language.as_deref(), Some("en"));
    assert_eq!(posts[0].content_warning.as_deref(), Some("Tiny images"));
    // The sandbox's own public page for the post (read from its ledger) shows both alt texts, as text.
    let open = browser
        .client
        .find(fantoccini::Locator::Css(".delivery .open-remote"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    browser.goto(&app.url(&open)).await;
    let page = browser.text("#sandbox-images").await;
    assert!(page.contains("A single brown pixel"), "{page}");
    assert!(page.contains("The same pixel, <b>again</b>"), "{page}");
    browser.goto(&post_url).await;
    browser.wait_for("#deliveries").await;
    // The post page says what went, alt text escaped, and offers no edit now that it is out.
    let plan = browser.text(".plan").await;
    assert!(plan.contains("The same pixel, <b>again</b>"), "{plan}");
    assert!(plan.contains("Tiny images"), "{plan}");
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#edit-post"))
            .await
            .is_err(),
        "a published post is not offered Edit"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_crisis_switch_holds_everything_and_resuming_lists_what_was_held() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let manager = app.person(Role::Manager).await;
    sign_in(&browser, &app, &manager).await;

    browser.goto(&app.url("/crisis")).await;
    browser
        .fill(
            "#pause-reason",
            "Airport outage; we are listening, not selling",
        )
        .await;
    browser.click("#pause").await;
    browser
        .wait_for_text("#crisis-state", "Airport outage")
        .await;
    browser.goto(&app.url("/")).await;
    browser
        .wait_for_text("#crisis-banner", "Airport outage")
        .await;

    // A post due now is held, not published.
    let token = app.token(Role::Admin).await;
    let created = crate::support::app::client()
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(
            &json!({"text": "Would have gone out during the outage", "profile_ids": [profile.id]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let id = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(
        app.sandbox.all_posts().await.unwrap().is_empty(),
        "nothing publishes while paused"
    );

    browser.goto(&app.url("/crisis")).await;
    browser.click("#resume").await;
    // The held list shows while paused too: wait for the page after resuming before acting on it.
    browser
        .wait_for_text("#crisis-state", "running normally")
        .await;
    browser.wait_for(&format!("#held-{id}")).await;
    browser.click(&format!("#held-{id} .send-now")).await;
    app.eventually("the released post is published", || async {
        app.sandbox.all_posts().await.unwrap().len() == 1
    })
    .await;
    browser.goto(&app.url("/")).await;
    browser.wait_for("#banner-slot").await;
    assert!(
        !browser
            .text("#banner-slot")
            .await
            .contains("Airport outage"),
        "the banner is gone"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unapproved_post_never_reaches_the_network_until_approved() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    sangam_store::workspaces::set_approval_roles(&app.db, app.workspace_id, &[Role::Member])
        .await
        .unwrap();
    let member = app.token(Role::Member).await;
    let manager = app.token(Role::Manager).await;
    let http = crate::support::app::client();
    let created: serde_json::Value = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&member)
        .json(&json!({"text": "Needs a yes first", "profile_ids": [profile.id]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["status"], "pending_approval");
    let id = created["id"].as_i64().unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(
        app.sandbox.all_posts().await.unwrap().is_empty(),
        "held while unapproved"
    );

    // Members cannot approve their own work; the manager can.
    let refused = http
        .post(app.url(&format!("/api/v1/posts/{id}/reviews")))
        .bearer_auth(&member)
        .json(&json!({"decision": "approved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let no_reason = http
        .post(app.url(&format!("/api/v1/posts/{id}/reviews")))
        .bearer_auth(&manager)
        .json(&json!({"decision": "rejected"}))
        .send()
        .await
        .unwrap();
    assert_eq!(no_reason.status(), 422, "a rejection needs a reason");
    let approved: serde_json::Value = http
        .post(app.url(&format!("/api/v1/posts/{id}/reviews")))
        .bearer_auth(&manager)
        .json(&json!({"decision": "approved", "note": "Lovely"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "approved");
    // The held delivery goes out at once, not at the held post's next look 30 s later.
    let delivery = sangam_store::posts::get(&app.db, app.workspace_id, id)
        .await
        .unwrap()
        .deliveries[0]
        .id;
    let publish_jobs_due = sangam_store::jobs::due_by(
        &app.db,
        sangam_domain::JobKind::Publish.as_str(),
        &delivery.to_string(),
        sangam_domain::now_millis(),
    )
    .await
    .unwrap();
    assert!(
        publish_jobs_due >= 1,
        "an approval sends what is due at once"
    );
    app.eventually("the approved post is published", || async {
        app.sandbox.all_posts().await.unwrap().len() == 1
    })
    .await;

    let notices: serde_json::Value = http
        .get(app.url("/api/v1/notifications"))
        .bearer_auth(&member)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        notices.to_string().contains("approved your post"),
        "the author is told: {notices}"
    );
    let audit: serde_json::Value = http
        .get(app.url("/api/v1/audit?action=approved"))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        audit.as_array().unwrap().len(),
        1,
        "the decision is in the audit log"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outside_approver_sees_only_that_post_and_can_approve_it() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    sangam_store::workspaces::set_approval_roles(&app.db, app.workspace_id, &[Role::Member])
        .await
        .unwrap();
    let member = app.token(Role::Member).await;
    // Only an approver of the waiting step (here the default: a Manager or Admin), never the author, may invite.
    let manager = app.token(Role::Manager).await;
    let http = crate::support::app::client();
    let post: serde_json::Value = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&member)
        .json(&json!({"text": "For the client's eyes", "profile_ids": [profile.id], "scheduled_at": sangam_domain::now_millis() + 86_400_000}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = post["id"].as_i64().unwrap();
    let link: serde_json::Value = http
        .post(app.url(&format!("/api/v1/posts/{id}/links")))
        .bearer_auth(&manager)
        .json(&json!({"name": "Client Rina", "days": 3}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = link["path"]
        .as_str()
        .unwrap_or_else(|| panic!("{link}"))
        .to_string();

    let stranger = crate::support::app::client();
    let page = stranger
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("For the client&#39;s eyes") || page.contains("For the client's eyes"),
        "{page}"
    );
    assert!(
        !page.contains("nav-dashboard") && !page.contains("/posts/new"),
        "nothing else of Sangam is shown"
    );
    let decided = stranger
        .post(app.url(&path))
        .form(&[("decision", "approved"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 200);
    let after = sangam_store::posts::get(&app.db, app.workspace_id, id)
        .await
        .unwrap();
    assert_eq!(after.status, sangam_domain::PostStatus::Approved);

    let forged = stranger
        .get(app.url("/review/sgm_forged-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_post_is_cancelled_and_never_reaches_the_network() {
    let app = TestApp::start().await;
    let a = app.profile("acme").await;
    let token = app.token(Role::Member).await;
    let http = crate::support::app::client();
    let later = sangam_domain::now_millis() + 3_600_000;
    let post: serde_json::Value = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({"text": "Never mind", "profile_ids": [a.id], "scheduled_at": later}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = post["id"].as_i64().unwrap();
    let deleted = http
        .delete(app.url(&format!("/api/v1/posts/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let d = sangam_store::posts::delivery(&app.db, post["deliveries"][0]["id"].as_i64().unwrap())
        .await
        .unwrap();
    assert_eq!(d.state, sangam_domain::DeliveryState::Cancelled);
    let retry = http
        .post(app.url(&format!("/api/v1/deliveries/{}/retry", d.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        retry.status(),
        404,
        "a deleted post's deliveries are gone for good"
    );
    assert!(app.sandbox.all_posts().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn add_to_queue_takes_the_next_free_queue_time() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let admin = app.token(Role::Admin).await;
    let member = app.token(Role::Member).await;
    let http = crate::support::app::client();
    let set: serde_json::Value = http
        .put(app.url(&format!("/api/v1/profiles/{}/queue", profile.id)))
        .bearer_auth(&admin)
        .json(&json!({"time_zone": "Asia/Kolkata", "slots": "Mon-Sun 09:00 18:00"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(set["slots"].as_array().unwrap().len(), 14);
    let first_free = set["next"].as_i64().unwrap();

    let mut times = vec![];
    for text in ["Queued one", "Queued two"] {
        let post: serde_json::Value = http
            .post(app.url("/api/v1/posts"))
            .bearer_auth(&member)
            .json(&json!({"text": text, "profile_ids": [profile.id], "queue": true}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        times.push(post["scheduled_at"].as_i64().unwrap());
    }
    assert_eq!(times[0], first_free);
    assert!(
        times[1] > times[0],
        "the second post takes the next slot, not the same one"
    );
    let kolkata = jiff::tz::TimeZone::get("Asia/Kolkata").unwrap();
    for at in times {
        let local = jiff::Timestamp::from_millisecond(at)
            .unwrap()
            .to_zoned(kolkata.clone());
        assert!(
            matches!((local.hour(), local.minute()), (9, 0) | (18, 0)),
            "queued at a queue time: {local}"
        );
    }
    let bad = http
        .put(app.url(&format!("/api/v1/profiles/{}/queue", profile.id)))
        .bearer_auth(&admin)
        .json(&json!({"time_zone": "Asia/Kolkata", "slots": "Someday 09:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

/// Stores an upload for the workspace as `POST /api/v1/media` would.
async fn upload(app: &TestApp, size: usize, alt: &str) -> i64 {
    let mut bytes = PIXEL_PNG.to_vec();
    bytes.resize(size.max(PIXEL_PNG.len()), 0);
    let new = sangam_store::media::NewMedia {
        workspace_id: app.workspace_id,
        mime: "image/png",
        bytes: &bytes,
        alt,
        sha256: "test",
    };
    sangam_store::media::store(&app.db, new, sangam_domain::now_millis())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_posts_api_takes_ordered_images_language_and_warning_and_refuses_what_bluesky_cannot_take()
 {
    let app = TestApp::start().await;
    let sandbox = app.profile("acme").await;
    let bluesky = sangam_store::profiles::create(
        &app.db,
        &app.secrets,
        sangam_store::profiles::NewProfile {
            workspace_id: app.workspace_id,
            network: sangam_domain::NetworkKind::Bluesky,
            handle: "acme.bsky.test",
            display_name: "Acme on Bluesky",
            credentials: &json!({"service": "https://bsky.invalid", "identifier": "acme", "app_password": "x"}),
        },
        sangam_domain::now_millis(),
    )
    .await
    .unwrap();
    let token = app.token(Role::Member).await;
    let client = crate::support::app::client();
    let big = upload(&app, 1_200_000, "").await;

    // Over Bluesky's million bytes: refused before anything is saved, with a sentence and a stable code.
    let refused = client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({"text": "Big picture", "profile_ids": [bluesky.id],
                       "images": [{"media_id": big, "alt": "A large photo"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "image_too_large_for_network");
    assert_eq!(
        body["message"],
        "Image 1 is 1.2 MB; Bluesky takes at most 1.0 MB per image."
    );
    assert!(
        sangam_store::posts::list(&app.db, app.workspace_id, 10)
            .await
            .unwrap()
            .is_empty(),
        "nothing was saved"
    );

    // The sandbox takes it (its limit is 5 MB): order and alt text as given, the language and the warning kept.
    let small = upload(&app, 80, "uploaded alt").await;
    let created = client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(
            &json!({"text": "Two pictures", "profile_ids": [sandbox.id], "language": "en",
                       "content_warning": "Bright colours",
                       "images": [{"media_id": small, "alt": "Small one first"},
                                  {"media_id": big, "alt": "Then the large one"}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let post: serde_json::Value = created.json().await.unwrap();
    assert_eq!(post["language"], "en");
    assert_eq!(post["content_warning"], "Bright colours");
    let alts: Vec<&str> = post["media"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["alt"].as_str().unwrap())
        .collect();
    assert_eq!(alts, ["Small one first", "Then the large one"]);
    let id = post["id"].as_i64().unwrap();
    app.eventually("the sandbox has the post", || async {
        app.sandbox.all_posts().await.unwrap().len() == 1
    })
    .await;
    let received = &app.sandbox.all_posts().await.unwrap()[0];
    let got: Vec<(&str, i64)> = received
        .images
        .iter()
        .map(|i| (i.alt.as_str(), i.size))
        .collect();
    assert_eq!(
        got,
        [("Small one first", 80), ("Then the large one", 1_200_000)]
    );
    assert_eq!(received.content_warning.as_deref(), Some("Bright colours"));

    // The API tells per delivery what went; the post's one word is Published.
    app.eventually("the delivery is recorded as published", || async {
        let p = sangam_store::posts::get(&app.db, app.workspace_id, id)
            .await
            .unwrap();
        p.life == sangam_domain::PostLife::Published
    })
    .await;
    let plan: serde_json::Value = client
        .get(app.url(&format!("/api/v1/posts/{id}/plan")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(plan[0]["images"][1]["alt"], "Then the large one");
    assert_eq!(plan[0]["images"][1]["sent"], true);
    assert_eq!(plan[0]["content_warning"]["sent"], true);
    let shown: serde_json::Value = client
        .get(app.url(&format!("/api/v1/posts/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["life"], "published");

    // Published, it can no longer be edited: the API says why.
    let edit = client
        .put(app.url(&format!("/api/v1/posts/{id}")))
        .bearer_auth(&token)
        .json(&json!({"text": "Changed", "profile_ids": [sandbox.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 422);
    let body: serde_json::Value = edit.json().await.unwrap();
    assert_eq!(body["error"], "post_already_sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_saved_before_any_profile_gets_its_deliveries_when_profiles_are_chosen() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let token = app.token(Role::Member).await;
    let client = crate::support::app::client();
    let draft: serde_json::Value = client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({"text": "नमस्ते, मानसून का मेन्यू आ गया है", "profile_ids": [], "draft": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(draft["life"], "draft", "{draft}");
    assert_eq!(draft["language"], "hi", "detected from the text");
    assert!(draft["deliveries"].as_array().unwrap().is_empty());
    let id = draft["id"].as_i64().unwrap();
    let submitted = client
        .put(app.url(&format!("/api/v1/posts/{id}")))
        .bearer_auth(&token)
        .json(&json!({"text": "नमस्ते, मानसून का मेन्यू आ गया है", "profile_ids": [profile.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 200);
    app.eventually("the sandbox has the post", || async {
        app.sandbox.all_posts().await.unwrap().len() == 1
    })
    .await;
    assert_eq!(
        app.sandbox.all_posts().await.unwrap()[0]
            .language
            .as_deref(),
        Some("hi")
    );
}
