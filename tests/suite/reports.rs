//! Reports in the real server: each report opens for a viewer, figures link to their definitions, tables export as
//! CSV with formulas neutralised, a metric the network does not report says so instead of showing zero, and a share
//! link opens for someone signed out; then the same in a real browser.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use sangam_domain::{Role, now_millis};
use sangam_store::posts::{self, NewPost};
use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};
use sangam_web::WebConfig;

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
        json["report"]["total"]["audience_growth_rate"]["unit"],
        "percent"
    );
    assert_eq!(
        json["report"]["total"]["impressions"]["unit"],
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

// ----- Typed figures, heat map, benchmarks, share links, glossary language, goal pickers, tables that fit. -----

/// Publishes a post on `profile_id` at `published_at` with `likes` engagements in its snapshot; returns the post id.
async fn publish_at(
    app: &TestApp,
    profile_id: i64,
    author: i64,
    body: &str,
    published_at: i64,
    likes: i64,
    tags: &[&str],
) -> i64 {
    let now = now_millis();
    let ids = [profile_id];
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    let mut new = NewPost::text(app.workspace_id, author, body, now + 365 * DAY, &ids);
    new.tags = &tags;
    let post = posts::create(&app.db, new, now).await.unwrap();
    let d = post.deliveries[0].id;
    assert!(posts::record_intent(&app.db, d, now).await.unwrap());
    let remote = format!("r{d}");
    assert!(
        posts::mark_published(
            &app.db,
            d,
            &remote,
            &format!("https://sandbox.invalid/{remote}"),
            published_at,
            now
        )
        .await
        .unwrap()
    );
    snapshots::record_post(
        &app.db,
        &PostSnapshot {
            delivery_id: d,
            taken_at: now - 60_000,
            likes,
            reposts: 0,
            replies: 0,
            quotes: 0,
            impressions: None,
        },
    )
    .await
    .unwrap();
    post.id
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sangam_store::users::credentials_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

async fn sign_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    c
}

async fn text_of(c: &reqwest::Client, url: &str) -> String {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

/// Every figure cell of a page: (unit, text), read from `data-unit` and the cell's text without its tags.
fn figure_cells(html: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(at) = rest.find("data-unit=\"") {
        rest = &rest[at + "data-unit=\"".len()..];
        let unit: String = rest.chars().take_while(|c| *c != '"').collect();
        let Some(open) = rest.find('>') else { break };
        let Some(close) = rest.find("</td>") else {
            break;
        };
        let inner = &rest[open + 1..close.max(open + 1)];
        let mut text = String::new();
        let mut in_tag = false;
        for ch in inner.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push((unit, text.trim().to_string()));
    }
    out
}

/// RFC 4180 rows (quotes, doubled quotes, commas inside quotes).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let (mut row, mut cell, mut quoted) = (vec![], String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => row.push(std::mem::take(&mut cell)),
                (c, _) => cell.push(c),
            }
        }
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[tokio::test(flavor = "multi_thread")]
async fn no_count_on_any_report_renders_as_a_percentage_on_the_page_the_print_or_in_csv() {
    let app = TestApp::start().await;
    measured(&app).await;
    app.ingest().await;
    let viewer = app.signed_in(Role::Viewer).await;
    let missing = ["no data", "not reported by this network"];
    let mut counts = 0;
    let mut largest_count = 0i64;
    for report in ["profiles", "posts", "tags", "inbox"] {
        for url in [
            app.url(&format!("/reports/{report}")),
            app.url(&format!("/reports/print?report={report}")),
        ] {
            let html = text_of(&viewer, &url).await;
            let cells = figure_cells(&html);
            assert!(!cells.is_empty(), "{url} has figures");
            for (unit, text) in &cells {
                match unit.as_str() {
                    "count" => {
                        counts += 1;
                        assert!(
                            !text.contains('%'),
                            "{url}: the count {text:?} reads as a percentage"
                        );
                        let n: i64 = text.replace(',', "").parse().unwrap_or_else(|_| {
                            panic!("{url}: the count {text:?} is a whole number")
                        });
                        largest_count = largest_count.max(n);
                    }
                    "percent" => assert!(text.ends_with('%'), "{url}: {text:?} is a percentage"),
                    "duration" => {
                        assert!(
                            !text.contains('%') && text.contains("min"),
                            "{url}: {text:?}"
                        )
                    }
                    other => panic!("{url}: unexpected unit {other}"),
                }
            }
            if report == "inbox" {
                // The column that read "435.00 %": actionable messages are a count.
                let at = html
                    .find("Actionable messages")
                    .expect("the actionable column");
                assert!(html[at..].contains("data-unit=\"count\""));
            }
        }
        // Every table of the report as CSV: the header names the unit, the figures are plain numbers in it.
        let page = text_of(&viewer, &app.url(&format!("/reports/{report}"))).await;
        let tables: Vec<String> = page
            .match_indices("id=\"csv-")
            .map(|(i, _)| {
                page[i + "id=\"csv-".len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .collect()
            })
            .collect();
        assert!(!tables.is_empty(), "{report} has tables to export");
        for table in tables {
            let csv = text_of(
                &viewer,
                &app.url(&format!("/reports/export?report={report}&table={table}")),
            )
            .await;
            let rows = csv_rows(&csv);
            let header = &rows[0];
            for (i, h) in header.iter().enumerate() {
                let numeric = |v: &str| v.parse::<f64>().is_ok() || missing.contains(&v);
                for row in &rows[1..] {
                    let v = row[i].as_str();
                    if h.ends_with("(count)") {
                        assert!(
                            v.parse::<i64>().is_ok() || missing.contains(&v),
                            "{report}/{table} {h}: {v:?} is a count"
                        );
                    } else if h.ends_with("(%)") || h.ends_with("(s)") {
                        assert!(numeric(v), "{report}/{table} {h}: {v:?} is a number");
                    }
                }
            }
            // One metric per row (the comparison table): the last column names each row's unit.
            if header.last().map(String::as_str) == Some("Unit") {
                for row in &rows[1..] {
                    if row.last().map(String::as_str) == Some("count") {
                        for v in row.iter().filter(|v| v.parse::<f64>().is_ok()) {
                            assert!(
                                v.parse::<i64>().is_ok(),
                                "{report}/{table} {row:?}: {v} is a count"
                            );
                        }
                    }
                }
            }
            if table == "responses" {
                assert!(
                    header
                        .iter()
                        .any(|h| h.starts_with("Actionable messages") && h.ends_with("(count)")),
                    "{header:?}"
                );
            }
        }
    }
    assert!(counts > 10, "the walk saw the counts");
    assert!(
        largest_count > 0,
        "some count is not zero, so a wrong unit would show"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_heat_map_is_darker_where_the_median_rate_is_higher_whatever_the_number_of_posts() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let now = now_millis();
    snapshots::record_profile(
        &app.db,
        &ProfileSnapshot {
            profile_id: profile.id,
            taken_at: now - 20 * DAY,
            followers: 1000,
            following: 5,
            posts: 1,
        },
    )
    .await
    .unwrap();
    let email = app.person(Role::Member).await;
    let me = user_id(&app, &email).await;
    sangam_store::users::set_preferences(&app.db, me, "en-US", "UTC")
        .await
        .unwrap();
    // A day a week ago, in UTC: three posts at 09:xx with 1% each, one post at 18:xx with 4%.
    let day = jiff::Timestamp::from_millisecond(now - 7 * DAY)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let at = |h: i8, m: i8| {
        day.at(h, m, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond()
    };
    for m in [5, 20, 40] {
        publish_at(&app, profile.id, me, "busy hour", at(9, m), 10, &[]).await;
    }
    publish_at(&app, profile.id, me, "quiet hour", at(18, 10), 40, &[]).await;
    let weekday = day.weekday().to_monday_zero_offset();
    let member = sign_in(&app, &email).await;
    let html = text_of(&member, &app.url("/reports/posts")).await;
    let shade = |hour: u8, posts: i64| -> f64 {
        let key = format!(
            "data-weekday=\"{weekday}\" data-hour=\"{hour}\" data-posts=\"{posts}\" data-shade=\""
        );
        let i = html
            .find(&key)
            .unwrap_or_else(|| panic!("cell {hour}:00 with {posts} posts"));
        html[i + key.len()..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (busy, quiet) = (shade(9, 3), shade(18, 1));
    assert!(
        quiet > busy,
        "4% with one post ({quiet}) is darker than 1% with three ({busy})"
    );
    assert_eq!(quiet, 1.0);
    let legend = html.find("id=\"legend-best-times\"").expect("a legend");
    let legend = &html[legend..legend + 400];
    assert!(
        legend.contains("median engagement rate per follower") && legend.contains("n = posts"),
        "{legend}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn benchmarks_of_other_networks_are_not_set_beside_sandbox_profiles() {
    let app = TestApp::start().await;
    measured(&app).await;
    let viewer = app.signed_in(Role::Viewer).await;
    for report in ["profiles", "inbox"] {
        let html = text_of(&viewer, &app.url(&format!("/reports/{report}"))).await;
        let at = html
            .find("id=\"benchmarks\"")
            .expect("the benchmark section");
        let section = &html[at..];
        let section = &section[..section.find("</section>").unwrap()];
        for other in ["Rival IQ", "Buffer", "Sprout Social", "Facebook Pages"] {
            assert!(
                !section.contains(other),
                "{report}: {other} is not a sandbox benchmark"
            );
        }
        assert!(
            section.contains("No published benchmark for Sandbox"),
            "{section}"
        );
    }
    // The glossary still lists them all, with their network.
    let glossary = text_of(&client(), &app.url("/glossary?lang=en-US")).await;
    assert!(glossary.contains("TikTok · all industries") && glossary.contains("Rival IQ"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_share_link_is_absolute_with_a_copy_button_and_opens_for_a_stranger() {
    let web = WebConfig {
        public_url: "https://sangam.example.org".into(),
        ..WebConfig::default()
    };
    let app = TestApp::start_with(
        sangam_store::testing::sqlite().await.unwrap(),
        sangam_networks::sandbox::SandboxConfig::seeded(7),
        web,
    )
    .await;
    measured(&app).await;
    let member = app.signed_in(Role::Member).await;
    let page = member
        .post(app.url("/reports/share"))
        .form(&[("report", "profiles"), ("query", "compare=none")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = page
        .find("value=\"https://sangam.example.org/shared/sgm_")
        .expect("the absolute link, in a field to copy");
    let link: String = page[start + "value=\"".len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(page.contains("id=\"share-copy\"") && page.contains("data-copy=\"#share-link-field\""));
    assert!(
        page.contains("/assets/js/copy.js"),
        "the copy script is served from /assets"
    );
    let share = &page[page.find("id=\"share-made\"").unwrap() - 200..start];
    assert!(!share.contains("<details"), "not hidden in a collapsed box");
    let path = link.trim_start_matches("https://sangam.example.org");
    let shared = text_of(&client(), &app.url(path)).await;
    assert!(shared.contains("read-only"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_glossary_speaks_the_readers_language_signed_in_or_not() {
    let app = TestApp::start().await;
    let hindi_browser = client()
        .get(app.url("/glossary"))
        .header("accept-language", "hi-IN,hi;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(hindi_browser.contains("मीट्रिक शब्दावली") && hindi_browser.contains("lang=\"hi-IN\""));
    // Benchmark labels in Hindi: the network, the industry and the statistic.
    assert!(
        hindi_browser.contains("टिकटॉक · सभी उद्योग"),
        "benchmark labels"
    );
    assert!(hindi_browser.contains("मीडियन"));
    let english_browser = text_of(&client(), &app.url("/glossary")).await;
    assert!(english_browser.contains("Metric glossary"));
    // Signed in, the person's own setting wins over the browser's.
    let email = app.person(Role::Viewer).await;
    let id = user_id(&app, &email).await;
    sangam_store::users::set_preferences(&app.db, id, "hi-IN", "Asia/Kolkata")
        .await
        .unwrap();
    let person = sign_in(&app, &email).await;
    let theirs = person
        .get(app.url("/glossary"))
        .header("accept-language", "en-US")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(theirs.contains("मीट्रिक शब्दावली"), "their setting: Hindi");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_goal_picks_its_profiles_and_tags_by_name() {
    let app = TestApp::start().await;
    let post = measured(&app).await;
    let _ = post;
    let manager = app.signed_in(Role::Manager).await;
    let form = text_of(&manager, &app.url("/goals")).await;
    let profiles = sangam_store::profiles::list(&app.db, app.workspace_id)
        .await
        .unwrap();
    let acme = &profiles[0];
    assert!(form.contains(&format!("name=\"profile\" value=\"{}\"", acme.id)));
    assert!(
        form.contains("acme (Sandbox)"),
        "the picker names the profile"
    );
    assert!(
        form.contains("name=\"tag\" value=\"launch\""),
        "tags in use are offered"
    );
    assert!(!form.contains("placeholder=\"1,2\""), "no ids to type");
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let owner = sangam_store::users::list(&app.db, app.workspace_id)
        .await
        .unwrap()[0]
        .id;
    let body = |profile: String| {
        vec![
            ("objective", "Launch week engagement".to_string()),
            ("metric_id", "engagements".to_string()),
            ("profile", profile),
            ("tag", "launch".to_string()),
            ("tags", String::new()),
            ("baseline", "0".to_string()),
            ("target", "20".to_string()),
            (
                "start",
                today
                    .checked_sub(jiff::Span::new().days(3))
                    .unwrap()
                    .to_string(),
            ),
            (
                "end",
                today
                    .checked_add(jiff::Span::new().days(3))
                    .unwrap()
                    .to_string(),
            ),
            ("owner_id", owner.to_string()),
        ]
    };
    let r = manager
        .post(app.url("/goals"))
        .form(&body(acme.id.to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let id = location.trim_start_matches("/goals/");
    let json: serde_json::Value = manager
        .get(app.url(&format!("/api/v1/goals/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["goal"]["profile_ids"], serde_json::json!([acme.id]));
    assert_eq!(json["goal"]["tags"], serde_json::json!(["launch"]));
    // 10 engagements of a 0 -> 20 goal, as a count.
    assert_eq!(json["status"]["current"]["unit"], "count");
    assert_eq!(json["status"]["current"]["value"], 10);
    let page = text_of(&manager, &app.url(&location)).await;
    assert!(page.contains("<svg") && page.contains("Target 20") && page.contains("Date"));
    assert!(
        page.contains("id=\"goal-scope\">acme · Tags: launch<"),
        "the goal names what it covers"
    );
    // A profile that is not ours is refused with a sentence.
    let r = manager
        .post(app.url("/goals"))
        .form(&body("999999".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn report_tables_fit_the_screen_at_1366_and_1400_and_the_printable_page_fits_a4_landscape() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    measured(&app).await;
    let long = app.profile("acme-customer-care-hindi").await;
    let email = app.person(Role::Member).await;
    let me = user_id(&app, &email).await;
    for i in 0..6 {
        publish_at(
            &app,
            long.id,
            me,
            "Diwali sale: every order over ₹999 ships free this week, and our customer care team answers in Hindi and English until midnight",
            now_millis() - (i + 2) * DAY,
            100 + i,
            &["diwali", "sale"],
        )
        .await;
    }
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
    let measure = r#"return Array.from(document.querySelectorAll('.report-table .scroll'))
        .map(function (e) { return [e.parentElement.id, e.scrollWidth, e.clientWidth]; })
        .concat([['page', document.documentElement.scrollWidth, document.documentElement.clientWidth]]);"#;
    let check = |what: String, v: serde_json::Value| {
        eprintln!("{what}: [id, scrollWidth, clientWidth] {v}");
        for row in v.as_array().unwrap() {
            let (id, scroll, client) = (
                row[0].as_str().unwrap(),
                row[1].as_i64().unwrap(),
                row[2].as_i64().unwrap(),
            );
            assert!(
                scroll <= client,
                "{what}: #{id} scrolls sideways ({scroll} > {client})"
            );
        }
    };
    for (w, h) in [(1366, 768), (1400, 900)] {
        browser.client.set_window_size(w, h).await.unwrap();
        for path in ["/reports/profiles", "/reports/posts"] {
            browser.goto(&app.url(path)).await;
            browser.wait_for("#report-period").await;
            check(
                format!("{path} at {w}px"),
                browser.client.execute(measure, vec![]).await.unwrap(),
            );
        }
    }
    // A4 landscape inside 12 mm margins is 273 mm: about 1032 CSS pixels.
    browser.client.set_window_size(1032, 900).await.unwrap();
    for report in ["profiles", "posts", "inbox"] {
        browser
            .goto(&app.url(&format!("/reports/print?report={report}")))
            .await;
        browser.wait_for("#main").await;
        check(
            format!("printable {report}"),
            browser.client.execute(measure, vec![]).await.unwrap(),
        );
    }
    let css = text_of(&client(), &app.url("/assets/css/sangam.css")).await;
    assert!(css.contains("@page { size: A4 landscape"));
    browser.close().await;
}

/// The en-US catalogue's plain messages (no placeables) of two words or more: text that must not appear on a page
/// shown in Hindi.
fn english_messages() -> Vec<String> {
    let ftl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/web/locales/en-US/main.ftl"
    ))
    .unwrap();
    ftl.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
        .filter_map(|l| l.split_once(" = ").map(|(_, v)| v.trim().to_string()))
        .filter(|v| !v.contains('{') && v.split_whitespace().count() >= 2)
        .collect()
}

/// The visible text of a page: tags and the contents of `<title>` elements inside SVG kept, attributes dropped.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'").replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_goals_and_care_pages_in_hindi_show_no_english_catalogue_text() {
    let app = TestApp::start().await;
    measured(&app).await;
    app.ingest().await;
    let email = app.person(Role::Manager).await;
    let id = user_id(&app, &email).await;
    sangam_store::users::set_preferences(&app.db, id, "hi-IN", "Asia/Kolkata")
        .await
        .unwrap();
    let hindi = sign_in(&app, &email).await;
    let english = english_messages();
    assert!(english.len() > 100);
    for path in [
        "/reports/profiles",
        "/reports/posts",
        "/reports/tags",
        "/reports/inbox",
        "/reports/print?report=posts",
        "/glossary",
        "/goals",
        "/care/team",
        "/care/me",
    ] {
        let text = visible_text(&text_of(&hindi, &app.url(path)).await);
        let leaks: Vec<&String> = english
            .iter()
            .filter(|m| text.contains(m.as_str()))
            .collect();
        assert!(leaks.is_empty(), "{path} shows English: {leaks:?}");
    }
}
