//! The product in a real browser (headless Chromium over WebDriver). Skips with a message where Chromium is absent;
//! CI sets SANGAM_REQUIRE_BROWSER so there it must run.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::Role;

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_composes_and_schedules_and_watches_a_post_publish() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    app.profile("acme").await;
    let email = app.person(Role::Member).await;
    sign_in(&browser, &app, &email).await;

    // Publish now, and watch the delivery settle on the post's page (htmx polls it).
    browser.click("#compose-link, a[href='/posts/new']").await;
    browser.wait_for("#compose-form").await;
    browser
        .fill("#text", "Monsoon menu is live! <script>alert(1)</script>")
        .await;
    browser.click("input[name=profile]").await;
    browser.wait_for_text("#counters", "sandbox:").await;
    browser.click("#when-now").await;
    browser.click("#compose-submit").await;
    browser.wait_for("#deliveries").await;
    browser
        .wait_for_text(".delivery[data-state=published]", "acme")
        .await;
    assert!(
        browser
            .text("#post-body")
            .await
            .contains("<script>alert(1)</script>"),
        "text stays text"
    );
    assert_eq!(
        app.sandbox.all_posts().await.unwrap().len(),
        1,
        "published once"
    );

    // Schedule one for tomorrow: it waits, shown as scheduled, at the chosen local time.
    browser.goto(&app.url("/posts/new")).await;
    browser.fill("#text", "Tomorrow's special").await;
    browser.click("input[name=profile]").await;
    browser.click("#when-later").await;
    let tomorrow = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap();
    let at = format!("{tomorrow}T09:30");
    browser
        .client
        .execute(
            "document.getElementById('at').value = arguments[0];",
            vec![serde_json::json!(at)],
        )
        .await
        .unwrap();
    browser.click("#compose-submit").await;
    browser
        .wait_for_text(".delivery[data-state=scheduled]", "acme")
        .await;
    browser.goto(&app.url("/posts")).await;
    browser
        .wait_for_text("#posts-table", &format!("{tomorrow} 09:30"))
        .await;
    assert_eq!(
        app.sandbox.all_posts().await.unwrap().len(),
        1,
        "the scheduled post has not gone out"
    );
    browser
        .screenshot(std::env::temp_dir().join("sangam-posts.png"))
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_interface_switches_to_hindi() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let email = app.person(Role::Viewer).await;
    sign_in(&browser, &app, &email).await;
    browser.goto(&app.url("/account")).await;
    browser.wait_for("#preferences-form").await;
    browser
        .client
        .execute(
            "document.getElementById('language').value = 'hi-IN';",
            vec![],
        )
        .await
        .unwrap();
    browser.click("#preferences-submit").await;
    browser.wait_for_text("nav", "डैशबोर्ड").await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_text("h1", "डैशबोर्ड").await;
    let lang = browser
        .client
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "hi-IN");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_draws_its_charts_from_snapshots() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    for day in 0..5 {
        let snap = sangam_store::snapshots::ProfileSnapshot {
            profile_id: profile.id,
            taken_at: sangam_domain::now_millis() - (5 - day) * 86_400_000,
            followers: 1000 + day * 10,
            following: 10,
            posts: 3,
        };
        sangam_store::snapshots::record_profile(&app.db, &snap)
            .await
            .unwrap();
    }
    let email = app.person(Role::Manager).await;
    sign_in(&browser, &app, &email).await;
    browser.wait_for("#followers-chart canvas").await;
    let series = browser
        .client
        .execute(
            "return document.getElementById('followers-chart').dataset.series",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        series.as_str().unwrap().contains("1040"),
        "the stored snapshots feed the chart: {series}"
    );
    browser.close().await;
}
