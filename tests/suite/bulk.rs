//! Bulk scheduling: a sheet of 350 posts of which 7 are wrong schedules the 343 good ones in one go and names the 7
//! by line and code, over the API and on the page in a real browser; the posts are where a person looks for them
//! (the calendar, the approvals queue) and wait for approval where the workspace wants a Member's posts approved.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::Role;
use serde_json::{Value, json};

const ROWS: usize = 350;

/// The rows that are wrong, by index, with the code each is refused with.
const BAD: [(usize, &str); 7] = [
    (10, "bulk_profile_unknown"),
    (50, "post_too_long"),
    (100, "bulk_time_invalid"),
    (150, "bulk_zone_unknown"),
    (200, "post_scheduled_in_past"),
    (250, "post_empty"),
    (300, "bulk_image_not_uploaded"),
];

/// The row with an image uploaded with the sheet (in the browser test; over the API it is a bad row too).
const WITH_IMAGE: usize = 30;
/// The row with its own wording for the sandbox network.
const WITH_VARIANT: usize = 20;

fn cell(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// 350 rows in January 2030 on @acme and @acme_in (every fifth on both), with quotes, commas and Hindi in the text.
/// Row `i` is on line `i + 2` (the header is line 1).
fn sheet(image_ok: bool) -> String {
    let mut out = String::from(
        "text,profiles,time,zone,tags,campaign,image,image_alt,text_sandbox,text_bluesky\n",
    );
    for i in 0..ROWS {
        let mut text = format!("Post {i}: chai, \"masala\" और नमस्ते");
        let mut profiles = match i % 5 {
            0 => "acme;@acme_in",
            1 | 3 => "acme",
            _ => "acme_in",
        }
        .to_string();
        let mut time = format!("2030-01-{:02} {:02}:30", 1 + i / 12, 8 + i % 12);
        let mut zone = if i % 2 == 0 { "Asia/Kolkata" } else { "" }.to_string();
        let mut image = String::new();
        let mut variant = String::new();
        match i {
            10 => profiles = "acme;nobody".into(),
            50 => text = "x".repeat(501),
            100 => time = "next tuesday".into(),
            150 => zone = "Mars/Olympus".into(),
            200 => time = "2020-01-01 10:00".into(),
            250 => text.clear(),
            300 => image = "missing.png".into(),
            WITH_IMAGE if image_ok => image = "cup.png".into(),
            WITH_IMAGE => image = "https://127.0.0.1/cup.png".into(),
            WITH_VARIANT => variant = format!("Sandbox wording {i}"),
            _ => {}
        }
        let row = [
            cell(&text),
            cell(&profiles),
            cell(&time),
            cell(&zone),
            cell("winter;chai"),
            cell(&format!("launch-{}", i % 3)),
            cell(&image),
            cell(if image.is_empty() {
                ""
            } else {
                "A cup of chai"
            }),
            cell(&variant),
            String::new(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn bad_lines(extra: Option<(usize, &str)>) -> Vec<(u64, String)> {
    let mut bad: Vec<(u64, String)> = BAD
        .iter()
        .chain(extra.as_ref())
        .map(|(i, code)| (*i as u64 + 2, code.to_string()))
        .collect();
    bad.sort();
    bad
}

fn named(outcome: &Value) -> Vec<(u64, String)> {
    let mut bad: Vec<(u64, String)> = outcome["bad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["line"].as_u64().unwrap(),
                b["error"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    bad.sort();
    bad
}

/// The posts of January 2030, as the calendar API gives them.
async fn january(app: &TestApp, http: &reqwest::Client) -> Vec<Value> {
    let from = 1_893_456_000_000i64 - 86_400_000; // 2030-01-01 UTC, and the evening before (Kolkata's morning)
    let to = from + 33 * 86_400_000;
    let answer = http
        .get(app.url(&format!("/api/v1/calendar?from={from}&to={to}")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn a_sheet_of_350_rows_with_7_wrong_schedules_343_in_one_go_and_names_the_7() {
    let app = TestApp::start().await;
    app.profile("acme").await;
    app.profile("acme_in").await;
    sangam_store::workspaces::set_approval_roles(&app.db, app.workspace_id, &[Role::Member])
        .await
        .unwrap();
    let member = app.signed_in(Role::Member).await;
    let manager = app.signed_in(Role::Manager).await;
    // Over the API the image row names an address on this machine, which Sangam does not fetch: an eighth bad row.
    let csv = sheet(false);
    let expected = bad_lines(Some((WITH_IMAGE, "bulk_image_unreachable")));

    let checked = member
        .post(app.url("/api/v1/posts/bulk"))
        .json(&json!({"csv": csv, "zone": "Asia/Kolkata", "dry_run": true}))
        .send()
        .await
        .unwrap();
    let status = checked.status();
    let checked: Value = checked.json().await.unwrap();
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["rows"], ROWS);
    assert_eq!(checked["good"].as_array().unwrap().len(), ROWS - 8);
    assert_eq!(named(&checked), expected);
    assert_eq!(checked["created"], 0);
    assert!(
        january(&app, &member).await.is_empty(),
        "a dry run stores nothing"
    );

    let done = member
        .post(app.url("/api/v1/posts/bulk"))
        .json(&json!({"csv": csv, "zone": "Asia/Kolkata"}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 201);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["created"], ROWS - 8);
    assert_eq!(named(&done), expected);
    let line = |b: &Value| b["line"].as_u64().unwrap();
    let too_long = done["bad"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| line(b) == 52)
        .unwrap();
    assert!(
        too_long["message"].as_str().unwrap().contains("501"),
        "{too_long}"
    );
    // Every reason is a sentence, never a missing message.
    for b in done["bad"].as_array().unwrap() {
        let message = b["message"].as_str().unwrap();
        assert!(
            !message.contains("localization") && message.ends_with('.'),
            "{b}"
        );
    }

    // On the calendar, waiting for approval in the Manager's queue, at the times the rows said.
    let posts = january(&app, &manager).await;
    assert_eq!(posts.len(), ROWS - 8);
    assert!(posts.iter().all(|p| p["status"] == "pending_approval"));
    let waiting: Vec<Value> = manager
        .get(app.url("/api/v1/approvals"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(waiting.len(), ROWS - 8);
    let first = posts
        .iter()
        .find(|p| p["body"] == "Post 0: chai, \"masala\" और नमस्ते")
        .unwrap();
    // 2030-01-01 08:30 in Kolkata (UTC+5:30) is 03:00 UTC.
    assert_eq!(first["scheduled_at"], 1_893_456_000_000i64 + 3 * 3_600_000);
    assert_eq!(first["deliveries"].as_array().unwrap().len(), 2);
    let tags: Vec<&str> = first["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags, ["chai", "launch-0", "winter"]);
    let variant = posts
        .iter()
        .find(|p| p["body"].as_str().unwrap().starts_with("Post 20:"))
        .unwrap();
    assert_eq!(variant["variants"][0]["body"], "Sandbox wording 20");
}

#[tokio::test]
async fn a_sheet_too_large_or_too_long_is_refused_whole() {
    let app = TestApp::start().await;
    app.profile("acme").await;
    let http = app.signed_in(Role::Manager).await;
    let long = format!("text,profiles\n{}", "Hello,acme\n".repeat(1001));
    let huge = format!("text,profiles\n\"{}\",acme\n", "x".repeat(3 * 1024 * 1024));
    let unknown = "text,profiles,when\nHello,acme,tomorrow\n".to_string();
    for (csv, status, code) in [
        (long, 422, "bulk_too_many_rows"),
        (huge, 413, "bulk_file_too_large"),
        (unknown, 422, "bulk_column_unknown"),
    ] {
        let answer = http
            .post(app.url("/api/v1/posts/bulk"))
            .json(&json!({"csv": csv}))
            .send()
            .await
            .unwrap();
        let got = answer.status();
        let body: Value = answer.json().await.unwrap();
        assert_eq!(got, status, "{code}: {body}");
        assert_eq!(body["error"], code);
    }
    let template = http
        .get(app.url("/posts/bulk/template.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(template.status(), 200);
    let text = template.text().await.unwrap();
    assert!(text.starts_with("text,profiles,time,zone,tags,campaign,image"));
    assert!(text.contains("acme"));
}

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

#[tokio::test(flavor = "multi_thread")]
async fn the_bulk_page_previews_350_rows_names_the_7_wrong_and_schedules_the_rest() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    app.profile("acme").await;
    app.profile("acme_in").await;
    let email = app.person(Role::Manager).await;
    sign_in(&browser, &app, &email).await;

    // From the posts list to the bulk page.
    browser.goto(&app.url("/posts")).await;
    browser.click("a[href='/posts/bulk']").await;
    browser.wait_for("#bulk-form").await;
    browser
        .client
        .execute(
            "document.getElementById('bulk-csv').value = arguments[0];",
            vec![json!(sheet(true))],
        )
        .await
        .unwrap();
    browser.fill("#bulk-zone", "Asia/Kolkata").await;
    let dir = tempfile::tempdir().unwrap();
    let cup = dir.path().join("cup.png");
    std::fs::write(&cup, PNG).unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css("#bulk-images"))
        .await
        .unwrap()
        .send_keys(&cup.display().to_string())
        .await
        .unwrap();
    browser.click("#bulk-check").await;
    browser.wait_for("#bulk-summary").await;
    browser
        .screenshot(std::env::temp_dir().join("sangam-bulk-preview.png"))
        .await;

    let lines = |css: &'static str| async {
        let mut out = vec![];
        for row in browser
            .client
            .find_all(fantoccini::Locator::Css(css))
            .await
            .unwrap()
        {
            let line = row.attr("data-line").await.unwrap().unwrap();
            let code = row.attr("data-code").await.unwrap().unwrap_or_default();
            out.push((line.parse::<u64>().unwrap(), code));
        }
        out.sort();
        out
    };
    assert_eq!(lines("#bulk-bad tbody tr").await, bad_lines(None));
    assert_eq!(lines("#bulk-good tbody tr").await.len(), ROWS - 7);
    assert!(
        browser.text("#bulk-bad").await.contains("nobody"),
        "the unknown handle is named"
    );

    browser.click("#bulk-schedule").await;
    let created = browser.wait_for("#bulk-created").await;
    assert_eq!(
        created.attr("data-created").await.unwrap().as_deref(),
        Some("343")
    );
    assert_eq!(lines("#bulk-bad tbody tr").await, bad_lines(None));

    // Where a person looks: January 2030 on the calendar (the Manager's posts need no approval here).
    browser.click("#bulk-calendar").await;
    browser.wait_for("#who-name").await;
    browser
        .goto(&app.url("/calendar?view=month&date=2030-01-15"))
        .await;
    browser.wait_for("a.entry").await;
    let entries = browser
        .client
        .find_all(fantoccini::Locator::Css("a.entry"))
        .await
        .unwrap();
    assert_eq!(entries.len(), ROWS - 7);

    // The row that named the uploaded file carries it, with its alt text.
    let http = app.signed_in(Role::Manager).await;
    let posts = january(&app, &http).await;
    let with_image = posts
        .iter()
        .find(|p| p["body"].as_str().unwrap().starts_with("Post 30:"))
        .unwrap();
    assert_eq!(with_image["media"].as_array().unwrap().len(), 1);
    assert_eq!(with_image["media"][0]["alt"], "A cup of chai");
    browser.close().await;
}

#[tokio::test]
async fn rows_without_a_time_take_the_next_free_queue_times_one_each() {
    let app = TestApp::start().await;
    let acme = app.profile("acme").await;
    app.profile("acme_in").await;
    let admin = app.signed_in(Role::Admin).await;
    let set = admin
        .put(app.url(&format!("/api/v1/profiles/{}/queue", acme.id)))
        .json(&json!({"time_zone": "Asia/Kolkata", "slots": "Mon-Sun 09:00 13:00 18:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let queue: Value = set.json().await.unwrap();
    let first_free = queue["next"].as_i64().unwrap();

    // Three rows on @acme with no time, and one on @acme_in, which has no queue times.
    let csv = "text,profiles,time\nOne,acme,\nTwo,acme,\nThree,acme,\nElsewhere,acme_in,\n";
    let done: Value = admin
        .post(app.url("/api/v1/posts/bulk"))
        .json(&json!({"csv": csv}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(named(&done), vec![(5, "queue_empty".to_string())]);
    let times: Vec<i64> = done["good"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["scheduled_at"].as_i64().unwrap())
        .collect();
    assert_eq!(times.len(), 3);
    assert_eq!(times[0], first_free);
    assert!(times[0] < times[1] && times[1] < times[2], "{times:?}");

    // The next upload's queue row comes after the three, which the queue now holds.
    let next: Value = admin
        .post(app.url("/api/v1/posts/bulk"))
        .json(&json!({"csv": "text,profiles\nFour,acme\n", "dry_run": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(next["good"][0]["scheduled_at"].as_i64().unwrap() > times[2]);
}
