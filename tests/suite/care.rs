//! Care in the real server: check-ins reach managers only as averages of three or more people and never as notes,
//! through any page or API route; three days over the exposure budget (abusive traffic from the sandbox) alert the
//! managers once; a person checks in from the dashboard and sees it on My week; a manager sees the alert on the
//! team page.

use crate::support::app::{PASSWORD, TestApp, client, uuid};
use crate::support::browser::Browser;
use reqwest::Method;
use sangam_domain::care::{DAY, FocusKind, HEARTBEAT_MS};
use sangam_domain::{Role, now_millis};
use sangam_networks::sandbox::SandboxConfig;
use sangam_store::inbox::{self, Filter, Settings};
use sangam_store::{care, notifications, users};
use sangam_web::routes::route_specs;

async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::credentials_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

/// A token for a new person with `role`, and their email.
async fn person_with_token(app: &TestApp, role: Role) -> (String, String) {
    let email = app.person(role).await;
    let http = client();
    let response = http
        .post(app.url("/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let body: serde_json::Value = http
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"name": "care"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (email, body["token"].as_str().unwrap().to_string())
}

async fn check_in(app: &TestApp, token: &str, energy: i64, workload: i64, note: &str) {
    let response = client()
        .post(app.url("/api/v1/care/checkin"))
        .bearer_auth(token)
        .json(&serde_json::json!({"energy": energy, "workload": workload, "note": note}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204, "{}", response.text().await.unwrap());
}

async fn get_json(app: &TestApp, token: &str, path: &str) -> serde_json::Value {
    let response = client()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Every GET route a Manager may open, with its body.
async fn everything_a_manager_can_read(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for spec in route_specs() {
        let Some(permission) = spec.permission else {
            continue;
        };
        if spec.method != Method::GET || !Role::Manager.can(permission) {
            continue;
        }
        let path = spec
            .path
            .replace("{id}", "1")
            .replace("{*path}", "css/sangam.css");
        let body = client()
            .get(app.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        out.push((path, body));
    }
    out
}

fn trend_week(team: &serde_json::Value, back: usize) -> serde_json::Value {
    let weeks = team["checkin_trend"].as_array().unwrap();
    weeks[weeks.len() - 1 - back].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn managers_see_check_ins_only_as_averages_of_three_or_more_and_never_a_note() {
    let app = TestApp::start().await;
    let (_, manager) = person_with_token(&app, Role::Manager).await;
    let (asha_email, asha) = person_with_token(&app, Role::Member).await;
    let (ravi_email, ravi) = person_with_token(&app, Role::Member).await;
    let (meera_email, meera) = person_with_token(&app, Role::Admin).await;
    let secret = format!("I am overwhelmed {}", uuid());

    check_in(&app, &asha, 1, 5, &secret).await;
    // The person reads their own note back.
    let mine = get_json(&app, &asha, "/api/v1/care/me").await;
    assert_eq!(mine["checkins"][0]["note"], secret.as_str());
    assert_eq!(mine["checked_in"], true);

    // One person: the manager sees that someone checked in, not who or what they said.
    let team = get_json(&app, &manager, "/api/v1/care/team").await;
    assert_eq!(trend_week(&team, 0)["people"], 1);
    assert!(trend_week(&team, 0)["aggregate"].is_null());
    for (path, body) in everything_a_manager_can_read(&app, &manager).await {
        assert!(!body.contains(&secret), "{path} shows the note");
        assert!(
            !body.contains("\"energy\":1"),
            "{path} shows a person's energy"
        );
        assert!(
            !body.contains("<td>checked_in</td>") && !body.contains("\"action\":\"checked_in\""),
            "{path} shows who checked in"
        );
    }

    // Three people this week: still hidden until the week ends, or the average's change would give away the last
    // person's answers.
    check_in(&app, &ravi, 3, 3, "fine").await;
    check_in(&app, &meera, 5, 1, "great week").await;
    let team = get_json(&app, &manager, "/api/v1/care/team").await;
    assert_eq!(trend_week(&team, 0)["people"], 3);
    assert_eq!(trend_week(&team, 0)["in_progress"], true);
    assert!(trend_week(&team, 0)["aggregate"].is_null());

    // Last week (ended): two people are hidden, three are averaged.
    let hours = sangam_domain::business_hours::BusinessHours::default();
    let last_week = sangam_domain::care::week_starts(&hours, now_millis(), 2)[0];
    let ids = [
        user_id(&app, &asha_email).await,
        user_id(&app, &ravi_email).await,
        user_id(&app, &meera_email).await,
    ];
    let answers = [(1, 5, secret.as_str()), (3, 3, "ok"), (5, 1, "great week")];
    for (i, (energy, workload, note)) in answers.iter().enumerate() {
        care::save_checkin(
            &app.db,
            app.workspace_id,
            ids[i],
            last_week,
            *energy,
            *workload,
            note,
            last_week + DAY,
        )
        .await
        .unwrap();
        let team = get_json(&app, &manager, "/api/v1/care/team").await;
        let week = trend_week(&team, 1);
        assert_eq!(week["people"], i + 1);
        assert_eq!(week["in_progress"], false);
        if i < 2 {
            assert!(
                week["aggregate"].is_null(),
                "{} people are not aggregated",
                i + 1
            );
        } else {
            assert_eq!(week["aggregate"]["people"], 3);
            assert_eq!(week["aggregate"]["energy"], 3.0);
            assert_eq!(week["aggregate"]["workload"], 3.0);
        }
    }
    for (path, body) in everything_a_manager_can_read(&app, &manager).await {
        for note in [secret.as_str(), "great week"] {
            assert!(!body.contains(note), "{path} shows a note");
        }
    }
    let page = client()
        .get(app.url("/care/team"))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("3.0"),
        "the team page shows last week's average"
    );
    // The manager's own week holds only the manager's own check-ins (none).
    let own = get_json(&app, &manager, "/api/v1/care/me").await;
    assert!(own["checkins"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_in_is_whole_numbers_from_one_to_five() {
    let app = TestApp::start().await;
    let (_, asha) = person_with_token(&app, Role::Member).await;
    for (energy, workload) in [(0, 3), (3, 6)] {
        let response = client()
            .post(app.url("/api/v1/care/checkin"))
            .bearer_auth(&asha)
            .json(&serde_json::json!({"energy": energy, "workload": workload}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn heartbeats_from_the_composer_become_one_focus_session() {
    let app = TestApp::start().await;
    let email = app.person(Role::Member).await;
    let me = user_id(&app, &email).await;
    let http = client();
    http.post(app.url("/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    for _ in 0..3 {
        let response = http
            .post(app.url("/activity/heartbeat"))
            .form(&[("kind", "compose")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
    }
    let wrong = http
        .post(app.url("/activity/heartbeat"))
        .form(&[("kind", "lunch")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let spans = care::focus_spans(&app.db, me, 0, now_millis() + 1)
        .await
        .unwrap();
    assert_eq!(spans.len(), 1, "three quick beats are one session");
    let total = sangam_domain::care::focus_time(&spans, FocusKind::Compose);
    assert!(
        (HEARTBEAT_MS..HEARTBEAT_MS + 10_000).contains(&total),
        "{total}"
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
async fn a_person_checks_in_from_the_dashboard_and_sees_it_on_my_week() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let email = app.person(Role::Member).await;
    sign_in(&browser, &app, &email).await;
    browser.goto(&app.url("/")).await;
    browser.wait_for("#care-card").await;
    browser.click("#energy-2").await;
    browser.click("#workload-4").await;
    browser
        .fill("#checkin-note", "Too many DMs this week")
        .await;
    browser.click("#checkin-submit").await;
    browser.wait_for("#checkin-saved").await;
    let history = browser
        .wait_for_text("#checkin-history", "Too many DMs this week")
        .await;
    assert!(history.contains('2') && history.contains('4'), "{history}");
    // The dashboard no longer asks.
    browser.goto(&app.url("/")).await;
    browser.wait_for("#care-card-done").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn three_days_over_the_exposure_budget_alert_the_managers_once_and_show_on_the_team_page() {
    let db = sangam_store::testing::sqlite().await.unwrap();
    let mut sandbox = SandboxConfig::seeded(11);
    sandbox.abusive_share = 0.9;
    sandbox.messages_per_hour = 120.0;
    let app = TestApp::start_on(db, sandbox).await;
    app.profile("acme").await;
    let manager_email = app.person(Role::Manager).await;
    let manager = user_id(&app, &manager_email).await;
    let asha_email = app.person(Role::Member).await;
    let asha = user_id(&app, &asha_email).await;
    inbox::save_person(&app.db, asha, true, 540, 1020)
        .await
        .unwrap();
    inbox::save_settings(
        &app.db,
        app.workspace_id,
        Settings {
            sla_minutes: 240,
            exposure_budget: 3,
        },
    )
    .await
    .unwrap();

    // Abusive traffic from the sandbox, opened by Asha: 3 a day (the budget) on each of the last three days.
    app.ingest().await;
    let filter = Filter {
        abusive: Some(true),
        ..Filter::default()
    };
    let abusive = inbox::list(&app.db, app.workspace_id, asha, &filter, 50)
        .await
        .unwrap();
    assert!(
        abusive.len() >= 3,
        "the sandbox sent abusive messages ({})",
        abusive.len()
    );
    let now = now_millis();
    for day in 1..=3 {
        for m in abusive.iter().take(3) {
            inbox::record_opening(&app.db, m.id, asha, now - day * DAY + 60_000)
                .await
                .unwrap();
        }
    }

    let sent = sangam_engine::care::check_workspace(&app.db, app.workspace_id, now)
        .await
        .unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].user_id, asha);
    assert!(
        sent[0].message.contains("abusive messages"),
        "{}",
        sent[0].message
    );
    assert!(
        sent[0].message.contains("3 days running"),
        "{}",
        sent[0].message
    );
    let told = notifications::recent(&app.db, manager, 10).await.unwrap();
    assert!(
        told.iter()
            .any(|n| n.kind == "care_alert" && n.link == "/care/team")
    );
    let subject = notifications::recent(&app.db, asha, 10).await.unwrap();
    assert!(
        subject.iter().all(|n| n.kind != "care_alert"),
        "the alert goes to managers"
    );
    // The job runs daily (and in every process); the alert is sent once.
    let again = sangam_engine::care::check_workspace(&app.db, app.workspace_id, now)
        .await
        .unwrap();
    assert!(again.is_empty());

    let Some(browser) = Browser::start().await else {
        return;
    };
    sign_in(&browser, &app, &manager_email).await;
    browser.goto(&app.url("/care/team")).await;
    let alerts = browser
        .wait_for_text("#care-alerts", "3 days running")
        .await;
    assert!(
        alerts.contains("member"),
        "the alert names the person: {alerts}"
    );
    let people = browser.text("#team-people").await;
    assert!(
        people.contains("/ 3"),
        "exposure against the budget: {people}"
    );
    let formulas = browser.text("#formulas").await;
    assert!(formulas.contains("daily budget"), "{formulas}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_team_page_heads_its_tables_and_links_sla_breaches_to_the_filtered_inbox() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let author = app.person(Role::Member).await;
    let author = user_id(&app, &author).await;
    let now = now_millis();
    let ids = [profile.id];
    let post = sangam_store::posts::create(
        &app.db,
        sangam_store::posts::NewPost::text(
            app.workspace_id,
            author,
            "Waiting for a yes",
            now + DAY,
            &ids,
        ),
        now,
    )
    .await
    .unwrap();
    sangam_store::posts::set_status(
        &app.db,
        post.id,
        sangam_domain::PostStatus::PendingApproval,
        now - 3_600_000,
    )
    .await
    .unwrap();
    let manager = app.signed_in(Role::Manager).await;
    let page = manager
        .get(app.url("/care/team"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The open SLA breaches lead to the inbox filtered to them.
    let at = page.find("id=\"sla-breaches\"").expect("the SLA figure");
    assert!(page[at..].contains("href=\"/inbox?sla=breached\""));
    // Every table says what its columns are, the approvals waiting one too.
    let at = page
        .find("id=\"approvals-waiting\"")
        .expect("a post waits for approval");
    let table = &page[at..page[at..].find("</table>").unwrap() + at];
    assert!(
        table.contains("<thead>") && table.contains("Approver") && table.contains("Posts waiting"),
        "{table}"
    );
    for table in page.split("<table").skip(1) {
        assert!(
            table.contains("<thead>"),
            "a table without headers: {table}"
        );
    }
}
