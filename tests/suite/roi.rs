//! Return on social through the real server: a composed post's tracked short link redirects only to the stored
//! destination, counts people (not bots or previewers, one visitor per person and day, no address kept); conversions
//! come in from a CSV with bad rows, the API and the snippet; the campaign ROI report equals the figure recomputed
//! here from the raw rows by the published formula; hourly costs stay with Admins. The last test runs the `sangam`
//! binary and a browser: the sandbox's audience clicks the published link, and the report shows the hand-computed
//! ROI.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use crate::support::process::Setup;
use reqwest::StatusCode;
use sangam_domain::{NetworkKind, Role, now_millis};
use sangam_store::{Db, Sql};
use serde_json::{Value, json};

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

/// Machines that fetch links: crawlers and the networks' own card fetchers.
const MACHINES: &[&str] = &[
    "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)",
    "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
];

/// A post with a tracked short link for campaign `monsoon`, composed through the API; its short-link code.
async fn tracked_post(app: &TestApp, token: &str) -> (i64, String) {
    let profile = app.profile("acme").await;
    let post: Value = client()
        .post(app.url("/api/v1/posts"))
        .bearer_auth(token)
        .json(&json!({
            "text": "The monsoon menu: https://cafe.example/menu?size=large#drinks",
            "profile_ids": [profile.id],
            "tags": ["Monsoon"],
            "scheduled_at": now_millis() + 3_600_000,
            "track_links": true,
            "short_links": true,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body = post["variants"][0]["body"].as_str().unwrap().to_string();
    assert_eq!(post["variants"][0]["network"], "sandbox");
    let code = body
        .split("/l/")
        .nth(1)
        .expect("the sandbox copy carries a short link")
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        post["body"],
        "The monsoon menu: https://cafe.example/menu?size=large#drinks"
    );
    (post["id"].as_i64().unwrap(), code)
}

async fn follow(app: &TestApp, path: &str, agent: Option<&str>) -> reqwest::Response {
    let mut r = client().get(app.url(path));
    if let Some(a) = agent {
        r = r.header("user-agent", a);
    }
    r.send().await.unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

/// `GET path` with the token; it must answer 200 with JSON.
async fn api_get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = client()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

async fn roi_report(app: &TestApp, token: &str, query: &str) -> Value {
    api_get(app, token, &format!("/api/v1/reports/roi?{query}")).await
}

async fn count(db: &Db, table: &'static str) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(Sql::assembled(format!("SELECT COUNT(*) FROM {table}")))
        .await
        .unwrap();
    n
}

async fn clicks_stored(db: &Db) -> i64 {
    count(db, "link_clicks").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_short_link_redirects_only_to_its_destination_and_counts_people_not_machines() {
    let app = TestApp::start().await;
    let token = app.token(Role::Member).await;
    let (_, code) = tracked_post(&app, &token).await;

    // A person: 302 to the stored destination with the UTM parameters and the click id, nothing else.
    let first = follow(&app, &format!("/l/{code}"), Some(CHROME)).await;
    assert_eq!(first.status(), StatusCode::FOUND);
    let to = location(&first);
    let expected = "https://cafe.example/menu?size=large&utm_source=sandbox&utm_medium=social&utm_campaign=monsoon";
    assert!(to.starts_with(&format!("{expected}&sg_click=")), "{to}");
    assert!(to.ends_with("#drinks"), "{to}");
    // Whatever the request adds, the answer is the stored destination.
    for path in [
        format!("/l/{code}?url=https://evil.example/"),
        format!("/l/{code}?next=//evil.example"),
    ] {
        let r = follow(&app, &path, Some(FIREFOX)).await;
        assert_eq!(r.status(), StatusCode::FOUND);
        assert!(location(&r).starts_with(expected), "{path}");
    }
    // Unknown or malformed codes: 404, no redirect.
    for path in ["/l/zzzzzzzz", "/l/abc", "/l/%3Cscript%3E", "/l/"] {
        let r = follow(&app, path, Some(CHROME)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(r.headers().get("location").is_none());
    }
    // Machines are sent on without a click id and never counted; so is a HEAD request and a request with no agent.
    for agent in MACHINES {
        let r = follow(&app, &format!("/l/{code}"), Some(agent)).await;
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(location(&r), format!("{expected}#drinks"), "{agent}");
    }
    follow(&app, &format!("/l/{code}"), None).await;
    let head = client()
        .head(app.url(&format!("/l/{code}")))
        .header("user-agent", CHROME)
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::FOUND);

    // People: Chrome once above, once more now (the same person, the same day), Firefox twice above.
    follow(&app, &format!("/l/{code}"), Some(CHROME)).await;
    app.eventually("the four clicks are written", || async {
        clicks_stored(&app.db).await == 4
    })
    .await;
    let report = roi_report(&app, &token, "tag=monsoon").await;
    let line = &report["campaigns"][0];
    assert_eq!(line["campaign"], "monsoon");
    assert_eq!(line["clicks"], 4);
    assert_eq!(
        line["unique_visitors"], 2,
        "two people, each counted once today"
    );

    // The tracking tables hold no address and no user agent, in any column.
    for table in ["link_clicks", "short_links", "visitor_salts", "conversions"] {
        let columns: Vec<(String,)> = app
            .db
            .fetch_all(Sql::assembled(format!(
                "SELECT name FROM pragma_table_info('{table}')"
            )))
            .await
            .unwrap();
        assert!(!columns.is_empty());
        for (column,) in columns {
            assert!(!["ip", "address", "user_agent", "agent"].contains(&column.as_str()));
            let values: Vec<(Option<String>,)> = app
                .db
                .fetch_all(Sql::assembled(format!(
                    "SELECT CASE WHEN typeof({column}) = 'blob' THEN NULL ELSE CAST({column} AS TEXT) END FROM {table}"
                )))
                .await
                .unwrap();
            for value in values.into_iter().filter_map(|(v,)| v) {
                assert!(
                    !value.contains("127.0.0.1")
                        && !value.contains("Mozilla")
                        && !value.contains("Chrome"),
                    "{table}.{column}: {value}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conversions_csv_with_bad_rows_imports_the_good_ones_and_lists_each_bad_one() {
    let app = TestApp::start().await;
    let manager = app.signed_in(Role::Manager).await;
    let token = app.token(Role::Manager).await;
    let (_, code) = tracked_post(&app, &token).await;
    let csv = format!(
        "date,campaign,link,count,value,currency,external_id\n\
         2026-03-01,monsoon,,1,49.90,INR,o-1\n\
         2026-03-01,,{code},2,\"1,250.00\",inr,o-2\n\
         yesterday,monsoon,,1,10,INR,o-3\n\
         2026-03-02,,nosuchcd,1,10,INR,o-4\n\
         2026-03-02,monsoon,,1,10,XYZ,o-5\n\
         2026-03-02,monsoon,,1,-3,INR,o-6\n\
         2026-03-02,monsoon,,1,10,INR,o-1\n\
         2026-03-02,,,1,10,INR,o-7\n\
         2026-03-03,launch,,0,10,INR,o-8\n\
         2026-03-03,launch,,1,99.99,USD,\n"
    );
    let form = reqwest::multipart::Form::new().text("csv", csv.clone());
    let preview = manager
        .post(app.url("/conversions/preview"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), 200);
    let page = preview.text().await.unwrap();
    assert!(page.contains("3 rows can be imported"), "{page}");
    // Every bad line, with its reason.
    for (line, reason) in [
        (4, "The date is not YYYY-MM-DD"),
        (5, "No short link of this workspace has this code."),
        (6, "The currency must be INR, USD, EUR or GBP."),
        (7, "The value must be a positive amount"),
        (8, "This external id is already on an earlier line"),
        (9, "Give a campaign"),
        (10, "The count must be a whole number"),
    ] {
        let row = page
            .split(&format!("<tr data-line=\"{line}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("line {line} is listed"));
        let row = row.split("</tr>").next().unwrap();
        assert!(row.contains(reason), "line {line}: {row}");
    }
    assert!(
        count(&app.db, "conversions").await == 0,
        "a preview stores nothing"
    );

    let import = async || {
        manager
            .post(app.url("/conversions/import"))
            .form(&[("csv", csv.as_str())])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let imported = import().await;
    assert!(
        imported.contains("Imported 3 conversion rows."),
        "{imported}"
    );
    assert!(
        imported.contains("data-line=\"9\""),
        "the bad rows are listed again"
    );
    // The same file again: the rows with an external id are skipped, the one without is new.
    let again = import().await;
    assert!(again.contains("Imported one conversion row."), "{again}");
    assert!(again.contains("2 rows were already imported"), "{again}");

    let listed = api_get(&app, &token, "/api/v1/conversions?from=1735689600000").await;
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let o2 = rows.iter().find(|r| r["external_id"] == "o-2").unwrap();
    assert_eq!(o2["value_minor"], 125_000);
    assert_eq!(o2["count"], 2);
    assert_eq!(o2["campaign"], "monsoon", "credited through its short link");
    assert_eq!(o2["link_code"], code.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_snippet_reports_a_conversion_with_the_click_id_once() {
    let app = TestApp::start().await;
    let token = app.token(Role::Member).await;
    let (_, code) = tracked_post(&app, &token).await;
    let script = follow(&app, "/t.js", None).await;
    assert_eq!(script.status(), 200);
    assert!(script.text().await.unwrap().contains("sg_click"));
    let to = location(&follow(&app, &format!("/l/{code}"), Some(CHROME)).await);
    let click = to
        .split("sg_click=")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_string();
    app.eventually("the click is written", || async {
        clicks_stored(&app.db).await == 1
    })
    .await;
    let report =
        format!("/t/conversion?click={click}&value=499.00&currency=INR&count=1&id=order-9");
    assert_eq!(follow(&app, &report, Some(CHROME)).await.status(), 204);
    assert_eq!(follow(&app, &report, Some(CHROME)).await.status(), 204);
    let unknown = "/t/conversion?click=00000000000000000000000000000000&value=1&currency=INR";
    assert_eq!(follow(&app, unknown, Some(CHROME)).await.status(), 404);
    let listed = api_get(&app, &token, "/api/v1/conversions?campaign=monsoon").await;
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 1, "the repeat of order-9 is ignored");
    assert_eq!(rows[0]["value_minor"], 49_900);
    assert_eq!(rows[0]["source"], "snippet");
}

/// The local midnight in Asia/Kolkata that starts today there, in UTC milliseconds, and today's date.
fn kolkata_today() -> (i64, String) {
    let tz = jiff::tz::TimeZone::get("Asia/Kolkata").unwrap();
    let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
    let start = tz
        .to_ambiguous_zoned(today.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .unwrap()
        .timestamp()
        .as_millisecond();
    (start, today.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_campaign_roi_equals_the_formula_recomputed_from_the_raw_rows() {
    let app = TestApp::start().await;
    let admin = app.token(Role::Admin).await;
    let member_email = app.person(Role::Member).await;
    let (member_id,): (i64,) = app
        .db
        .fetch_one(Sql::new("SELECT id FROM users WHERE email = $1").bind(member_email.as_str()))
        .await
        .unwrap();
    // The viewer reads the report in Kolkata: the period is today there, which began at 18:30 UTC yesterday.
    app.db
        .execute(Sql::new("UPDATE users SET time_zone = 'Asia/Kolkata'"))
        .await
        .unwrap();
    let (start, today) = kolkata_today();
    let (post_id, code) = tracked_post(&app, &admin).await;

    // Clicks: two people.
    for agent in [CHROME, FIREFOX, CHROME] {
        follow(&app, &format!("/l/{code}"), Some(agent)).await;
    }
    // Conversions through the API, one a millisecond before the local day (left out), one at its first millisecond.
    let r = client()
        .post(app.url("/api/v1/conversions"))
        .bearer_auth(&admin)
        .json(&json!({"conversions": [
            {"at": start - 1, "campaign": "monsoon", "value": "999.00", "currency": "INR", "external_id": "early"},
            {"at": start, "campaign": "monsoon", "value": "1234.56", "currency": "INR", "external_id": "a"},
            {"at": start + 60_000, "link": code, "count": 2, "value": "100.05", "currency": "INR"},
            {"at": start + 60_000, "campaign": "monsoon", "value": "5.00", "currency": "USD"},
            {"at": start + 60_000, "campaign": "monsoon", "value": "5.00", "currency": "ABC"},
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    assert_eq!(done["imported"], 4);
    assert_eq!(done["rejected"][0]["line"], 4);
    // Spend, and the member's hourly cost (Admin only), and 37 minutes 20 seconds in the composer on the post.
    let r = client()
        .post(app.url("/api/v1/campaigns/spend"))
        .bearer_auth(&admin)
        .json(&json!({"campaign": "monsoon", "at": start + 1, "amount": "300", "note": "ads"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = client()
        .put(app.url("/api/v1/costs"))
        .bearer_auth(&admin)
        .json(&json!({"costs": [{"user_id": member_id, "per_hour": "850.50"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let session_start = start + 2 * 3_600_000;
    let session_end = session_start + 37 * 60_000 + 20_000;
    app.db
        .execute(
            Sql::new(
                "INSERT INTO focus_sessions (workspace_id, user_id, kind, started_at, ended_at) VALUES ($1, $2, 'compose', $3, $4)",
            )
            .bind(app.workspace_id)
            .bind(member_id)
            .bind(session_start)
            .bind(session_end),
        )
        .await
        .unwrap();
    app.db
        .execute(
            Sql::new(
                "INSERT INTO activity (workspace_id, user_id, action, object_kind, object_id, detail, at)
                 VALUES ($1, $2, 'edited', 'post', $3, '', $4)",
            )
            .bind(app.workspace_id)
            .bind(member_id)
            .bind(post_id)
            .bind(session_end + 5_000),
        )
        .await
        .unwrap();
    app.eventually("the clicks are written", || async {
        clicks_stored(&app.db).await == 3
    })
    .await;

    let report = roi_report(
        &app,
        &admin,
        &format!("from={today}&to={today}&tag=monsoon"),
    )
    .await;
    let line = &report["campaigns"][0];

    // By hand, from the raw rows and the published formulas.
    let end = start + 86_400_000;
    let clicks: Vec<(String, String)> = app
        .db
        .fetch_all(
            Sql::new("SELECT salt_day, visitor FROM link_clicks WHERE at >= $1 AND at < $2")
                .bind(start)
                .bind(end),
        )
        .await
        .unwrap();
    let mut pairs = clicks.clone();
    pairs.sort();
    pairs.dedup();
    let conversions: Vec<(i64, i64, String)> = app
        .db
        .fetch_all(
            Sql::new(
                "SELECT count, value_minor, currency FROM conversions WHERE at >= $1 AND at < $2",
            )
            .bind(start)
            .bind(end),
        )
        .await
        .unwrap();
    let value: i64 = conversions
        .iter()
        .filter(|c| c.2 == "INR")
        .map(|c| c.1)
        .sum();
    let count: i64 = conversions
        .iter()
        .filter(|c| c.2 == "INR")
        .map(|c| c.0)
        .sum();
    let ms = session_end - session_start;
    let labour = (ms as f64 / 3_600_000.0 * 85_050.0).round() as i64;
    let cost = labour + 30_000;
    let roi = (value - cost) as f64 / cost as f64 * 100.0;

    assert_eq!(line["clicks"], clicks.len() as i64);
    assert_eq!(line["clicks"], 3);
    assert_eq!(line["unique_visitors"], pairs.len() as i64);
    assert_eq!(line["conversions"], count);
    assert_eq!(line["conversions"], 3);
    assert_eq!(line["conversions_other_currency"], 1);
    assert_eq!(line["value_minor"], value);
    assert_eq!(value, 123_456 + 10_005);
    assert_eq!(line["work_ms"], ms);
    assert_eq!(line["labour_minor"], labour);
    assert_eq!(labour, 52_920);
    assert_eq!(line["spend_minor"], 30_000);
    assert_eq!(line["cost_minor"], cost);
    assert_eq!(line["roi_percent"].as_f64().unwrap(), roi);
    assert_eq!(format!("{roi:.2}"), "60.95");

    // The page and its CSV say the same, to the hundredth.
    let admin_web = app.signed_in(Role::Admin).await;
    app.db
        .execute(Sql::new("UPDATE users SET time_zone = 'Asia/Kolkata'"))
        .await
        .unwrap();
    let page = admin_web
        .get(app.url(&format!("/reports/roi?from={today}&to={today}&tag=monsoon")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("60.95%"), "the report page shows the ROI");
    let csv = admin_web
        .get(app.url(&format!(
            "/reports/export?report=roi&table=roi&from={today}&to={today}&tag=monsoon"
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("monsoon"), "{csv}");
    assert!(csv.contains("60.95"), "{csv}");
}

#[tokio::test(flavor = "multi_thread")]
async fn hourly_costs_are_seen_and_set_by_admins_only() {
    let app = TestApp::start().await;
    let admin = app.token(Role::Admin).await;
    let member_email = app.person(Role::Member).await;
    let (member_id,): (i64,) = app
        .db
        .fetch_one(Sql::new("SELECT id FROM users WHERE email = $1").bind(member_email.as_str()))
        .await
        .unwrap();
    let r = client()
        .put(app.url("/api/v1/costs"))
        .bearer_auth(&admin)
        .json(&json!({"costs": [{"user_id": member_id, "per_hour": "4321.98"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for role in [Role::Manager, Role::Member, Role::Viewer, Role::Approver] {
        let token = app.token(role).await;
        for (method, path) in [("GET", "/api/v1/costs"), ("PUT", "/api/v1/costs")] {
            let r = client()
                .request(method.parse().unwrap(), app.url(path))
                .bearer_auth(&token)
                .json(&json!({"costs": [{"user_id": member_id, "per_hour": "1"}]}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403, "{role:?} {method} {path}");
        }
        let web = app.signed_in(role).await;
        let r = web.get(app.url("/costs")).send().await.unwrap();
        assert_eq!(r.status(), 403, "{role:?} /costs");
        // Nothing they can open shows the rate.
        for path in [
            "/reports/roi",
            "/conversions",
            "/links",
            "/api/v1/reports/roi",
        ] {
            let r = web.get(app.url(path)).send().await.unwrap();
            let body = r.text().await.unwrap();
            assert!(
                !body.contains("4321") && !body.contains("4,321") && !body.contains("432198"),
                "{role:?} {path}"
            );
        }
    }
    let page = app
        .signed_in(Role::Admin)
        .await
        .get(app.url("/costs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("4321.98"));
}

/// The `sangam serve` binary and a browser: a Member composes a post with a tracked short link to the sandbox and
/// publishes it; the sandbox's audience requests the link over HTTP from the running server (people, a card fetcher
/// and a HEAD request); a Manager imports conversions from a CSV file and enters spend; the campaign ROI report shows
/// the clicks the audience made and the ROI computed by hand.
#[tokio::test(flavor = "multi_thread")]
async fn a_tracked_post_published_to_the_sandbox_is_clicked_and_its_roi_is_on_the_report() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sangam.db");
    let url = format!("sqlite://{}", db_path.display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let setup = Setup::new(url, dir.path()).with("SANGAM_SANDBOX__SEED", 1);
    let hex = sangam_store::secrets::SecretBox::generate_hex();
    std::fs::write(setup.key_path(), &hex).unwrap();
    let secrets = sangam_store::secrets::SecretBox::from_hex(&hex).unwrap();
    let ws = sangam_store::workspaces::create(&db, "Cafe", now_millis())
        .await
        .unwrap();
    let hash = sangam_web::auth::password::hash(PASSWORD).unwrap();
    for (email, role) in [
        ("member@cafe.test", Role::Member),
        ("manager@cafe.test", Role::Manager),
    ] {
        sangam_store::users::create(
            &db,
            sangam_store::users::NewUser {
                workspace_id: ws.id,
                email,
                name: email,
                password_hash: &hash,
                role,
            },
            now_millis(),
        )
        .await
        .unwrap();
    }
    let profile = sangam_store::profiles::create(
        &db,
        &secrets,
        sangam_store::profiles::NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: "cafe",
            display_name: "Cafe",
            credentials: &json!({}),
        },
        now_millis(),
    )
    .await
    .unwrap();
    let served = setup.serve().await;
    let base = served.base.clone();
    let sign_in = async |email: &str| {
        browser.goto(&format!("{base}/login")).await;
        browser.client.delete_all_cookies().await.unwrap();
        browser.goto(&format!("{base}/login")).await;
        browser.fill("#email", email).await;
        browser.fill("#password", PASSWORD).await;
        browser.click("#login-submit").await;
        browser.wait_for("#who-name").await;
    };

    sign_in("member@cafe.test").await;
    browser.goto(&format!("{base}/posts/new")).await;
    browser.wait_for("#compose-form").await;
    browser
        .fill("#text", "Monsoon menu is here: https://cafe.example/menu")
        .await;
    browser.fill("#tags", "monsoon").await;
    browser
        .click(&format!("input[name='profile'][value='{}']", profile.id))
        .await;
    browser.click("#track-links").await;
    browser.click("#short-links").await;
    browser.click("#no-link-card").await;
    browser.click("#when-now").await;
    browser.click("#compose-submit").await;

    // The post reaches the sandbox carrying the short link; the audience follows it through the server.
    let (post_id,): (i64,) = loop {
        if let Some(row) = db
            .fetch_optional(Sql::new("SELECT id FROM posts ORDER BY id DESC LIMIT 1"))
            .await
            .unwrap()
        {
            break row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    let (code,): (String,) = db
        .fetch_one(Sql::new("SELECT code FROM short_links WHERE post_id = $1").bind(post_id))
        .await
        .unwrap();
    let sandbox = sangam_networks::sandbox::Sandbox::open(
        &setup.sandbox_path(),
        sangam_networks::sandbox::SandboxConfig::seeded(1),
    )
    .await
    .unwrap();
    let link = format!("{base}/l/{code}");
    let published = wait_until(async || {
        sandbox
            .all_posts()
            .await
            .unwrap()
            .into_iter()
            .any(|p| p.text.contains(&link))
    })
    .await;
    assert!(published, "the sandbox holds the post with its short link");
    let people = sandbox.people_following("cafe", &link);
    let clicks = i64::from(people) + 1;
    assert!(
        wait_until(async || clicks_stored(&db).await == clicks).await,
        "the audience's {clicks} clicks are counted (the card fetcher and the HEAD request are not)"
    );

    // A Manager imports conversions and enters spend in the browser.
    sign_in("manager@cafe.test").await;
    let (_, today) = {
        let tz = jiff::tz::TimeZone::UTC;
        let d = jiff::Timestamp::now().to_zoned(tz).date();
        (0, d.to_string())
    };
    let csv_path = dir.path().join("orders.csv");
    std::fs::write(
        &csv_path,
        format!(
            "date,campaign,count,value,currency,external_id\n{today},monsoon,1,1234.56,INR,A-1\n{today},monsoon,1,65.44,INR,A-2\nnot a date,monsoon,1,5,INR,A-3\n"
        ),
    )
    .unwrap();
    browser.goto(&format!("{base}/conversions")).await;
    browser.wait_for("#conversions-upload").await;
    let file = browser.wait_for("#conversions-file").await;
    file.send_keys(&csv_path.display().to_string())
        .await
        .unwrap();
    browser.click("#conversions-preview-button").await;
    browser.wait_for_text("#conversions-preview", "2").await;
    browser.wait_for_text("#conversions-bad", "3").await;
    browser.click("#conversions-import").await;
    browser.wait_for_text("#conversions-imported", "2").await;
    browser.fill("#spend-campaign", "monsoon").await;
    browser.fill("#spend-amount", "500").await;
    browser.click("#spend-save").await;
    browser.wait_for("#spend-table").await;

    // The report: clicks as the audience made them, ROI = (1300.00 - 500.00) / 500.00 x 100 = 160.00% (no hourly
    // cost is set, so the team's time costs nothing here).
    browser
        .goto(&format!(
            "{base}/reports/roi?from={today}&to={today}&tag=monsoon"
        ))
        .await;
    let table = browser.wait_for_text("#roi", "monsoon").await;
    let value = (123_456 + 6_544) as f64;
    let roi = (value - 50_000.0) / 50_000.0 * 100.0;
    assert_eq!(format!("{roi:.2}%"), "160.00%");
    assert!(table.contains("160.00%"), "{table}");
    assert!(table.contains(&clicks.to_string()), "{table}");
    browser.close().await;
    served.kill_hard().await;
}

/// Polls for up to two minutes of wall clock.
async fn wait_until(mut check: impl AsyncFnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(120) {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    false
}
