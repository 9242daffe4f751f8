//! The inbox in the real server and a real browser: replies go out once through the delivery machinery; hostile text
//! stays text; abusive text stays blurred until opened and the opening is counted; filter, assign, reply, tag, a rule.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::{Role, now_millis};
use sangam_store::inbox::{self, NewMessage};
use sangam_store::users;

fn message(remote_id: &str, kind: &str, author: &str, text: &str) -> NewMessage {
    NewMessage {
        remote_id: remote_id.into(),
        kind: kind.into(),
        author_handle: author.into(),
        author_name: author.into(),
        author_followers: Some(10),
        text: text.into(),
        url: Some(format!("https://sandbox.sangam.invalid/{remote_id}")),
        in_reply_to: None,
        conversation_id: format!("conv-{remote_id}"),
        received_at: now_millis() - 60_000,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: "neutral".into(),
        abusive: false,
        abuse_score: 0.0,
        abuse_labels: vec![],
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }
}

async fn seed(app: &TestApp, profile_id: i64, messages: &[NewMessage]) -> Vec<i64> {
    inbox::ingest_page(
        &app.db,
        app.workspace_id,
        profile_id,
        messages,
        None,
        now_millis(),
    )
    .await
    .unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::credentials_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_goes_out_once_through_the_delivery_machinery() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let ids = seed(
        &app,
        profile.id,
        &[message(
            "m1",
            "mention",
            "ravi",
            "Is the cafe open on Sunday?",
        )],
    )
    .await;
    let token = app.token(Role::Member).await;
    let http = reqwest::Client::new();
    let response = http
        .post(app.url(&format!("/api/v1/inbox/{}/replies", ids[0])))
        .bearer_auth(&token)
        .json(&serde_json::json!({"text": "Yes {author}, 9 to 5!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let reply: serde_json::Value = response.json().await.unwrap();
    let delivery = reply["delivery_id"].as_i64().unwrap();
    app.eventually("the reply is published", || async {
        sangam_store::posts::delivery(&app.db, delivery)
            .await
            .unwrap()
            .state
            == sangam_domain::DeliveryState::Published
    })
    .await;
    let sent: Vec<_> = app
        .sandbox
        .all_posts()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.text == "Yes @ravi, 9 to 5!")
        .collect();
    assert_eq!(sent.len(), 1, "published exactly once");
    let detail: serde_json::Value = http
        .get(app.url(&format!("/api/v1/inbox/{}", ids[0])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["replies"][0]["state"], "published");
    assert_eq!(detail["clock"]["state"], "answered");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_opted_in_people_can_open_shielded_messages_and_each_opening_counts() {
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let mut abusive = message("m1", "mention", "troll", "you useless idiot");
    abusive.abusive = true;
    let ids = seed(&app, profile.id, &[abusive]).await;
    let token = app.token(Role::Member).await;
    let http = reqwest::Client::new();
    let open = || {
        http.post(app.url(&format!("/api/v1/inbox/{}/open", ids[0])))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(open().await.unwrap().status(), 422, "not opted in");
    let response = http
        .post(app.url("/api/v1/inbox-settings/me"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"shield_opt_in": true, "work_start_min": 540, "work_end_min": 1020}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let body: serde_json::Value = open().await.unwrap().json().await.unwrap();
    assert_eq!(body["exposure_today"], 1);
    assert_eq!(inbox::openings_of(&app.db, ids[0]).await.unwrap(), 1);
}

/// Hostile text from the public: script tags, event handlers, javascript: links, markup in names and URLs.
const HOSTILE: &[(&str, &str, &str)] = &[
    (
        "<script>window.__xss=1</script>",
        "<b onmouseover=alert(1)>bold</b>",
        "javascript:window.__xss=2",
    ),
    (
        "<img src=x onerror=\"window.__xss=3\">",
        "\"><svg onload=window.__xss=4>",
        "https://evil.example/\"><img src=x onerror=window.__xss=5>",
    ),
    (
        "'\"><iframe src=javascript:window.__xss=6>",
        "</title><script>window.__xss=7</script>",
        "data:text/html,<script>window.__xss=8</script>",
    ),
    (
        "{{7*7}} ${7*7} <style>body{display:none}</style>",
        "<a href=javascript:window.__xss=9>me</a>",
        "https://tracker.example/pixel.gif",
    ),
    (
        "<img src=\"https://tracker.example/beacon.gif\">",
        "normal name",
        "//evil.example/x",
    ),
];

#[tokio::test(flavor = "multi_thread")]
async fn hostile_message_text_renders_as_text_and_phones_nobody() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let messages: Vec<NewMessage> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, (text, name, url))| {
            let mut m = message(&format!("x{i}"), "mention", "hostile", text);
            m.author_name = name.to_string();
            m.author_handle = format!("{name}{i}");
            m.url = Some(url.to_string());
            m
        })
        .collect();
    let ids = seed(&app, profile.id, &messages).await;
    let email = app.person(Role::Member).await;
    sign_in(&browser, &app, &email).await;

    let mut pages = vec![app.url("/inbox")];
    pages.extend(
        ids.iter()
            .map(|id| app.url(&format!("/inbox/messages/{id}"))),
    );
    for url in pages {
        browser.goto(&url).await;
        browser.wait_for("article.message").await;
        let check = browser
            .client
            .execute(
                "return {
                   xss: typeof window.__xss,
                   outside: performance.getEntriesByType('resource').map(e => e.name)
                     .filter(n => !n.startsWith(location.origin)),
                   scripts: Array.from(document.scripts).map(s => s.src).filter(s => !s.startsWith(location.origin)),
                   inline: Array.from(document.scripts).filter(s => !s.src).length,
                   badLinks: Array.from(document.querySelectorAll('a[href]'))
                     .filter(a => !/^(https?:|\\/)/.test(a.getAttribute('href')) || a.getAttribute('href').startsWith('//')).length,
                   remote: Array.from(document.querySelectorAll('a.remote')).map(a => a.rel),
                   imgs: document.querySelectorAll('main img, main svg, main iframe').length,
                 };",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(check["xss"], "undefined", "no script ran on {url}: {check}");
        assert_eq!(
            check["outside"],
            serde_json::json!([]),
            "no request left for another host on {url}"
        );
        assert_eq!(check["scripts"], serde_json::json!([]));
        assert_eq!(check["inline"], 0);
        assert_eq!(
            check["badLinks"], 0,
            "no javascript:, data: or protocol-relative links on {url}: {check}"
        );
        assert_eq!(check["imgs"], 0, "markup from messages stays text on {url}");
        for rel in check["remote"].as_array().unwrap() {
            assert_eq!(rel, "noopener noreferrer nofollow");
        }
    }
    browser.goto(&app.url("/inbox")).await;
    let text = browser.text("main").await;
    assert!(
        text.contains("<script>window.__xss=1</script>"),
        "shown as text"
    );
    assert!(text.contains("<img src=x onerror=\"window.__xss=3\">"));
}

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

async fn select(browser: &Browser, css: &str, value: &str) {
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).value = arguments[1];",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_filters_assigns_tags_replies_applies_a_rule_and_opens_a_blurred_message() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let profile = app.profile("acme").await;
    let email = app.person(Role::Manager).await;
    let me = user_id(&app, &email).await;
    inbox::save_person(&app.db, me, true, 540, 1020)
        .await
        .unwrap();
    let mut troll = message("m3", "mention", "troll", "you are a useless idiot");
    troll.abusive = true;
    troll.assigned_to = Some(me);
    let ids = seed(
        &app,
        profile.id,
        &[
            message("m1", "mention", "asha", "Loved the monsoon menu"),
            message("m2", "direct_message", "ravi", "Where is my refund?"),
            troll,
        ],
    )
    .await;
    sign_in(&browser, &app, &email).await;

    // Filter: direct messages only.
    browser.goto(&app.url("/inbox")).await;
    select(&browser, "#f-kind", "direct_message").await;
    browser.click("#filter-submit").await;
    // The message is on the unfiltered page too: wait for the filtered page itself before reading it.
    for _ in 0..100 {
        if browser.url().await.contains("direct_message") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        browser.url().await.contains("direct_message"),
        "the filter was applied"
    );
    browser.wait_for(&format!("#message-{}", ids[1])).await;
    let kinds = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('article.message')).map(a => a.dataset.kind);",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        kinds
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k == "direct_message"),
        "only direct messages: {kinds}"
    );
    assert!(
        !browser
            .text("main")
            .await
            .contains("Loved the monsoon menu")
    );

    // Assign to me, tag, reply (with a placeholder).
    browser
        .click(&format!("#message-{} a.open-conversation", ids[1]))
        .await;
    browser.wait_for("#assign-form").await;
    select(&browser, "#assign-to", &me.to_string()).await;
    browser.click("#assign-submit").await;
    browser.wait_for_text("#actions", "manager").await;
    browser.fill("#tag-input", "billing").await;
    browser.click("#tag-submit").await;
    browser.wait_for_text("#thread", "#billing").await;
    browser
        .fill("#reply-text", "Sorry {author_name}, it is on its way")
        .await;
    browser.click("#reply-submit").await;
    browser
        .wait_for_text("#thread", "Sorry ravi, it is on its way")
        .await;
    let m = inbox::get(&app.db, app.workspace_id, ids[1]).await.unwrap();
    assert_eq!(m.assigned_to, Some(me));
    assert_eq!(m.tags, vec!["billing".to_string()]);
    assert!(m.first_reply_at.is_some(), "the reply stopped the clock");
    app.eventually("the reply is published", || async {
        browser
            .goto(&app.url(&format!("/inbox/messages/{}", ids[1])))
            .await;
        browser.text("#thread").await.contains("Published")
    })
    .await;

    // A rule, tested against a sample, then saved and applied to new messages as they arrive.
    browser.goto(&app.url("/inbox/rules")).await;
    browser.fill("#rule-name", "Tag direct messages").await;
    select(&browser, "#rule-kind", "direct_message").await;
    browser.fill("#rule-tag", "dm").await;
    browser.fill("#rule-sample", "hello there").await;
    browser.click("#rule-test").await;
    browser
        .wait_for("#rule-test-result[data-matches=false]")
        .await;
    select(&browser, "#rule-kind", "mention").await;
    browser.click("#rule-test").await;
    browser
        .wait_for("#rule-test-result[data-matches=true]")
        .await;
    select(&browser, "#rule-kind", "direct_message").await;
    browser.click("#rule-save").await;
    browser
        .wait_for_text("#rules-list", "Tag direct messages")
        .await;
    // A direct message arrives through the ingester, which applies the saved rules.
    let rules: Vec<_> = inbox::rules(&app.db, app.workspace_id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.rule)
        .collect();
    let networks = sangam_engine::Networks::default();
    let ingester = sangam_engine::ingester::Ingester {
        db: &app.db,
        secrets: &app.secrets,
        networks: &networks,
        text: &app.text,
    };
    let arriving = sangam_networks::Inbound {
        remote_id: "arriving-dm".into(),
        kind: sangam_networks::InboundKind::DirectMessage,
        author_handle: "meena".into(),
        author_name: "Meena".into(),
        author_followers: None,
        text: "Please call me back about my order".into(),
        url: None,
        in_reply_to: None,
        conversation_id: "arriving".into(),
        received_at: now_millis(),
    };
    ingester
        .store_page(&profile, &rules, &[arriving], None)
        .await
        .unwrap();
    browser.goto(&app.url("/inbox?tag=dm")).await;
    browser
        .wait_for_text("main", "Please call me back about my order")
        .await;
    browser
        .wait_for("article.message[data-kind=direct_message]")
        .await;
    let kinds = browser
        .client
        .execute("return Array.from(document.querySelectorAll('article.message')).map(a => a.dataset.kind);", vec![])
        .await
        .unwrap();
    assert!(
        kinds
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k == "direct_message"),
        "{kinds}"
    );

    // The shield: blurred until opened; opening is counted by the server.
    browser
        .goto(&app.url(&format!("/inbox/messages/{}", ids[2])))
        .await;
    let blur = browser
        .client
        .execute(
            "return getComputedStyle(document.querySelector(arguments[0])).filter;",
            vec![serde_json::json!(format!(
                "#shield-{} .message-text",
                ids[2]
            ))],
        )
        .await
        .unwrap();
    assert!(
        blur.as_str().unwrap_or_default().contains("blur"),
        "blurred: {blur}"
    );
    assert_eq!(inbox::openings_of(&app.db, ids[2]).await.unwrap(), 0);
    browser.click(&format!("#open-{}", ids[2])).await;
    browser
        .wait_for(&format!("#shield-{}.revealed", ids[2]))
        .await;
    let clear = browser
        .client
        .execute(
            "return getComputedStyle(document.querySelector(arguments[0])).filter;",
            vec![serde_json::json!(format!(
                "#shield-{} .message-text",
                ids[2]
            ))],
        )
        .await
        .unwrap();
    assert_eq!(clear, "none");
    assert_eq!(
        inbox::openings_of(&app.db, ids[2]).await.unwrap(),
        1,
        "the opening was counted"
    );
}
