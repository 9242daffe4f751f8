//! "Wrong sentiment?" at the far end: a Member corrects how messages read, one in the browser's open conversation and
//! the rest through the API; each shows the corrected reading at once (the page, the list's sentiment filter), is in
//! the audit log with who did it, and teaches the workspace's sentiment model, so a later message of the same kind
//! that the sandbox sends is read the team's way when it is ingested, while a kind nobody corrected keeps the rules'
//! reading.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use sangam_domain::{Role, Sentiment, now_millis};
use sangam_networks::sandbox::{ManualClock, SandboxConfig, Tone};
use sangam_store::inbox::{self, Filter, Message};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

const HOUR: i64 = 3_600_000;
const HANDLE: &str = "acme";

/// How the sandbox meant a message to read, for the tones that have one sentiment.
fn meant(app: &TestApp, m: &Message) -> Option<Sentiment> {
    match app.sandbox.message_truth(HANDLE, &m.remote_id)?.tone {
        Tone::Praise => Some(Sentiment::Positive),
        Tone::Complaint => Some(Sentiment::Negative),
        Tone::Question => Some(Sentiment::Neutral),
        Tone::Chatter | Tone::Abuse => None,
    }
}

/// The sandbox's line behind a message: without the leading @handle and a trailing link.
fn line(m: &Message) -> String {
    let text = m.text.trim_start_matches(&format!("@{HANDLE} ")[..]);
    match text.rsplit_once(" https://") {
        Some((line, _)) => line.to_owned(),
        None => text.to_owned(),
    }
}

async fn stored(app: &TestApp) -> Vec<Message> {
    inbox::list(&app.db, app.workspace_id, 0, &Filter::default(), 5_000)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrected_sentiment_shows_at_once_and_teaches_the_workspace_for_later_messages() {
    // Without Chromium (and without SANGAM_REQUIRE_BROWSER) the first correction posts the page's form instead.
    let browser = Browser::start().await;
    // Two messages a minute for the last eight hours of a clock the test moves; none abusive, so none is withheld.
    let clock = ManualClock::at(now_millis() - 2 * 24 * HOUR);
    let config = SandboxConfig {
        messages_per_hour: 120.0,
        inbox_history_ms: 8 * HOUR,
        abusive_share: 0.0,
        ..SandboxConfig::seeded(19)
    }
    .with_clock(clock.clone());
    let db = sangam_store::testing::sqlite().await.unwrap();
    let app = TestApp::start_on(db, config).await;
    app.profile(HANDLE).await;
    // The engine's own ingester reads the eight hours at once (one run of up to 1,000); the test waits for it rather
    // than racing it, as two writers on one SQLite file would.
    let first = settled(&app).await;
    assert!(first.len() > 500, "{} messages", first.len());

    // The team goes through its inbox and corrects every message the rules read wrong.
    let wrong: Vec<(Message, Sentiment)> = first
        .iter()
        .filter_map(|m| meant(&app, m).map(|s| (m.clone(), s)))
        .filter(|(m, s)| m.sentiment_label != *s)
        .collect();
    assert!(wrong.len() >= 30, "{} read wrong", wrong.len());
    let mut by_line: HashMap<String, usize> = HashMap::new();
    for (m, _) in &wrong {
        *by_line.entry(line(m)).or_default() += 1;
    }
    let (target, copies) = by_line
        .iter()
        .max_by_key(|(l, n)| (**n, (*l).clone()))
        .map(|(l, n)| (l.clone(), *n))
        .unwrap();
    assert!(copies >= 5, "{target:?} read wrong {copies} times");
    let (in_browser, said) = wrong
        .iter()
        .find(|(m, _)| line(m) == target)
        .unwrap()
        .clone();

    // One in the open conversation's "Wrong sentiment?" buttons: the badge follows at once.
    let email = app.person(Role::Member).await;
    let badge = format!("#message-{} .badge.sentiment-{said}", in_browser.id);
    let page = format!("/inbox/messages/{}", in_browser.id);
    match &browser {
        Some(browser) => {
            browser.goto(&app.url("/login")).await;
            browser.fill("#email", &email).await;
            browser.fill("#password", PASSWORD).await;
            browser.click("#login-submit").await;
            browser.wait_for("#who-name").await;
            browser.goto(&app.url(&page)).await;
            browser.wait_for("#sentiment-correction").await;
            browser.click(&format!("#sentiment-{said}")).await;
            browser.wait_for(&badge).await;
            browser
                .wait_for(&format!("#sentiment-{said}[aria-pressed=true]"))
                .await;
            browser
                .screenshot("target/screens/sentiment-corrected.png")
                .await;
        }
        None => {
            let person = signed_in_as(&app, &email).await;
            let answer = person
                .post(app.url(&format!("{page}/sentiment")))
                .form(&[("sentiment", said.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 303);
            let html = person
                .get(app.url(&page))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let shown = format!(
                "<article class=\"message current\" id=\"message-{}\"",
                in_browser.id
            );
            let at = html.find(&shown).unwrap();
            let article = &html[at..at + html[at..].find("</article>").unwrap()];
            assert!(
                article.contains(&format!("badge sentiment-{said}")),
                "{article}"
            );
            assert!(
                html.contains(&format!("id=\"sentiment-{said}\" aria-pressed=\"true\"")),
                "the button of the reading given is pressed"
            );
        }
    }

    // The rest through the API.
    let member = app.signed_in(Role::Member).await;
    for (m, s) in wrong.iter().filter(|(m, _)| m.id != in_browser.id) {
        let response = member
            .post(app.url(&format!("/api/v1/inbox/{}/sentiment", m.id)))
            .json(&json!({ "sentiment": s }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204, "message {}", m.id);
    }
    let refused = member
        .post(app.url(&format!("/api/v1/inbox/{}/sentiment", in_browser.id)))
        .json(&json!({ "sentiment": "furious" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422, "not a sentiment");

    // The list's sentiment filter counts the corrected readings.
    let listed: Value = member
        .get(app.url(&format!("/api/v1/inbox?sentiment={said}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = listed["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_i64())
        .collect();
    assert!(ids.contains(&in_browser.id), "{listed}");

    // Who and when: the audit log.
    let manager = app.signed_in(Role::Admin).await;
    let audit: Value = manager
        .get(app.url("/api/v1/audit?action=corrected_sentiment&limit=1000"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = audit.as_array().unwrap();
    assert_eq!(entries.len(), wrong.len(), "one entry a correction");
    assert!(
        entries
            .iter()
            .any(|e| e["object_id"] == json!(in_browser.id)),
        "{audit}"
    );

    // Four hours later the sandbox has sent more; the new copies of the corrected line read the team's way, and a
    // line nobody corrected keeps the rules' reading.
    let before: HashSet<i64> = first.iter().map(|m| m.id).collect();
    let corrected_lines: HashSet<String> = wrong.iter().map(|(m, _)| line(m)).collect();
    clock.advance(4 * HOUR);
    app.ingest().await;
    let later: Vec<Message> = stored(&app)
        .await
        .into_iter()
        .filter(|m| !before.contains(&m.id))
        .collect();
    let same: Vec<&Message> = later.iter().filter(|m| line(m) == target).collect();
    assert!(!same.is_empty(), "no later copy of {target:?}");
    for m in &same {
        assert_eq!(
            m.sentiment_label, said,
            "{:?} {}",
            m.text, m.sentiment_compound
        );
    }
    let untouched: Vec<&Message> = later
        .iter()
        .filter(|m| !corrected_lines.contains(&line(m)))
        .collect();
    // Lines nobody corrected, which the rules read as the sandbox meant: the team's model leaves them be.
    let right: Vec<&&Message> = untouched
        .iter()
        .filter(|m| meant(&app, m).is_some())
        .collect();
    let kept = right
        .iter()
        .filter(|m| Some(m.sentiment_label) == meant(&app, m))
        .count();
    let changed: Vec<(String, Sentiment)> = right
        .iter()
        .filter(|m| Some(m.sentiment_label) != meant(&app, m))
        .map(|m| (m.text.clone(), m.sentiment_label))
        .collect();
    assert!(
        !right.is_empty() && kept * 20 >= right.len() * 19,
        "{kept} of {} kept the rules' reading: {changed:?}",
        right.len()
    );
    if let Some(browser) = browser {
        browser.close().await;
    }
}

/// The stored messages once the engine's ingester has stopped adding to them.
async fn settled(app: &TestApp) -> Vec<Message> {
    let mut last = 0;
    let mut same = 0;
    for _ in 0..300 {
        let n = stored(app).await.len();
        same = if n > 0 && n == last { same + 1 } else { 0 };
        if same == 3 {
            return stored(app).await;
        }
        last = n;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    panic!("the engine's ingester did not settle ({last} messages)");
}

async fn signed_in_as(app: &TestApp, email: &str) -> reqwest::Client {
    let person = client();
    let answer = person
        .post(app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303, "signing in redirects");
    person
}
