//! Reports in the real server: each report opens for a viewer, figures link to their definitions, tables export as
//! CSV with formulas neutralised, a metric the network does not report says so instead of showing zero, and a share
//! link opens for someone signed out; then the same in a real browser.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use sangam_domain::{Role, now_millis};
use sangam_store::posts::{self, NewPost};
use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};

const DAY: i64 = 24 * 3600 * 1000;

/// One sandbox profile with follower snapshots, and one post published yesterday (whose text would be a spreadsheet
/// formula) with an engagement snapshot.
async fn measured(app: &TestApp) -> i64 {
    let profile = app.profile("acme").await;
    let now = now_millis();
    for (i, followers) in [1000, 1010, 1040].into_iter().enumerate() {
        snapshots::record_profile(
            &app.db,
            &ProfileSnapshot {
                profile_id: profile.id,
                taken_at: now - (3 - i as i64) * DAY,
                followers,
                following: 5,
                posts: 1,
            },
        )
        .await
        .unwrap();
    }
    let author = sangam_store::users::list(&app.db, app.workspace_id)
        .await
        .unwrap();
    let author = match author.first() {
        Some(u) => u.id,
        None => {
            app.person(Role::Admin).await;
            sangam_store::users::list(&app.db, app.workspace_id)
                .await
                .unwrap()[0]
                .id
        }
    };
    let ids = [profile.id];
    let tags = vec!["launch".to_string()];
    let mut new = NewPost::text(
        app.workspace_id,
        author,
        "=HYPERLINK(\"http://evil.invalid\") launch day",
        now + 365 * DAY,
        &ids,
    );
    new.tags = &tags;
    let post = posts::create(&app.db, new, now).await.unwrap();
    let d = post.deliveries[0].id;
    assert!(posts::record_intent(&app.db, d, now).await.unwrap());
    assert!(
        posts::mark_published(
            &app.db,
            d,
            "r1",
            "https://sandbox.invalid/r1",
            now - DAY - 60_000,
            now
        )
        .await
        .unwrap()
    );
    snapshots::record_post(
        &app.db,
        &PostSnapshot {
            delivery_id: d,
            taken_at: now - 3_600_000,
            likes: 8,
            reposts: 1,
            replies: 1,
            quotes: 0,
            impressions: None,
        },
    )
    .await
    .unwrap();
    post.id
}

#[tokio::test(flavor = "multi_thread")]
async fn every_report_opens_exports_csv_safely_and_shares_read_only_with_a_stranger() {
    let app = TestApp::start().await;
    measured(&app).await;
    let viewer = app.signed_in(Role::Viewer).await;
    for (path, needle) in [
        ("/reports/profiles", "Profile performance"),
        ("/reports/posts", "Post performance"),
        ("/reports/tags", "launch"),
        ("/reports/inbox", "Inbox and team"),
    ] {
        let r = viewer.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.unwrap();
        assert!(body.contains(needle), "{path} shows {needle}");
        assert!(
            body.contains("/glossary?lang=en-US#"),
            "{path} links figures to definitions"
        );
        assert!(!body.contains("<script>"), "{path} needs no script");
    }
    // 10 engagements on 1,010 followers (the last snapshot before the post): 0.99%; impressions are not reported.
    // Up to yesterday, so the engine's own collection today stays out of the growth figure.
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let days_ago = |n: i64| today.checked_sub(jiff::Span::new().days(n)).unwrap();
    let body = viewer
        .get(app.url(&format!(
            "/reports/profiles?from={}&to={}",
            days_ago(3),
            days_ago(1)
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("0.99%"), "engagement rate per follower");
    assert!(body.contains("4.00%"), "audience growth 1000 -> 1040");
    assert!(body.contains("not reported by this network"));

    // The same figures over JSON, with "not reported" spelled out rather than zero.
    let json: serde_json::Value = viewer
        .get(app.url(&format!(
            "/api/v1/reports/profiles?from={}&to={}&compare=none",
            days_ago(3),
            days_ago(1)
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        json["report"]["total"]["audience_growth_rate"]["value"],
        4.0
    );
    assert_eq!(
        json["report"]["total"]["impressions"]["status"],
        "not_reported"
    );
    assert!(json["comparison"].is_null());
    let catalogue: serde_json::Value = viewer
        .get(app.url("/api/v1/metrics"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        catalogue
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "reach" && m["aggregation"] == "average_per_post_never_summed")
    );

    // CSV: an attachment, with the formula neutralised.
    let r = viewer
        .get(app.url("/reports/export?report=posts&table=posts"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let csv = r.text().await.unwrap();
    assert!(csv.contains("[engagement_rate_per_follower]"), "{csv}");
    assert!(csv.contains("\"'=HYPERLINK("), "formula neutralised: {csv}");

    // Viewers read but do not share; a member shares; a stranger opens the link; a wrong token finds nothing.
    let refused = viewer
        .post(app.url("/reports/share"))
        .form(&[("report", "profiles"), ("query", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let member = app.signed_in(Role::Member).await;
    let page = member
        .post(app.url("/reports/share"))
        .form(&[
            ("report", "profiles"),
            ("query", "compare=none"),
            ("days", "2"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = page.find("/shared/sgm_").expect("share link on the page");
    let link: String = page[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();
    let stranger = client();
    let shared = stranger.get(app.url(&link)).send().await.unwrap();
    assert_eq!(shared.status(), 200);
    let shared = shared.text().await.unwrap();
    assert!(shared.contains("0.99%") && shared.contains("read-only"));
    assert!(
        !shared.contains("/reports/export"),
        "no exports from a share link"
    );
    let wrong = stranger
        .get(app.url("/shared/sgm_not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);

    // The glossary is open to all, with an anchor per metric, in Hindi too.
    let glossary = stranger
        .get(app.url("/glossary?lang=hi-IN"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(glossary.contains("id=\"engagement_rate_per_follower\""));
    assert!(glossary.contains("मीट्रिक शब्दावली"));
    assert!(glossary.contains("Rival IQ"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_viewer_changes_the_period_follows_a_figure_to_its_definition_and_a_share_opens_signed_out()
 {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    measured(&app).await;
    let member = app.person(Role::Member).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &member).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    // Each report opens from the tabs.
    browser.goto(&app.url("/reports/profiles")).await;
    for tab in ["posts", "tags", "inbox", "profiles"] {
        browser.click(&format!("#tab-{tab}")).await;
        browser.wait_for(&format!("#tab-{tab}[aria-current]")).await;
    }
    // An empty period long ago: no posts, and rates say "no data" rather than zero.
    browser
        .client
        .execute(
            "document.getElementById('report-from').value = '2020-01-01'; document.getElementById('report-to').value = '2020-01-31';",
            vec![],
        )
        .await
        .unwrap();
    let profile_box = browser.wait_for("input[name=profile]").await;
    profile_box.click().await.unwrap();
    browser.click("#report-apply").await;
    browser.wait_for_text("#report-period", "2020-01-01").await;
    assert!(browser.url().await.contains("profile="));
    browser.wait_for_text("#profiles", "no data").await;
    // Back to the last 28 days; follow the engagement rate to its definition.
    browser.goto(&app.url("/reports/profiles")).await;
    browser
        .click("#profiles a.def[data-metric=engagement_rate_per_follower]")
        .await;
    browser
        .wait_for_text("#engagement_rate_per_follower", "median")
        .await;
    assert!(browser.url().await.contains("/glossary"));
    // The export link is an attachment of this table.
    browser.goto(&app.url("/reports/posts")).await;
    let csv = browser.wait_for("#csv-posts").await;
    let href = csv.attr("href").await.unwrap().unwrap();
    assert!(href.starts_with("/reports/export?report=posts&table=posts"));
    // Share, sign out, open the link.
    browser.goto(&app.url("/reports/profiles")).await;
    browser.click("#report-share-button").await;
    let link = browser.wait_for("#share-link").await.text().await.unwrap();
    browser.click("#logout").await;
    browser.wait_for("#login-form").await;
    browser.goto(&app.url(&link)).await;
    browser.wait_for_text("#shared-note", "read-only").await;
    browser.wait_for_text("#profiles", "0.99%").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_sets_a_goal_that_shows_progress_a_stated_forecast_and_appears_on_the_dashboard()
{
    let app = TestApp::start().await;
    measured(&app).await;
    let manager = app.signed_in(Role::Manager).await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let start = today.checked_sub(jiff::Span::new().days(3)).unwrap();
    let end = today.checked_add(jiff::Span::new().days(27)).unwrap();
    let owner = sangam_store::users::list(&app.db, app.workspace_id)
        .await
        .unwrap()[0]
        .id;
    let form = [
        ("objective", "Grow the audience before Diwali".to_string()),
        ("metric_id", "engagements".to_string()),
        ("profiles", String::new()),
        ("tags", String::new()),
        ("baseline", "0".to_string()),
        ("target", "40".to_string()),
        ("start", start.to_string()),
        ("end", end.to_string()),
        ("owner_id", owner.to_string()),
    ];
    let r = manager
        .post(app.url("/goals"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let page = manager
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Grow the audience before Diwali"));
    // 10 engagements of a 0 -> 40 goal: 25%.
    assert!(page.contains("id=\"goal-progress\">25%"), "{page}");
    assert!(page.contains("95% range") || page.contains("Not enough days"));
    assert!(page.contains("/glossary?lang=en-US#engagements"));
    let dashboard = manager
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains("dashboard-goals") && dashboard.contains("Grow the audience"));
    // A metric that reports do not compute cannot be a goal; members cannot set goals.
    let mut bad = form.clone();
    bad[1].1 = "social_roi".into();
    let r = manager
        .post(app.url("/goals"))
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let member = app.signed_in(Role::Member).await;
    let r = member
        .post(app.url("/goals"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The same goal over JSON, with its status.
    let id = location.trim_start_matches("/goals/");
    let json: serde_json::Value = manager
        .get(app.url(&format!("/api/v1/goals/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["goal"]["metric_id"], "engagements");
    assert_eq!(json["status"]["progress"], 25.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_printable_report_needs_no_script_and_draws_its_charts_as_svg() {
    let app = TestApp::start().await;
    measured(&app).await;
    let viewer = app.signed_in(Role::Viewer).await;
    for report in ["profiles", "posts", "tags", "inbox"] {
        let page = viewer
            .get(app.url(&format!("/reports/print?report={report}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("<script"), "{report}");
        assert!(page.contains("<svg"), "{report} has a chart");
        assert!(
            !page.contains("id=\"report-filters\""),
            "{report} is the report alone"
        );
    }
}
