//! The Shield's threshold, at the far end: a Manager moves it on the settings page and sees the expected precision,
//! recall and confusion table move; a message just under or over the line is blurred or shown in the inbox
//! accordingly; the API gives the curve, refuses a line out of range and anyone who may not change Shield settings;
//! the analysis of new messages uses the workspace's line; and once the team has given enough verdicts the figures
//! are its own.

use crate::suite::inbox_ui::{message, quiet_app};
use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::{Role, now_millis};
use sangam_store::inbox::{self, NewMessage};
use sangam_store::shield_models;
use serde_json::{Value, json};

/// A message that arrived with `score`, flagged as the shipped line (0.5) decides.
fn scored(i: i64, text: &str, score: f64) -> NewMessage {
    NewMessage {
        text: text.to_owned(),
        abusive: score >= 0.5,
        abuse_score: score,
        ..message(i)
    }
}

async fn store(app: &TestApp, messages: &[NewMessage]) -> Vec<i64> {
    let profile = app.profile("acme").await;
    inbox::ingest_page(
        &app.db,
        app.workspace_id,
        profile.id,
        messages,
        None,
        now_millis(),
    )
    .await
    .unwrap()
}

async fn put_threshold(client: &reqwest::Client, app: &TestApp, body: Value) -> reqwest::Response {
    client
        .put(app.url("/api/v1/shield/threshold"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn figures(browser: &Browser) -> (String, String, [String; 4]) {
    let cell = |id: &'static str| async move { browser.text(id).await };
    (
        browser.text("#expected-precision").await,
        browser.text("#expected-recall").await,
        [
            cell("#true-positive").await,
            cell("#false-positive").await,
            cell("#false-negative").await,
            cell("#true-negative").await,
        ],
    )
}

async fn set_in_page(browser: &Browser, app: &TestApp, value: &str) {
    browser.goto(&app.url("/inbox/shield")).await;
    browser.fill("#threshold-input", value).await;
    browser.click("#threshold-save").await;
    browser.wait_for_text("#threshold-value", value).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn moving_the_threshold_moves_the_figures_and_what_the_inbox_blurs() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = quiet_app().await;
    let ids = store(
        &app,
        &[
            scored(1, "Your app logged me out again, sort it out", 0.45),
            scored(2, "What a clown show this support is", 0.55),
        ],
    )
    .await;
    let email = app.person(Role::Manager).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    // Reached from the inbox settings page; until the team has its own verdicts, the figures are the dev sets'.
    browser.goto(&app.url("/inbox/settings")).await;
    browser.click("#shield-threshold-link").await;
    browser.wait_for("#confusion-table").await;
    assert_eq!(browser.text("#threshold-value").await, "0.50");
    let source = browser.text("#threshold-source").await;
    assert!(source.contains("dev sets"), "{source}");
    let at_half = figures(&browser).await;

    // A lower line: more abuse caught (recall up), more flagged, a different table; the 0.45 message is now blurred.
    set_in_page(&browser, &app, "0.40").await;
    let at_forty = figures(&browser).await;
    assert_ne!(at_forty, at_half, "the figures follow the line");
    let pct = |s: &str| s.trim_end_matches('%').parse::<f64>().unwrap();
    assert!(
        pct(&at_forty.1) > pct(&at_half.1),
        "{at_forty:?} {at_half:?}"
    );
    let n = |s: &String| s.parse::<i64>().unwrap();
    assert!(n(&at_forty.2[0]) > n(&at_half.2[0]), "more true positives");
    assert!(n(&at_forty.2[1]) > n(&at_half.2[1]), "more false positives");
    browser
        .screenshot("target/screens/shield-threshold-040.png")
        .await;
    browser.goto(&app.url("/inbox")).await;
    browser.wait_for("#inbox-rows").await;
    for id in &ids {
        let row = browser.text(&format!("#row-{id}")).await;
        assert!(
            row.contains("Abusive message: its text is shown only when you open it."),
            "both are over 0.40: {row}"
        );
    }

    // A higher line: fewer flagged, precision up; the 0.55 message is shown, text and all.
    set_in_page(&browser, &app, "0.60").await;
    let at_sixty = figures(&browser).await;
    assert!(pct(&at_sixty.0) > pct(&at_forty.0), "{at_sixty:?}");
    assert!(n(&at_sixty.2[0]) < n(&at_forty.2[0]));
    browser.goto(&app.url("/inbox")).await;
    browser.wait_for("#inbox-rows").await;
    let under = browser.text(&format!("#row-{}", ids[1])).await;
    assert!(under.contains("What a clown show"), "under 0.60: {under}");
    let under = browser.text(&format!("#row-{}", ids[0])).await;
    assert!(under.contains("logged me out"), "under 0.60: {under}");

    // Between the two: 0.50 again blurs only the 0.55 one.
    set_in_page(&browser, &app, "0.50").await;
    assert_eq!(figures(&browser).await, at_half);
    browser.goto(&app.url("/inbox")).await;
    browser.wait_for("#inbox-rows").await;
    assert!(
        browser
            .text(&format!("#row-{}", ids[0]))
            .await
            .contains("logged me out")
    );
    assert!(
        !browser
            .text(&format!("#row-{}", ids[1]))
            .await
            .contains("clown")
    );
    for (id, abusive) in [(ids[0], false), (ids[1], true)] {
        let m = inbox::get(&app.db, app.workspace_id, id).await.unwrap();
        assert_eq!(m.abusive, abusive, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_threshold_api_gives_the_curve_refuses_bad_lines_and_those_who_may_not_change_it() {
    let app = quiet_app().await;
    let manager = app.signed_in(Role::Manager).await;
    let got: Value = manager
        .get(app.url("/api/v1/shield/threshold"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["threshold"], 0.5);
    assert_eq!(got["source"], "dev_sets");
    assert_eq!(got["points"].as_array().unwrap().len(), 91);
    assert!(got["sets"].as_array().unwrap().len() >= 5, "{got}");
    let e = &got["expected"];
    let total = [
        "true_positive",
        "false_positive",
        "false_negative",
        "true_negative",
    ]
    .iter()
    .map(|k| e[k].as_i64().unwrap())
    .sum::<i64>();
    assert!(total > 10_000, "the dev sets pooled: {e}");

    for bad in [json!({"threshold": 1.5}), json!({"threshold": 0.0})] {
        let r = put_threshold(&manager, &app, bad).await;
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "shield_threshold_invalid");
        assert!(body["message"].as_str().unwrap().contains("0.05"), "{body}");
    }
    assert!(
        (shield_models::threshold(&app.db, app.workspace_id)
            .await
            .unwrap()
            - 0.5)
            .abs()
            < 1e-9
    );

    // A Member may see it, not change it.
    let member = app.signed_in(Role::Member).await;
    let r = member
        .get(app.url("/api/v1/shield/threshold"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = put_threshold(&member, &app, json!({"threshold": 0.3})).await;
    assert_eq!(r.status(), 403);
    let page = member
        .get(app.url("/inbox/shield"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("confusion-table") && !page.contains("threshold-form"));

    // The analysis of new messages uses the workspace's line.
    let probe = "you are a clown";
    let score = app.text.analyze_all_for(app.workspace_id, [probe])[0]
        .abuse
        .score;
    let over = ((score + 0.02) * 100.0).ceil() / 100.0;
    assert!(over <= 0.95, "{score}");
    let r = put_threshold(&manager, &app, json!({"threshold": over})).await;
    assert_eq!(r.status(), 200);
    let saved: Value = r.json().await.unwrap();
    assert!((saved["threshold"].as_f64().unwrap() - over).abs() < 1e-9);
    assert!(
        !app.text.analyze_all_for(app.workspace_id, [probe])[0]
            .abuse
            .abusive
    );
    let under = ((score - 0.02) * 100.0).floor() / 100.0;
    put_threshold(&manager, &app, json!({"threshold": under.max(0.05)})).await;
    assert!(
        app.text.analyze_all_for(app.workspace_id, [probe])[0]
            .abuse
            .abusive
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_enough_verdicts_the_figures_are_the_teams_own() {
    let app = quiet_app().await;
    let manager = app.signed_in(Role::Manager).await;
    let verdict_of = |i: i64| i % 3 == 0;
    let messages: Vec<NewMessage> = (0..32)
        .map(|i| {
            scored(
                i,
                &format!("message number {i}"),
                f64::from(i as i32) / 32.0,
            )
        })
        .collect();
    let ids = store(&app, &messages).await;
    let user = app.person(Role::Member).await;
    let user = sangam_store::users::credentials_by_email(&app.db, &user)
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    for (i, id) in ids.iter().enumerate() {
        let m = inbox::get(&app.db, app.workspace_id, *id).await.unwrap();
        inbox::shield::record_correction(
            &app.db,
            app.workspace_id,
            &m,
            user,
            verdict_of(i as i64),
            now_millis(),
        )
        .await
        .unwrap();
    }
    let got: Value = put_threshold(&manager, &app, json!({"threshold": 0.5}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["source"], "team", "{got}");
    assert_eq!(got["team_labels"], 32);
    assert_eq!(got["sets"].as_array().unwrap().len(), 0);
    // At 0.5 the messages 16..31 are flagged; the abusive ones are those whose number is a multiple of 3.
    let abusive_over = (16..32).filter(|i| verdict_of(*i)).count() as i64;
    let abusive_under = (0..16).filter(|i| verdict_of(*i)).count() as i64;
    let e = &got["expected"];
    assert_eq!(e["true_positive"], abusive_over);
    assert_eq!(e["false_positive"], 16 - abusive_over);
    assert_eq!(e["false_negative"], abusive_under);
    assert_eq!(e["true_negative"], 16 - abusive_under);
    // A verdict stands whatever the line: nothing the team judged is re-decided.
    put_threshold(&manager, &app, json!({"threshold": 0.05})).await;
    for (i, id) in ids.iter().enumerate() {
        let m = inbox::get(&app.db, app.workspace_id, *id).await.unwrap();
        assert_eq!(m.abusive, verdict_of(i as i64), "{i}");
    }
}
