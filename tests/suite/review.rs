//! The weekly review in the real server: every figure it shows is the reports' figure for that week (on SQLite and
//! PostgreSQL), two `sangam serve` processes on one PostgreSQL draft each week's review once, and in a real browser
//! the manager runs the meeting, makes an insight card from a theme and shares it with someone signed out.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use crate::support::process::Setup;
use sangam_domain::{MessageKind, Role, Sentiment, now_millis};
use sangam_networks::sandbox::SandboxConfig;
use sangam_store::inbox::{self, NewMessage};
use sangam_store::posts::{self, NewPost};
use sangam_store::secrets::SecretBox;
use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};
use sangam_store::{Db, Sql, users, workspaces};
use serde_json::{Value, json};
use std::time::Duration;

const HOUR: i64 = 3_600_000;

/// The app with no inbound traffic of its own, so the messages counted are the ones the test stored.
async fn quiet(db: Db) -> TestApp {
    let sandbox = SandboxConfig {
        messages_per_hour: 0.0,
        ..SandboxConfig::seeded(7)
    };
    TestApp::start_on(db, sandbox).await
}

fn day(at: i64) -> String {
    jiff::Timestamp::from_millisecond(at)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

fn message(n: usize, kind: MessageKind, text: &str, sentiment: Sentiment, at: i64) -> NewMessage {
    NewMessage {
        remote_id: format!("m{n}"),
        kind,
        author_handle: format!("@fan{n}"),
        author_name: format!("Fan {n}"),
        author_followers: Some(10),
        text: text.into(),
        url: None,
        in_reply_to: None,
        conversation_id: format!("c{n}"),
        received_at: at,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: sentiment,
        abusive: false,
        abuse_score: 0.0,
        abuse_labels: vec![],
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }
}

/// Publishes `body` on `profile` at `at` with `likes` likes measured.
async fn published(app: &TestApp, profile: i64, author: i64, body: &str, at: i64, likes: i64) {
    let now = now_millis();
    let tags = vec!["diwali".to_string()];
    let ids = [profile];
    let mut new = NewPost::text(app.workspace_id, author, body, now + 400 * 24 * HOUR, &ids);
    if likes % 2 == 0 {
        new.tags = &tags;
    }
    let post = posts::create(&app.db, new, now).await.unwrap();
    let d = post.deliveries[0].id;
    assert!(posts::record_intent(&app.db, d, now).await.unwrap());
    let remote = format!("r{d}");
    let url = format!("https://sandbox.invalid/{remote}");
    assert!(
        posts::mark_published(&app.db, d, &remote, &url, at, now)
            .await
            .unwrap()
    );
    let snapshot = PostSnapshot {
        delivery_id: d,
        taken_at: at + HOUR,
        likes,
        reposts: likes / 3,
        replies: 1,
        quotes: 0,
        impressions: None,
    };
    snapshots::record_post(&app.db, &snapshot).await.unwrap();
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::credentials_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

/// Last week's history: follower snapshots, six measured posts of different kinds, and messages with planted
/// complaints and praise (and a few the week before).
async fn last_week(app: &TestApp, author: i64) -> (i64, i64) {
    let (start, end) = sangam_engine::review::last_week("UTC", now_millis());
    let profile = app.profile("acme").await;
    for (at, followers) in [
        (start - 24 * HOUR, 900),
        (start + HOUR, 1000),
        (end - HOUR, 1100),
    ] {
        let snap = ProfileSnapshot {
            profile_id: profile.id,
            taken_at: at,
            followers,
            following: 1,
            posts: 6,
        };
        snapshots::record_profile(&app.db, &snap).await.unwrap();
    }
    let posts = [
        ("Diwali sale starts now", 9, 30),
        ("Read our guide https://example.com/guide", 14, 4),
        ("A short note", 20, 6),
        (
            "A long story about how our customer care team answers in Hindi and English until midnight, every day of the festival week, with a smile and a saved reply for everything",
            10,
            5,
        ),
        ("Evening update", 19, 2),
        ("Morning hello", 8, 7),
    ];
    for (i, (body, hour, likes)) in posts.into_iter().enumerate() {
        let at = start + (i as i64) * 24 * HOUR + hour * HOUR;
        published(app, profile.id, author, body, at, likes).await;
    }
    let mut messages = Vec::new();
    let at = |h: i64| start + h * HOUR;
    for i in 0..4 {
        messages.push(message(
            i,
            MessageKind::DirectMessage,
            &format!("@acme my refund not received yet, order {i}"),
            Sentiment::Negative,
            at(10 + 20 * i as i64),
        ));
    }
    for i in 4..7 {
        messages.push(message(
            i,
            MessageKind::Mention,
            "love the new app design, thank you",
            Sentiment::Positive,
            at(30 + 10 * i as i64),
        ));
    }
    messages.push(message(
        7,
        MessageKind::Reply,
        "what time do you open",
        Sentiment::Neutral,
        at(50),
    ));
    // The week before: one refund complaint.
    messages.push(message(
        8,
        MessageKind::DirectMessage,
        "refund not received",
        Sentiment::Negative,
        start - 30 * HOUR,
    ));
    inbox::ingest_page(
        &app.db,
        app.workspace_id,
        profile.id,
        &messages,
        None,
        now_millis(),
    )
    .await
    .unwrap();
    (start, end)
}

async fn get_json(client: &reqwest::Client, url: String) -> Value {
    let r = client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.json().await.unwrap()
}

/// Every figure of the review against the same figure on the reports, goals and care pages' JSON for that week.
async fn figures_equal_the_reports(app: TestApp) {
    let lead_email = app.person(Role::Manager).await;
    let lead = user_id(&app, &lead_email).await;
    let client = crate::support::app::client();
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("email", lead_email.as_str()),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (start, end) = last_week(&app, lead).await;
    let goal = client
        .post(app.url("/api/v1/goals"))
        .json(&json!({
            "objective": "Grow the audience", "metric_id": "followers", "baseline": 900.0, "target": 2000.0,
            "start": day(start), "end": day(end + 20 * 24 * HOUR), "owner_id": lead
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(goal.status(), 201);
    let goal: Value = goal.json().await.unwrap();

    let drafted = client
        .post(app.url("/api/v1/reviews"))
        .json(&json!({"week": day(start + 50 * HOUR)}))
        .send()
        .await
        .unwrap();
    assert_eq!(drafted.status(), 201);
    let drafted: Value = drafted.json().await.unwrap();
    assert_eq!(drafted["week_start"], json!(start));
    assert_eq!(drafted["week_end"], json!(end));
    let review = get_json(
        &client,
        app.url(&format!("/api/v1/reviews/{}", drafted["id"])),
    )
    .await;
    let fig = &review["figures"];
    let week = format!("from={}&to={}", day(start), day(end - 1));

    let profiles = get_json(
        &client,
        app.url(&format!("/api/v1/reports/profiles?{week}&compare=none")),
    )
    .await;
    assert_eq!(fig["profiles"], profiles["report"], "profile performance");
    assert_eq!(fig["profiles"]["total"]["posts_published"], json!(6));
    let posts = get_json(
        &client,
        app.url(&format!(
            "/api/v1/reports/posts?{week}&sort=engagement_rate"
        )),
    )
    .await;
    assert_eq!(fig["posts"], posts["posts"], "post performance");
    let inbox = get_json(
        &client,
        app.url(&format!("/api/v1/reports/inbox?{week}&compare=previous")),
    )
    .await;
    assert_eq!(fig["inbox"], inbox["report"], "inbox and team");
    assert_eq!(
        fig["inbox_previous"], inbox["comparison"],
        "last week's inbox"
    );
    assert_eq!(fig["inbox"]["messages_received"], json!(8));
    let goal_now = get_json(&client, app.url(&format!("/api/v1/goals/{}", goal["id"]))).await;
    // A goal's status is read at the moment it is asked for (its last point is "now"), so the two reads, moments
    // apart, agree on every figure the pages show and on the forecast to within the instant between them.
    let (mine, theirs) = (&fig["goals"][0]["status"], &goal_now["status"]);
    for field in ["current", "progress", "on_track"] {
        assert_eq!(mine[field], theirs[field], "goal {field}");
    }
    assert_eq!(mine["forecast"]["points"], theirs["forecast"]["points"]);
    for field in ["value", "slope", "intercept", "standard_error"] {
        let (a, b) = (
            mine["forecast"][field].as_f64().unwrap(),
            theirs["forecast"][field].as_f64().unwrap(),
        );
        assert!(
            (a - b).abs() <= 1e-4 * b.abs().max(1.0),
            "goal forecast {field}: {a} vs {b}"
        );
    }
    // The care API read at the review's week's last moment: that week's load, not this week's.
    let team = get_json(
        &client,
        app.url(&format!("/api/v1/care/team?at={}", end - 1)),
    )
    .await;
    for field in [
        "inbox_min",
        "compose_min",
        "approval_min",
        "report_min",
        "messages_handled",
        "posts_shipped",
    ] {
        assert_eq!(fig["team"][field], team["totals"][field], "team {field}");
    }
    assert_eq!(
        fig["team"]["people"],
        json!(team["people"].as_array().unwrap().len())
    );
    // What worked is measured against the profile report's own median for that profile.
    let median = &fig["profiles"]["lines"][0]["figures"]["engagement_rate_per_follower"];
    let worked = fig["worked"].as_array().unwrap();
    assert!(
        !worked.is_empty(),
        "the 30-like post is well above the median"
    );
    for w in worked.iter().chain(fig["did_not"].as_array().unwrap()) {
        assert_eq!(&w["profile_median"], &median["value"], "{w}");
        assert!(
            posts["posts"].as_array().unwrap().contains(&w["line"]),
            "{w}"
        );
    }
    // The planted complaint is the first theme, with last week's count beside it; the praise apart.
    assert_eq!(fig["complaints"][0]["phrase"], json!("refund not received"));
    assert_eq!(fig["complaints"][0]["count"], json!(4));
    assert_eq!(fig["complaints"][0]["previous"], json!(1));
    assert_eq!(fig["praise"][0]["count"], json!(3));
    assert_eq!(fig["listening_available"], json!(false));
    // The page shows the same review.
    let page = client
        .get(app.url(&format!("/reviews/{}", drafted["id"])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("refund not received"), "{page}");
    assert!(page.contains("does not collect competitor"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_figure_in_the_review_is_the_reports_figure_for_that_week() {
    let db = sangam_store::testing::sqlite().await.unwrap();
    figures_equal_the_reports(quiet(db).await).await;
    if let Some(db) = sangam_store::testing::postgres().await.unwrap() {
        eprintln!("the review's figures on postgres");
        figures_equal_the_reports(quiet(db).await).await;
    }
}

async fn wait_for(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    let (n,): (i64,) = db.fetch_one(Sql::new(sql)).await.unwrap();
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn two_serve_processes_on_one_postgres_draft_each_weeks_review_once() {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipping: TEST_DATABASE_URL is not set, so there is no PostgreSQL to share");
        return;
    };
    let schema = sangam_store::fresh_schema_name();
    let db = Db::connect_pg_schema(&url, &schema).await.unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup::new(url, dir.path());
    std::fs::write(setup.key_path(), SecretBox::generate_hex()).unwrap();
    let zones = [
        "UTC",
        "Asia/Kolkata",
        "America/New_York",
        "Pacific/Auckland",
    ];
    for (i, zone) in zones.iter().enumerate() {
        let ws = workspaces::create(&db, &format!("Team {i}"), 0)
            .await
            .unwrap();
        let lead = users::create(
            &db,
            users::NewUser {
                workspace_id: ws.id,
                email: &format!("lead{i}@team.test"),
                name: "Lead",
                password_hash: "x",
                role: Role::Manager,
            },
            0,
        )
        .await
        .unwrap();
        let sql = Sql::new("UPDATE users SET time_zone = $1 WHERE id = $2")
            .bind(*zone)
            .bind(lead.id);
        db.execute(sql).await.unwrap();
    }
    let first = setup.serve().await;
    let second = setup.serve().await;
    wait_for(
        "every workspace's review of last week is drafted",
        async || count(&db, "SELECT COUNT(*) FROM reviews").await == zones.len() as i64,
    )
    .await;
    // Both processes plan the drafting every ten seconds; give the second a few rounds to try again.
    wait_for("both processes have planned the drafting", async || {
        count(
            &db,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'draft_reviews' AND state = 'done'",
        )
        .await
            >= 1
    })
    .await;
    tokio::time::sleep(Duration::from_secs(12)).await;
    drop((first, second));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM reviews").await,
        zones.len() as i64
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity WHERE action = 'review_drafted'"
        )
        .await,
        zones.len() as i64,
        "each draft is one line of the audit log"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'review'"
        )
        .await,
        zones.len() as i64,
        "each lead is told once"
    );
    let rows: Vec<(String, i64, i64, Option<i64>)> = db
        .fetch_all(Sql::new(
            "SELECT time_zone, week_start, week_end, drafted_by FROM reviews ORDER BY id",
        ))
        .await
        .unwrap();
    let now = now_millis();
    for (zone, start, end, by) in rows {
        // Drafted by the engine, for the week that ended last in the lead's own time zone.
        assert_eq!(by, None);
        let (s, e) = sangam_engine::review::last_week(&zone, now);
        assert_eq!((start, end), (s, e), "{zone}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manager_runs_the_meeting_and_shares_an_insight_from_a_theme() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = quiet(sangam_store::testing::sqlite().await.unwrap()).await;
    let lead_email = app.person(Role::Manager).await;
    let lead = user_id(&app, &lead_email).await;
    let (start, _) = last_week(&app, lead).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &lead_email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    // The manager opens the review from the navigation and drafts last week's.
    browser.click("#nav a[href='/reviews']").await;
    browser.wait_for("#review-draft-form").await;
    browser
        .client
        .execute(
            &format!(
                "document.getElementById('review-week-day').value = '{}';",
                day(start + 30 * HOUR)
            ),
            vec![],
        )
        .await
        .unwrap();
    browser.click("#review-draft").await;
    browser
        .wait_for_text("#review-complaints", "refund not received")
        .await;

    // An agenda item, then a decision, then an action with an owner and a due date.
    browser
        .fill("#item-body", "Refund complaints doubled")
        .await;
    browser.click("#item-add").await;
    browser
        .wait_for_text("#review-items", "Refund complaints doubled")
        .await;
    let set =
        |id: &str, value: String| format!("document.getElementById('{id}').value = '{value}';");
    browser
        .client
        .execute(&set("item-kind", "decision".into()), vec![])
        .await
        .unwrap();
    browser
        .fill("#item-body", "Answer refund messages first")
        .await;
    browser.click("#item-add").await;
    browser
        .wait_for_text("#review-items", "Answer refund messages first")
        .await;
    browser
        .client
        .execute(
            &format!(
                "{}{}{}",
                set("item-kind", "action".into()),
                set("item-owner", lead.to_string()),
                set("item-due", "2030-01-04".into())
            ),
            vec![],
        )
        .await
        .unwrap();
    browser
        .fill("#item-body", "Write a saved reply for refunds")
        .await;
    browser.click("#item-add").await;
    let items = browser
        .wait_for_text("#review-items", "Write a saved reply for refunds")
        .await;
    assert!(items.contains("2030-01-04"), "{items}");

    // An insight card from the first complaint theme.
    browser
        .fill(
            "#insight-from-theme-0 input[name=sentence]",
            "Refund complaints are the top theme in the inbox this week",
        )
        .await;
    browser
        .fill(
            "#insight-from-theme-0 input[name=business_goal]",
            "Customer service: fewer refund escalations",
        )
        .await;
    browser.click("#insight-from-theme-0 button").await;
    browser
        .wait_for_text("#insights", "Refund complaints are the top theme")
        .await;
    browser.click("#insights .publish").await;
    browser.wait_for_text("#insights .state", "Published").await;
    browser.click("#insights-share").await;
    let link = browser.wait_for("#insights-share-url").await;
    let href = link.attr("href").await.unwrap().unwrap();

    // Signed out, the digest opens read-only.
    browser.click("#logout").await;
    browser.wait_for("#login-form").await;
    browser.goto(&href).await;
    let digest = browser
        .wait_for_text("#digest", "Refund complaints are the top theme")
        .await;
    assert!(digest.contains("Customer service: fewer refund escalations"));
    assert!(digest.contains("refund not received"), "{digest}");
    browser.wait_for("#shared-note").await;
    let forms = browser
        .client
        .find_all(fantoccini::Locator::Css("form, button, input"))
        .await
        .unwrap();
    assert!(forms.is_empty(), "the shared digest is read-only");
    // The meeting is in the audit log.
    let logged: Vec<(String,)> = app
        .db
        .fetch_all(
            Sql::new("SELECT action FROM activity WHERE workspace_id = $1 ORDER BY id")
                .bind(app.workspace_id),
        )
        .await
        .unwrap();
    let logged: Vec<&str> = logged.iter().map(|(a,)| a.as_str()).collect();
    for action in [
        "review_drafted",
        "review_agenda_added",
        "review_decision_added",
        "review_action_added",
        "insight_created",
        "insight_published",
        "insights_shared",
    ] {
        assert!(logged.contains(&action), "{action} in {logged:?}");
    }
    browser.close().await;
}
