//! The inbox in the real server and a real browser: replies go out once through the delivery machinery; hostile text
//! stays text; abusive text is not sent (HTML or JSON) until its opening is recorded, and the budget holds; keyset
//! pages and true counts; bulk actions; filter, assign, reply, tag, a rule written back as a sentence.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::{Role, now_millis};
use sangam_store::inbox::{self, NewMessage};
use sangam_store::users;

fn message(remote_id: &str, kind: &str, author: &str, text: &str) -> NewMessage {
    NewMessage {
        remote_id: remote_id.into(),
        kind: sangam_domain::MessageKind::parse(kind).unwrap(),
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
        sentiment_label: sangam_domain::Sentiment::Neutral,
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

/// The app on a silent sandbox (no inbound traffic), so the messages a test counts are only the ones it stored.
async fn quiet_app() -> TestApp {
    let db = sangam_store::testing::sqlite().await.unwrap();
    let sandbox = sangam_networks::sandbox::SandboxConfig {
        messages_per_hour: 0.0,
        ..sangam_networks::sandbox::SandboxConfig::seeded(7)
    };
    TestApp::start_on(db, sandbox).await
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
    assert_eq!(body["message"]["text"], "you useless idiot");
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
        browser.wait_for("li.message-row").await;
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
                     .filter(a => !/^(https?:|\\/|#[a-z])/.test(a.getAttribute('href')) || a.getAttribute('href').startsWith('//')).length,
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
            "no javascript:, data: or protocol-relative links (in-page #anchors are fine) on {url}: {check}"
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
    browser.wait_for(&format!("#row-{}", ids[1])).await;
    let kinds = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('li.message-row')).map(a => a.dataset.kind);",
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
        .click(&format!("#row-{} a.open-conversation", ids[1]))
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
        .wait_for("li.message-row[data-kind=direct_message]")
        .await;
    let kinds = browser
        .client
        .execute("return Array.from(document.querySelectorAll('li.message-row')).map(a => a.dataset.kind);", vec![])
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

    // The rule reads as a sentence, not as its JSON.
    browser.goto(&app.url("/inbox/rules")).await;
    let rules = browser.text("#rules-list").await;
    assert!(
        rules.contains("When a message is a direct message, tag it ‘dm’."),
        "{rules}"
    );
    assert!(!rules.contains("{\""), "no JSON: {rules}");

    // The shield: the text is not in the page until the opening is recorded; "Open" records it and swaps it in.
    browser
        .goto(&app.url(&format!("/inbox/messages/{}", ids[2])))
        .await;
    browser.wait_for(&format!("#open-{}", ids[2])).await;
    let html = browser.client.source().await.unwrap();
    assert!(
        !html.contains("useless idiot"),
        "the text is not sent before opening"
    );
    assert_eq!(inbox::openings_of(&app.db, ids[2]).await.unwrap(), 0);
    browser.click(&format!("#open-{}", ids[2])).await;
    browser
        .wait_for_text(
            &format!("#shield-{}.revealed", ids[2]),
            "you are a useless idiot",
        )
        .await;
    assert_eq!(
        inbox::openings_of(&app.db, ids[2]).await.unwrap(),
        1,
        "the opening was counted"
    );
}

fn abusive(remote_id: &str, text: &str) -> NewMessage {
    let mut m = message(remote_id, "mention", "troll", text);
    m.abusive = true;
    m.abuse_score = 0.93;
    m.abuse_labels = vec![sangam_domain::AbuseLabel::Insult];
    m
}

async fn body(client: &reqwest::Client, url: String) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn open_with_htmx(app: &TestApp, client: &reqwest::Client, id: i64) -> (u16, String) {
    let response = client
        .post(app.url(&format!("/inbox/messages/{id}/open")))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shielded_text_is_absent_from_html_and_json_until_its_opening_is_recorded() {
    let app = quiet_app().await;
    let profile = app.profile("acme").await;
    let email = app.person(Role::Member).await;
    let me = user_id(&app, &email).await;
    inbox::save_person(&app.db, me, true, 540, 1020)
        .await
        .unwrap();
    let ids = seed(
        &app,
        profile.id,
        &[
            abusive("a1", "first hidden insult zq81"),
            abusive("a2", "second hidden insult zq82"),
            message("n1", "mention", "asha", "a kind word"),
        ],
    )
    .await;
    let client = crate::support::app::client();
    let response = client
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);

    let pages = || {
        [
            app.url("/inbox"),
            app.url(&format!("/inbox/messages/{}", ids[0])),
            app.url("/api/v1/inbox"),
            app.url(&format!("/api/v1/inbox/{}", ids[0])),
        ]
    };
    for url in pages() {
        let text = body(&client, url.clone()).await;
        assert!(!text.contains("zq81"), "no shielded text in {url}");
        assert!(text.contains("a kind word") || url.contains("messages") || url.contains("inbox/"));
    }
    let json: serde_json::Value = client
        .get(app.url(&format!("/api/v1/inbox/{}", ids[0])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["message"]["shielded"], true);
    assert_eq!(json["message"]["text"], "");
    assert_eq!(inbox::openings_of(&app.db, ids[0]).await.unwrap(), 0);

    // "Open": the opening is recorded, then the text comes back as the fragment htmx swaps in.
    let (status, fragment) = open_with_htmx(&app, &client, ids[0]).await;
    assert_eq!(status, 200);
    assert!(fragment.contains("first hidden insult zq81"), "{fragment}");
    assert_eq!(inbox::openings_of(&app.db, ids[0]).await.unwrap(), 1);
    assert_eq!(
        inbox::exposure_since(&app.db, me, 0).await.unwrap(),
        1,
        "counted against today's budget"
    );
    for url in pages() {
        let text = body(&client, url.clone()).await;
        assert!(text.contains("zq81"), "the text now in {url}");
        assert!(
            !text.contains("zq82"),
            "the other one still withheld in {url}"
        );
    }

    // Past the budget: refused with a sentence, nothing recorded, the text still withheld.
    inbox::save_settings(
        &app.db,
        app.workspace_id,
        inbox::Settings {
            sla_minutes: 240,
            exposure_budget: 1,
        },
    )
    .await
    .unwrap();
    let (status, fragment) = open_with_htmx(&app, &client, ids[1]).await;
    assert_eq!(status, 200);
    assert!(fragment.contains("daily budget"), "{fragment}");
    assert!(!fragment.contains("zq82"));
    // Without script, the same refusal as a page.
    let response = client
        .post(app.url(&format!("/inbox/messages/{}/open", ids[1])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("daily budget") && !page.contains("zq82"));
    let response = client
        .post(app.url(&format!("/api/v1/inbox/{}/open", ids[1])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let refusal: serde_json::Value = response.json().await.unwrap();
    assert_eq!(refusal["error"], "shield_budget_reached");
    assert_eq!(inbox::openings_of(&app.db, ids[1]).await.unwrap(), 0);
    let text = body(&client, app.url(&format!("/inbox/messages/{}", ids[1]))).await;
    assert!(!text.contains("zq82"));
    // The one already opened stays open.
    let (_, fragment) = open_with_htmx(&app, &client, ids[0]).await;
    assert!(fragment.contains("zq81"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_inbox_pages_by_cursor_in_html_and_json_and_its_count_is_the_databases() {
    let app = quiet_app().await;
    let profile = app.profile("acme").await;
    let now = now_millis();
    let messages: Vec<NewMessage> = (0..120)
        .map(|i| {
            let mut m = message(
                &format!("p{i}"),
                "mention",
                "fan",
                &format!("page message {i:03}"),
            );
            m.received_at = now - 1_000_000 + i * 1_000;
            m
        })
        .collect();
    seed(&app, profile.id, &messages).await;
    let token = app.token(Role::Member).await;
    let http = reqwest::Client::new();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut request = http.get(app.url("/api/v1/inbox")).bearer_auth(&token);
        if let Some(c) = &cursor {
            request = request.query(&[("cursor", c.as_str())]);
        }
        let page: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
        pages += 1;
        assert_eq!(page["count"]["n"], 120, "the true count on every page");
        assert_eq!(page["count"]["exact"], true);
        let messages = page["messages"].as_array().unwrap();
        assert!(messages.len() <= 50);
        seen.extend(
            messages
                .iter()
                .map(|m| m["text"].as_str().unwrap().to_string()),
        );
        match page["older_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..120)
        .rev()
        .map(|i| format!("page message {i:03}"))
        .collect();
    assert_eq!(seen, expected, "newest first, each once");
    let bad = http
        .get(app.url("/api/v1/inbox?cursor=nonsense"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);

    // The page: 50 rows, the count, and an "older" link carrying the cursor; "newer" on the next page back.
    let client = app.signed_in(Role::Member).await;
    let html = body(&client, app.url("/inbox")).await;
    assert!(html.contains("120 messages"), "the true count");
    assert_eq!(html.matches("class=\"message-row").count(), 50);
    assert!(html.contains("page message 119") && !html.contains("page message 069"));
    let older = html
        .split("id=\"page-older\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    assert!(older.starts_with("/inbox?cursor="), "{older}");
    assert!(
        !html.contains("id=\"page-newer\""),
        "nothing newer than the top"
    );
    let html = body(&client, app.url(&older)).await;
    assert!(html.contains("page message 069") && !html.contains("page message 070"));
    assert!(html.contains("id=\"page-newer\""));
    let html = body(&client, app.url("/inbox?cursor=nonsense")).await;
    assert!(
        html.contains("the list starts again from the newest message")
            && html.contains("page message 119"),
        "a broken page link gives the top of the list and says why"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_actions_assign_tag_and_close_many_messages_each_logged() {
    let app = quiet_app().await;
    let profile = app.profile("acme").await;
    let messages: Vec<NewMessage> = (0..5)
        .map(|i| message(&format!("b{i}"), "mention", "fan", &format!("bulk {i}")))
        .collect();
    let ids = seed(&app, profile.id, &messages).await;
    let email = app.person(Role::Member).await;
    let me = user_id(&app, &email).await;
    let client = crate::support::app::client();
    client
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();

    // The list's form: tag three, assign them to me, mark two done; one post each, the list kept as it was.
    let picked: Vec<(&str, String)> = ids[..3].iter().map(|id| ("ids", id.to_string())).collect();
    for extra in [
        vec![("action", "tag".to_string()), ("tag", "VIP".to_string())],
        vec![
            ("action", "assign".to_string()),
            ("user_id", "me".to_string()),
        ],
    ] {
        let mut form = picked.clone();
        form.extend(extra);
        let response = client
            .post(app.url("/inbox/bulk?kind=mention"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/inbox?kind=mention");
    }
    let mut form: Vec<(&str, String)> = ids[..2].iter().map(|id| ("ids", id.to_string())).collect();
    form.push(("action", "done".into()));
    let response = client
        .post(app.url("/inbox/bulk"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    for (i, id) in ids.iter().enumerate() {
        let m = inbox::get(&app.db, app.workspace_id, *id).await.unwrap();
        assert_eq!(m.tags == vec!["vip".to_string()], i < 3, "tag on {i}");
        assert_eq!(m.assigned_to == Some(me), i < 3, "assignee on {i}");
        assert_eq!(m.is_done(), i < 2, "done on {i}");
    }
    let log = sangam_store::activity::recent(&app.db, app.workspace_id, 100)
        .await
        .unwrap();
    for (action, n) in [("tagged", 3), ("assigned", 3), ("closed", 2)] {
        assert_eq!(
            log.iter()
                .filter(|a| a.action == action && a.object_kind == "message")
                .count(),
            n,
            "{action} logged once per message"
        );
    }

    // Nothing selected: the list again, with the sentence.
    let response = client
        .post(app.url("/inbox/bulk"))
        .form(&[("action", "done")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Select at least one message")
    );

    // The API does the same; a message of nowhere changes nothing.
    let token = app.token(Role::Member).await;
    let http = reqwest::Client::new();
    let response = http
        .post(app.url("/api/v1/inbox/bulk"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"ids": [ids[3], ids[4]], "action": "done"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["changed"], 2);
    assert!(
        inbox::get(&app.db, app.workspace_id, ids[4])
            .await
            .unwrap()
            .is_done()
    );
    let response = http
        .post(app.url("/api/v1/inbox/bulk"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"ids": [ids[0], 999_999], "action": "reopen"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        inbox::get(&app.db, app.workspace_id, ids[0])
            .await
            .unwrap()
            .is_done()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sla_view_lists_the_messages_waiting_past_their_first_reply_time() {
    let app = quiet_app().await;
    let profile = app.profile("acme").await;
    let mut late = message("late", "mention", "ravi", "still waiting since last week");
    late.received_at = now_millis() - 10 * 86_400_000;
    let mut closed = message("closed", "mention", "ravi", "closed long ago");
    closed.received_at = now_millis() - 10 * 86_400_000;
    closed.done = true;
    let fresh = message("fresh", "mention", "asha", "just arrived");
    seed(&app, profile.id, &[late, closed, fresh]).await;
    let token = app.token(Role::Member).await;
    let page: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/inbox?sla=breached"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["count"]["n"], 1, "{page}");
    assert_eq!(page["messages"][0]["text"], "still waiting since last week");
    let client = app.signed_in(Role::Member).await;
    let html = body(&client, app.url("/inbox?sla=breached")).await;
    assert!(html.contains("still waiting since last week"));
    assert!(!html.contains("just arrived") && !html.contains("closed long ago"));
}
