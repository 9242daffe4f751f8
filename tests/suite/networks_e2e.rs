//! The product, end to end, on the real peers: the `sangam serve` binary (its engine and its pages) against a local
//! Bluesky network (`@atproto/dev-env`) and a Mastodon API server (`mastodon_mock`), driven through headless Chromium
//! where a person would click. Every assertion that matters is made at the far end, on the peer's own records.
//!
//! Skips with a message when the peers (`scripts/install-peers.sh`) or Chromium are absent; CI sets
//! `SANGAM_REQUIRE_PEERS` and `SANGAM_REQUIRE_BROWSER`, so there they must run.

use crate::support::browser::Browser;
use crate::support::peers::{
    self, BskyAccount, DevEnv, MastodonAccount, MastodonPeer, Proxy, bsky_create, bsky_login,
    bsky_post, bsky_records,
};
use crate::support::process::{Served, Setup};
use sangam_domain::{DeliveryState, NetworkKind, ProfileStatus, Role, now_millis};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, notifications, workspaces};
use std::time::Duration;

const PASSWORD: &str = "correct horse battery staple";
const POST: &str = "app.bsky.feed.post";

/// A `sangam serve` process on its own SQLite file, with a team (Admin, Manager, Member; Members' posts need
/// approval) written to the database first.
struct Product {
    setup: Setup,
    db: Db,
    workspace_id: i64,
    served: Option<Served>,
    _dir: tempfile::TempDir,
}

impl Product {
    async fn start() -> Product {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sangam.db");
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let now = now_millis();
        let ws = workspaces::create(&db, "Peers team", now).await.unwrap();
        workspaces::set_approval_roles(&db, ws.id, &[Role::Member])
            .await
            .unwrap();
        let hash = sangam_web::auth::password::hash(PASSWORD).unwrap();
        for role in [Role::Admin, Role::Manager, Role::Member] {
            let email = email(role);
            let person = NewUser {
                workspace_id: ws.id,
                email: &email,
                name: &format!("The {role}"),
                password_hash: &hash,
                role,
            };
            users::create(&db, person, now).await.unwrap();
        }
        let setup = Setup::new(url, dir.path())
            .with("SANGAM_NETWORKS__ALLOW_PRIVATE_ADDRESSES", "true")
            .with("SANGAM_ENGINE__INGEST_EVERY_SECS", 2)
            .with("SANGAM_ENGINE__COLLECT_EVERY_SECS", 3)
            // A killed server's jobs are taken up again once their lease ends.
            .with("SANGAM_ENGINE__LEASE_SECS", 10);
        let mut product = Product {
            setup,
            db,
            workspace_id: ws.id,
            served: None,
            _dir: dir,
        };
        product.restart().await;
        product
    }

    fn base(&self) -> String {
        self.served.as_ref().unwrap().base.clone()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    /// SIGKILL (if running), then start again on the same database.
    async fn restart(&mut self) {
        if let Some(served) = self.served.take() {
            served.kill_hard().await;
        }
        self.served = Some(self.setup.serve().await);
    }

    async fn kill(&mut self) {
        if let Some(served) = self.served.take() {
            served.kill_hard().await;
        }
    }

    /// The key the server sealed credentials with (it made the key file on first start).
    fn secrets(&self) -> SecretBox {
        SecretBox::from_hex(&std::fs::read_to_string(self.setup.key_path()).unwrap()).unwrap()
    }

    async fn profile(&self, network: NetworkKind) -> Profile {
        profiles::list(&self.db, self.workspace_id)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.network == network)
            .unwrap_or_else(|| panic!("a {network} profile"))
    }

    async fn user_id(&self, role: Role) -> i64 {
        users::list(&self.db, self.workspace_id)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.role == role)
            .unwrap()
            .id
    }

    /// A post written straight to the database, approved and due now, for the tests that are about what happens
    /// after the composer. Returns its delivery id.
    async fn due_post(&self, profile: &Profile, body: &str) -> i64 {
        let author = self.user_id(Role::Admin).await;
        let now = now_millis();
        let post = posts::create(
            &self.db,
            NewPost::text(self.workspace_id, author, body, now, &[profile.id]),
            now,
        )
        .await
        .unwrap();
        post.deliveries[0].id
    }

    async fn delivery_state(&self, id: i64) -> DeliveryState {
        posts::delivery(&self.db, id).await.unwrap().state
    }

    /// An HTTP client signed in as `role` (a browser without the browser, for form posts).
    async fn client(&self, role: Role) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = client
            .post(self.url("/login"))
            .form(&[
                ("email", email(role).as_str()),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "signing in");
        client
    }
}

fn email(role: Role) -> String {
    format!("{}@peers.test", role.as_str())
}

async fn sign_in(browser: &Browser, product: &Product, role: Role) {
    browser.goto(&product.url("/login")).await;
    browser.fill("#email", &email(role)).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

async fn sign_out(browser: &Browser) {
    browser.click("#logout").await;
    browser.wait_for("#login-form").await;
}

/// Says how far a long test has got (seen with `--nocapture`; for reading a slow run, never asserted).
fn progress(started: std::time::Instant, what: &str) {
    eprintln!(
        "[networks_e2e {:>6.1}s] {what}",
        started.elapsed().as_secs_f64()
    );
}

/// Waits (bounded, two minutes) until `check` holds.
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..1200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

/// Reloads `url` until the element matching `css` contains `needle` (the engine works in the background).
async fn page_shows(browser: &Browser, url: &str, css: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..60 {
        browser.goto(url).await;
        if let Ok(el) = browser.client.find(fantoccini::Locator::Css(css)).await
            && let Ok(text) = el.text().await
        {
            if text.contains(needle) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
    panic!("{url}: `{css}` never showed {needle:?}; last: {last:?}");
}

/// The Admin connects both profiles on the Profiles page, as a person would: the Bluesky one with an app password
/// (through `bluesky_service`, the PDS or a proxy in front of it), the Mastodon one with a pasted access token.
async fn connect_in_browser(
    browser: &Browser,
    product: &Product,
    bluesky_service: &str,
    alice: &BskyAccount,
    app_password: &str,
    mastodon: &MastodonPeer,
    acme: &MastodonAccount,
) {
    browser.goto(&product.url("/profiles")).await;
    browser.fill("#bluesky-handle", &alice.handle).await;
    browser.fill("#bluesky-password", app_password).await;
    browser.fill("#bluesky-service", bluesky_service).await;
    browser.click("#bluesky-submit").await;
    browser
        .wait_for_text("#profiles-table", &alice.handle)
        .await;
    browser.goto(&product.url("/profiles")).await;
    browser.fill("#mastodon-instance", &mastodon.base).await;
    browser.fill("#mastodon-token", &acme.token).await;
    browser.click("#mastodon-submit").await;
    browser
        .wait_for_text("#profiles-table", &format!("@{}@", acme.username))
        .await;
    let connected = browser
        .client
        .find_all(fantoccini::Locator::Css(
            "#profiles-table .status-connected",
        ))
        .await
        .unwrap();
    assert_eq!(connected.len(), 2, "both profiles connected");
}

/// The same two connections, through the same forms, without a browser.
async fn connect_by_form(
    product: &Product,
    bluesky_service: &str,
    alice: &BskyAccount,
    app_password: &str,
    mastodon: Option<(&MastodonPeer, &MastodonAccount)>,
) {
    let admin = product.client(Role::Admin).await;
    let r = admin
        .post(product.url("/profiles/bluesky"))
        .form(&[
            ("handle", alice.handle.as_str()),
            ("app_password", app_password),
            ("service", bluesky_service),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    if let Some((peer, acme)) = mastodon {
        let r = admin
            .post(product.url("/profiles/mastodon"))
            .form(&[
                ("instance", peer.base.as_str()),
                ("access_token", acme.token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    }
}

/// Alice's own login and an app password for Sangam.
async fn app_password_for(pds: &str, alice: &BskyAccount) -> (String, String) {
    let token = bsky_login(pds, alice).await;
    let app_password = peers::bsky_app_password(pds, &token, "sangam").await;
    (token, app_password)
}

/// The `n`th `<img>`-free text of a record's facets: (feature type, the bytes it covers).
fn facet_spans(record: &serde_json::Value) -> Vec<(String, String)> {
    let text = record["text"].as_str().unwrap_or_default().as_bytes();
    record["facets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let s = f["index"]["byteStart"].as_u64().unwrap() as usize;
            let e = f["index"]["byteEnd"].as_u64().unwrap() as usize;
            (
                f["features"][0]["$type"].as_str().unwrap().to_string(),
                String::from_utf8(text[s..e].to_vec()).unwrap(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------

/// What the composer holds is what the networks get: a Member composes one post with two images (each with alt
/// text), a link, a mention and Hindi text for both profiles; a Manager approves it; the Bluesky record and the
/// Mastodon status carry all of it.
#[tokio::test(flavor = "multi_thread")]
async fn a_post_composed_and_approved_in_the_browser_reaches_bluesky_and_mastodon_whole() {
    let started = std::time::Instant::now();
    if !peers::peers_available() {
        return;
    }
    let Some(browser) = Browser::start().await else {
        return;
    };
    let Some(net) = DevEnv::start().await else {
        return;
    };
    let mastodon = MastodonPeer::start().await.unwrap();
    let pds = net.pds();
    let (alice, bob) = (net.account("alice"), net.account("bob"));
    let (_, app_password) = app_password_for(&pds, &alice).await;
    let acme = mastodon.account("acme").await;
    let product = Product::start().await;
    progress(started, "peers and server up");

    sign_in(&browser, &product, Role::Admin).await;
    connect_in_browser(
        &browser,
        &product,
        &pds,
        &alice,
        &app_password,
        &mastodon,
        &acme,
    )
    .await;
    sign_out(&browser).await;
    progress(started, "profiles connected");

    // The Member composes.
    let files = tempfile::tempdir().unwrap();
    let images: Vec<(std::path::PathBuf, &str)> = vec![
        (
            files.path().join("thali.png"),
            "एक थाली में दाल, चावल और रोटी",
        ),
        (files.path().join("team.png"), "The kitchen team smiling"),
    ];
    for (i, (path, _)) in images.iter().enumerate() {
        std::fs::write(path, peers::png(i as u8)).unwrap();
    }
    let link = "https://sangam.example/menu";
    let text = format!(
        "नमस्ते दोस्तों! हमारा नया मानसून मेन्यू आ गया है, @{} देखिए {link}",
        bob.handle
    );
    sign_in(&browser, &product, Role::Member).await;
    browser.goto(&product.url("/posts/new")).await;
    browser.fill("#text", &text).await;
    for checkbox in browser
        .client
        .find_all(fantoccini::Locator::Css("input[name=profile]"))
        .await
        .unwrap()
    {
        checkbox.click().await.unwrap();
    }
    attach_images(&browser, &images).await;
    browser.click("#when-now").await;
    browser.click("#compose-submit").await;
    eventually("the composer goes to the post page", async || {
        let url = browser.url().await;
        url.contains("/posts/") && !url.ends_with("/posts/new")
    })
    .await;
    let post_url = browser.url().await;
    progress(started, "composed");
    sign_out(&browser).await;

    // Nothing goes out before the Manager approves.
    assert!(bsky_records(&pds, &alice.did, POST).await.is_empty());
    assert!(mastodon.statuses_of(&acme.id).await.is_empty());
    sign_in(&browser, &product, Role::Manager).await;
    browser.goto(&post_url).await;
    browser.click("#approve").await;
    browser.wait_for(".badge.decision-approved").await;
    progress(started, "approved");
    eventually(
        "the post page shows both deliveries published",
        async || {
            browser.goto(&post_url).await;
            let published = browser
                .client
                .find_all(fantoccini::Locator::Css(".delivery[data-state=published]"))
                .await
                .unwrap();
            published.len() == 2
        },
    )
    .await;
    progress(started, "published");

    // On Bluesky: one record with both images and their alt texts, the facets on the right bytes, the language.
    let records = bsky_records(&pds, &alice.did, POST).await;
    assert_eq!(records.len(), 1, "one post on Bluesky: {records:?}");
    let record = &records[0]["value"];
    assert_eq!(record["text"], text.as_str());
    assert_eq!(record["embed"]["$type"], "app.bsky.embed.images");
    let embedded = record["embed"]["images"].as_array().unwrap();
    assert_eq!(embedded.len(), 2, "{record}");
    for (image, (_, alt)) in embedded.iter().zip(&images) {
        assert_eq!(image["alt"], *alt);
        assert_eq!(image["image"]["$type"], "blob");
        assert_eq!(image["image"]["mimeType"], "image/png");
        let cid = image["image"]["ref"]["$link"].as_str().unwrap();
        let (status, _) = peers::xrpc_status(
            &pds,
            None,
            "com.atproto.sync.getBlob",
            None,
            &[("did", &alice.did), ("cid", cid)],
        )
        .await;
        assert!(status.is_success(), "the blob {cid} is on the PDS");
    }
    assert_ne!(
        embedded[0]["image"]["ref"]["$link"], embedded[1]["image"]["ref"]["$link"],
        "two blobs"
    );
    let spans = facet_spans(record);
    assert!(
        spans.contains(&(
            "app.bsky.richtext.facet#mention".into(),
            format!("@{}", bob.handle)
        )),
        "{spans:?}"
    );
    assert!(
        spans.contains(&("app.bsky.richtext.facet#link".into(), link.to_string())),
        "{spans:?}"
    );
    let mention = record["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["features"][0]["$type"] == "app.bsky.richtext.facet#mention")
        .unwrap();
    assert_eq!(mention["features"][0]["did"], bob.did.as_str());
    assert_eq!(record["langs"], serde_json::json!(["hi"]));

    // On Mastodon: one status with both images, their descriptions in order, and the language.
    let statuses = mastodon.statuses_of(&acme.id).await;
    assert_eq!(statuses.len(), 1, "one status on Mastodon: {statuses:?}");
    let status = &statuses[0];
    let media = status["media_attachments"].as_array().unwrap();
    assert_eq!(media.len(), 2, "{status}");
    for (m, (_, alt)) in media.iter().zip(&images) {
        assert_eq!(m["description"], *alt);
        assert_eq!(m["type"], "image");
    }
    assert_eq!(status["language"], "hi");
    browser.close().await;
    net.stop().await;
}

/// Attaches the images in the composer, each with its alt text, in order.
async fn attach_images(browser: &Browser, images: &[(std::path::PathBuf, &str)]) {
    for (i, (path, alt)) in images.iter().enumerate() {
        let inputs = browser
            .client
            .find_all(fantoccini::Locator::Css(".image-slot input[type=file]"))
            .await
            .unwrap();
        let input = match inputs.get(i) {
            Some(input) => input.clone(),
            None => panic!("the composer has no file input for image {}", i + 1),
        };
        input.send_keys(&path.display().to_string()).await.unwrap();
        let alts = browser
            .client
            .find_all(fantoccini::Locator::Css(".image-slot input.alt"))
            .await
            .unwrap();
        let alt_input = alts
            .get(i)
            .unwrap_or_else(|| panic!("the composer has no alt text for image {}", i + 1));
        alt_input.clear().await.unwrap();
        alt_input.send_keys(alt).await.unwrap();
    }
}

/// Inbound through the product: people on each peer mention, answer, quote (Bluesky) and write privately (Mastodon);
/// the messages are in the inbox page after an ingest cycle, threaded; an answer from the inbox lands in the right
/// thread, once; likes and reposts made on the peers show in the post report after a collection; mute and block
/// from the inbox reach both peers.
#[tokio::test(flavor = "multi_thread")]
async fn messages_from_the_peers_reach_the_inbox_and_answers_likes_mutes_and_blocks_go_back() {
    let started = std::time::Instant::now();
    if !peers::peers_available() {
        return;
    }
    let Some(browser) = Browser::start().await else {
        return;
    };
    let Some(mut net) = DevEnv::start().await else {
        return;
    };
    let mastodon = MastodonPeer::start().await.unwrap();
    let pds = net.pds();
    let (alice, bob) = (net.account("alice"), net.account("bob"));
    let (alice_token, app_password) = app_password_for(&pds, &alice).await;
    let acme = mastodon.account("acme").await;
    let fan = mastodon.account("fan").await;
    let product = Product::start().await;
    progress(started, "peers and server up");
    sign_in(&browser, &product, Role::Admin).await;
    connect_in_browser(
        &browser,
        &product,
        &pds,
        &alice,
        &app_password,
        &mastodon,
        &acme,
    )
    .await;

    // Our post, composed by the Admin (no approval needed), on both networks.
    browser.goto(&product.url("/posts/new")).await;
    browser
        .fill(
            "#text",
            "The monsoon menu starts today. Tell us your favourite!",
        )
        .await;
    for checkbox in browser
        .client
        .find_all(fantoccini::Locator::Css("input[name=profile]"))
        .await
        .unwrap()
    {
        checkbox.click().await.unwrap();
    }
    browser.click("#when-now").await;
    browser.click("#compose-submit").await;
    eventually("the composer goes to the post page", async || {
        let url = browser.url().await;
        url.contains("/posts/") && !url.ends_with("/posts/new")
    })
    .await;
    let post_url = browser.url().await;
    eventually("both deliveries are published", async || {
        browser.goto(&post_url).await;
        let published = browser
            .client
            .find_all(fantoccini::Locator::Css(".delivery[data-state=published]"))
            .await
            .unwrap();
        published.len() == 2
    })
    .await;
    progress(started, "our post published");
    let ours_bsky = bsky_records(&pds, &alice.did, POST).await;
    assert_eq!(ours_bsky.len(), 1);
    let our_post = serde_json::json!({"uri": ours_bsky[0]["uri"], "cid": ours_bsky[0]["cid"]});
    let our_uri = ours_bsky[0]["uri"].as_str().unwrap().to_string();
    let ours_masto = mastodon.statuses_of(&acme.id).await;
    assert_eq!(ours_masto.len(), 1);
    let our_status = ours_masto[0]["id"].as_str().unwrap().to_string();
    net.process().await;

    // Bob, on Bluesky: a mention, an answer to our post, a quote of it.
    let bob_token = bsky_login(&pds, &bob).await;
    let mention_text = format!("@{} is the monsoon menu vegetarian?", alice.handle);
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        POST,
        bsky_post(&mention_text, &[(&alice.handle, &alice.did)]),
    )
    .await;
    let mut reply = bsky_post("The pakoras were perfect", &[]);
    reply["reply"] = serde_json::json!({"root": our_post, "parent": our_post});
    let bob_reply = bsky_create(&pds, &bob_token, &bob.did, POST, reply).await;
    let mut quote = bsky_post("Sharing this lovely menu with my family", &[]);
    quote["embed"] = serde_json::json!({"$type": "app.bsky.embed.record", "record": our_post});
    bsky_create(&pds, &bob_token, &bob.did, POST, quote).await;
    net.process().await;

    // Fan, on Mastodon: a mention, an answer to our status, a private message.
    let acct = format!("@{}", acme.username);
    mastodon
        .post(
            &fan.token,
            "/api/v1/statuses",
            serde_json::json!({"status": format!("{acct} do you deliver to Pune?")}),
        )
        .await;
    let fan_reply = mastodon
        .post(
            &fan.token,
            "/api/v1/statuses",
            serde_json::json!({"status": format!("{acct} the chai was lovely"), "in_reply_to_id": our_status}),
        )
        .await;
    let fan_reply_id = fan_reply["id"].as_str().unwrap().to_string();
    mastodon
        .post(
            &fan.token,
            "/api/v1/statuses",
            serde_json::json!({"status": format!("{acct} a private question about catering"), "visibility": "direct"}),
        )
        .await;

    // Within an ingest cycle, all of it is in the inbox page.
    progress(started, "messages written on the peers");
    let inbox = product.url("/inbox");
    for needle in [
        "is the monsoon menu vegetarian?",
        "The pakoras were perfect",
        "Sharing this lovely menu with my family",
        "do you deliver to Pune?",
        "the chai was lovely",
        "a private question about catering",
    ] {
        page_shows(&browser, &inbox, "main", needle).await;
    }
    let admin_id = product.user_id(Role::Admin).await;
    let messages = sangam_store::inbox::list(
        &product.db,
        product.workspace_id,
        admin_id,
        &sangam_store::inbox::Filter::default(),
        100,
    )
    .await;
    let messages = match messages {
        Ok(m) => m,
        Err(e) => panic!("listing the inbox: {e}"),
    };
    let find = |needle: &str| {
        messages
            .iter()
            .find(|m| m.text.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in the inbox"))
            .clone()
    };
    assert_eq!(
        find("Sharing this lovely menu with my family").kind,
        "quote"
    );
    assert_eq!(find("a private question").kind, "direct_message");
    assert_eq!(find("vegetarian").kind, "mention");
    let bsky_reply_msg = find("The pakoras were perfect");
    assert_eq!(bsky_reply_msg.kind, "reply");
    assert_eq!(bsky_reply_msg.conversation_id, our_uri);
    let masto_reply_msg = find("the chai was lovely");
    assert_eq!(masto_reply_msg.kind, "reply");
    assert_eq!(
        masto_reply_msg.in_reply_to.as_deref(),
        Some(our_status.as_str())
    );

    // Answers from the inbox land in the right thread on each peer, once.
    progress(started, "all in the inbox");
    for (message, answer) in [
        (&bsky_reply_msg, "Thank you Bob, come again soon"),
        (&masto_reply_msg, "Thank you, the chai is from Assam"),
    ] {
        let page = product.url(&format!("/inbox/messages/{}", message.id));
        browser.goto(&page).await;
        browser.fill("#reply-text", answer).await;
        browser.click("#reply-submit").await;
        browser.wait_for_text("#thread", answer).await;
        page_shows(
            &browser,
            &page,
            "#thread .message.ours[data-state=published]",
            answer,
        )
        .await;
    }
    let answered: Vec<_> = bsky_records(&pds, &alice.did, POST)
        .await
        .into_iter()
        .filter(|r| r["value"]["text"] == "Thank you Bob, come again soon")
        .collect();
    assert_eq!(answered.len(), 1, "answered once on Bluesky");
    let answer_ref = &answered[0]["value"]["reply"];
    assert_eq!(answer_ref["parent"]["uri"], bob_reply["uri"]);
    assert_eq!(answer_ref["root"]["uri"], our_uri.as_str());
    let answered: Vec<_> = mastodon
        .statuses_of(&acme.id)
        .await
        .into_iter()
        .filter(|s| {
            s["content"]
                .as_str()
                .unwrap_or_default()
                .contains("the chai is from Assam")
        })
        .collect();
    assert_eq!(answered.len(), 1, "answered once on Mastodon");
    assert_eq!(answered[0]["in_reply_to_id"], fan_reply_id.as_str());
    let our_answer_id = answered[0]["id"].as_str().unwrap().to_string();

    // Fan answers our answer: the inbox keeps it in the same conversation (Mastodon names only the parent).
    mastodon
        .post(
            &fan.token,
            "/api/v1/statuses",
            serde_json::json!({"status": format!("{acct} Assam, of course!"), "in_reply_to_id": our_answer_id}),
        )
        .await;
    let thread = product.url(&format!("/inbox/messages/{}", masto_reply_msg.id));
    let shown = page_shows(&browser, &thread, "#thread", "Assam, of course!").await;
    assert!(shown.contains("the chai was lovely"), "{shown}");

    // Likes and reposts on the peers show in the post report after a collection.
    progress(started, "answers landed, thread kept");
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        "app.bsky.feed.like",
        serde_json::json!({"$type": "app.bsky.feed.like", "subject": our_post, "createdAt": jiff::Timestamp::now().to_string()}),
    )
    .await;
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        "app.bsky.feed.repost",
        serde_json::json!({"$type": "app.bsky.feed.repost", "subject": our_post, "createdAt": jiff::Timestamp::now().to_string()}),
    )
    .await;
    net.process().await;
    mastodon
        .post(
            &fan.token,
            &format!("/api/v1/statuses/{our_status}/favourite"),
            serde_json::json!({}),
        )
        .await;
    mastodon
        .post(
            &fan.token,
            &format!("/api/v1/statuses/{our_status}/reblog"),
            serde_json::json!({}),
        )
        .await;
    let report = product.url("/reports/posts");
    let csv_url = product.url("/reports/export?report=posts&table=posts");
    let admin = product.client(Role::Admin).await;
    eventually(
        "the post report counts the like and the repost on each network",
        async || {
            let csv = admin
                .get(&csv_url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let rows = post_rows(&csv, "The monsoon menu starts today");
            rows.len() == 2 && rows.iter().all(|r| r.likes == 1 && r.reposts == 1)
        },
    )
    .await;
    page_shows(&browser, &report, "#posts", "The monsoon menu starts today").await;

    // Mute and block from the inbox reach both peers.
    progress(started, "counts in the report");
    let mut asked = 0;
    for message in [&bsky_reply_msg, &masto_reply_msg] {
        let page = product.url(&format!("/inbox/messages/{}", message.id));
        for button in ["#mute-author", "#block-author"] {
            browser.goto(&page).await;
            browser.click(button).await;
            asked += 1;
            // The form's answer, before the next page: the request is taken (one job per author and action).
            eventually("the inbox takes the request", async || {
                mute_jobs(&product.db).await == asked
            })
            .await;
        }
    }
    eventually("Bob is muted on Bluesky", async || {
        let (_, mutes) = peers::xrpc_status(
            &pds,
            Some(&alice_token),
            "app.bsky.graph.getMutes",
            None,
            &[],
        )
        .await;
        mutes["mutes"]
            .as_array()
            .is_some_and(|m| m.iter().any(|a| a["did"] == bob.did.as_str()))
    })
    .await;
    eventually("Bob is blocked on Bluesky", async || {
        bsky_records(&pds, &alice.did, "app.bsky.graph.block")
            .await
            .iter()
            .any(|r| r["value"]["subject"] == bob.did.as_str())
    })
    .await;
    eventually("Fan is muted and blocked on Mastodon", async || {
        let mutes = mastodon.get(&acme.token, "/api/v1/mutes").await;
        let blocks = mastodon.get(&acme.token, "/api/v1/blocks").await;
        let has = |v: &serde_json::Value| {
            v.as_array()
                .is_some_and(|a| a.iter().any(|x| x["id"] == fan.id.as_str()))
        };
        has(&mutes) && has(&blocks)
    })
    .await;
    browser.close().await;
    net.stop().await;
}

/// Mute and block requests the inbox has handed to the engine.
async fn mute_jobs(db: &Db) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(Sql::new(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'mute_author'",
        ))
        .await
        .unwrap();
    n
}

struct PostRow {
    likes: i64,
    reposts: i64,
}

/// The rows of the post report's CSV whose text starts with `text`, with their likes and reposts.
fn post_rows(csv: &str, text: &str) -> Vec<PostRow> {
    let mut rows = csv_rows(csv).into_iter();
    let Some(headers) = rows.next() else {
        return vec![];
    };
    let col = |name: &str| headers.iter().position(|h| h.starts_with(name));
    let (Some(likes), Some(reposts)) = (col("Likes"), col("Reposts")) else {
        panic!("the post report has likes and reposts columns: {headers:?}");
    };
    rows.filter(|r| r.iter().any(|cell| cell.starts_with(text)))
        .map(|r| PostRow {
            likes: r.get(likes).and_then(|v| v.parse().ok()).unwrap_or(-1),
            reposts: r.get(reposts).and_then(|v| v.parse().ok()).unwrap_or(-1),
        })
        .collect()
}

/// RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks.
fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Never twice: the server is SIGKILLed after it recorded its intent and the PDS stored the post, before the answer
/// reached it (a proxy in front of the PDS swallows it). After the restart the delivery is published, once.
#[tokio::test(flavor = "multi_thread")]
async fn killed_between_intent_and_answer_while_publishing_to_bluesky_the_post_exists_once() {
    let started = std::time::Instant::now();
    if !peers::peers_available() {
        return;
    }
    let Some(net) = DevEnv::start().await else {
        return;
    };
    let pds = net.pds();
    let alice = net.account("alice");
    let (_, app_password) = app_password_for(&pds, &alice).await;
    let proxy = Proxy::start(&pds).await;
    let mut product = Product::start().await;
    connect_by_form(&product, &proxy.url, &alice, &app_password, None).await;
    let profile = product.profile(NetworkKind::Bluesky).await;

    proxy.swallow_answers_to(Some("com.atproto.repo.createRecord"));
    let delivery = product
        .due_post(&profile, "Exactly once, even when the lights go out")
        .await;
    eventually(
        "the PDS has the post and Sangam is still waiting for the answer",
        async || {
            product.delivery_state(delivery).await == DeliveryState::Sending
                && bsky_records(&pds, &alice.did, POST).await.len() == 1
        },
    )
    .await;
    product.kill().await;
    progress(started, "killed in flight");
    assert_eq!(
        product.delivery_state(delivery).await,
        DeliveryState::Sending
    );

    proxy.swallow_answers_to(None);
    product.restart().await;
    progress(started, "restarted");
    eventually("the delivery is published after the restart", async || {
        product.delivery_state(delivery).await == DeliveryState::Published
    })
    .await;
    let records = bsky_records(&pds, &alice.did, POST).await;
    assert_eq!(
        records.len(),
        1,
        "exactly one record on the PDS: {records:?}"
    );
    assert_eq!(
        posts::delivery(&product.db, delivery)
            .await
            .unwrap()
            .remote_id
            .as_deref(),
        records[0]["uri"].as_str(),
        "the stored remote id is the PDS's"
    );
    net.stop().await;
}

/// Tokens over time. Bluesky: after a restart with an access token the PDS refuses, the engine refreshes the session
/// (no login: the app password it holds is wrong by then), publishes, stores the refreshed session, and the next
/// restart uses it as it is. Mastodon: a token revoked on the peer marks the profile "needs reconnecting" on the
/// Profiles page and tells the Admins once; the waiting post is held, not failed; reconnecting sends it, once.
#[tokio::test(flavor = "multi_thread")]
async fn a_bluesky_session_is_refreshed_across_restarts_and_a_revoked_mastodon_token_holds_until_reconnected()
 {
    let started = std::time::Instant::now();
    if !peers::peers_available() {
        return;
    }
    let Some(net) = DevEnv::start().await else {
        return;
    };
    let mastodon = MastodonPeer::start().await.unwrap();
    let pds = net.pds();
    let alice = net.account("alice");
    let (_, app_password) = app_password_for(&pds, &alice).await;
    let acme = mastodon.account("acme").await;
    let proxy = Proxy::start(&pds).await;
    let mut product = Product::start().await;
    connect_by_form(
        &product,
        &proxy.url,
        &alice,
        &app_password,
        Some((&mastodon, &acme)),
    )
    .await;
    assert_eq!(
        proxy.count("com.atproto.server.createSession"),
        1,
        "one login, to connect"
    );
    let bluesky = product.profile(NetworkKind::Bluesky).await;
    let masto = product.profile(NetworkKind::Mastodon).await;

    // Bluesky. While the server is down its access token goes bad, and the stored app password stops working.
    product.kill().await;
    let secrets = product.secrets();
    let mut creds = profiles::credentials(&product.db, &secrets, bluesky.id)
        .await
        .unwrap();
    let old_refresh = creds["refresh_jwt"].clone();
    creds["access_jwt"] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleHBpcmVkIn0.c2lnbmF0dXJl".into();
    creds["app_password"] = "not-the-app-password-any-more".into();
    profiles::set_credentials(&product.db, &secrets, bluesky.id, &creds)
        .await
        .unwrap();
    proxy.forget();
    product.restart().await;
    let first = product
        .due_post(&bluesky, "Published on a refreshed session")
        .await;
    eventually("published after the refresh", async || {
        product.delivery_state(first).await == DeliveryState::Published
    })
    .await;
    assert_eq!(
        proxy.count("com.atproto.server.createSession"),
        0,
        "{:?}",
        proxy.seen()
    );
    assert!(
        proxy.count("com.atproto.server.refreshSession") >= 1,
        "{:?}",
        proxy.seen()
    );
    eventually("the refreshed session is stored, sealed", async || {
        let now = profiles::credentials(&product.db, &secrets, bluesky.id)
            .await
            .unwrap();
        now["refresh_jwt"] != old_refresh
    })
    .await;

    // Restart again: the stored session is used as it is.
    progress(started, "published on a refreshed session");
    proxy.forget();
    product.restart().await;
    let second = product
        .due_post(&bluesky, "Published on the stored session")
        .await;
    eventually("published after the second restart", async || {
        product.delivery_state(second).await == DeliveryState::Published
    })
    .await;
    assert_eq!(
        proxy.count("com.atproto.server.createSession"),
        0,
        "{:?}",
        proxy.seen()
    );
    assert_eq!(
        proxy.count("com.atproto.server.refreshSession"),
        0,
        "{:?}",
        proxy.seen()
    );
    let texts: Vec<String> = bsky_records(&pds, &alice.did, POST)
        .await
        .iter()
        .map(|r| r["value"]["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");

    // Mastodon. The owner revokes Sangam's token on the instance; a post comes due.
    mastodon.revoke(&acme.token).await;
    let held = product
        .due_post(&masto, "Held while the token is revoked")
        .await;
    eventually("the profile needs reconnecting", async || {
        product.profile(NetworkKind::Mastodon).await.status == ProfileStatus::NeedsReconnect
    })
    .await;
    let admin = product.client(Role::Admin).await;
    let page = admin
        .get(product.url("/profiles"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = page
        .split(&format!("id=\"profile-{}\"", masto.id))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
        .to_string();
    assert!(
        row.contains("status-needs_reconnect") && row.contains("Needs reconnecting"),
        "{row}"
    );
    eventually("the post was tried and is held", async || {
        let d = posts::delivery(&product.db, held).await.unwrap();
        d.state == DeliveryState::Scheduled && d.attempts >= 1
    })
    .await;
    // More ingest cycles and attempts meet the same refusal: the Admins were told once, nothing failed.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let d = posts::delivery(&product.db, held).await.unwrap();
    assert_eq!(
        d.state,
        DeliveryState::Scheduled,
        "held, not failed: {:?}",
        d.reason
    );
    assert!(d.reason.unwrap_or_default().contains("reconnected"));
    let admin_id = product.user_id(Role::Admin).await;
    let told: Vec<_> = notifications::recent(&product.db, admin_id, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == "profile_needs_reconnect")
        .collect();
    assert_eq!(told.len(), 1, "the Admin is told once");
    let manager_id = product.user_id(Role::Manager).await;
    assert!(
        notifications::recent(&product.db, manager_id, 50)
            .await
            .unwrap()
            .iter()
            .all(|n| n.kind != "profile_needs_reconnect")
    );
    assert!(mastodon.statuses_of(&acme.id).await.is_empty());

    // Reconnecting with a new token sends the waiting post, once.
    progress(started, "held and told once");
    let fresh = mastodon.new_token(&acme.username).await;
    let r = admin
        .post(product.url(&format!("/profiles/{}/reconnect", masto.id)))
        .form(&[("secret", fresh.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        product.profile(NetworkKind::Mastodon).await.status,
        ProfileStatus::Connected
    );
    eventually(
        "the held post is published after the reconnect",
        async || product.delivery_state(held).await == DeliveryState::Published,
    )
    .await;
    let statuses = mastodon.statuses_of(&acme.id).await;
    assert_eq!(statuses.len(), 1, "sent once: {statuses:?}");
    net.stop().await;
}
