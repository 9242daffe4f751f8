//! Text from the public cannot break storage: one remote message holding U+0000 (which PostgreSQL's `text` cannot
//! hold) is stored without it, its neighbours are stored, and the cursor moves on; the same for every other field a
//! network hands us (profile names at connect, a published post's remote id and URL, a failure's reason). And an
//! outside approver's link can only be made for a post of the maker's own workspace. On SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sangam_domain::untrusted::storable;
use sangam_domain::{MessageKind, NetworkKind, PostStatus, Role, Sentiment};
use sangam_store::approvals::{self, NewLink};
use sangam_store::inbox::{self, NewMessage};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, StoreError, testing, workspaces};

struct Team {
    workspace: i64,
    person: i64,
    profile: i64,
}

async fn team(db: &Db, name: &str) -> Team {
    let ws = workspaces::create(db, name, 0).await.unwrap();
    let person = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: &format!("lead@{name}.test"),
            name: "Lead",
            password_hash: "x",
            role: Role::Admin,
        },
        0,
    )
    .await
    .unwrap();
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    let profile = profiles::create(
        db,
        &secrets,
        NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: name,
            display_name: name,
            credentials: &serde_json::json!({}),
        },
        0,
    )
    .await
    .unwrap();
    Team {
        workspace: ws.id,
        person: person.id,
        profile: profile.id,
    }
}

fn message(n: i64, text: &str) -> NewMessage {
    NewMessage {
        remote_id: format!("msg-{n}"),
        kind: MessageKind::Mention,
        author_handle: format!("fan{n}"),
        author_name: format!("Fan {n}"),
        author_followers: Some(10),
        text: text.into(),
        url: Some(format!("https://sandbox.sangam.invalid/m/{n}")),
        in_reply_to: None,
        conversation_id: format!("conv-{n}"),
        received_at: 1_000 + n,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: Sentiment::Neutral,
        abusive: false,
        abuse_score: 0.0,
        abuse_labels: vec![],
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }
}

#[tokio::test]
async fn one_message_with_a_nul_does_not_silence_the_inbox() {
    for db in testing::all().await.unwrap() {
        let t = team(&db, "acme").await;
        let mut page: Vec<NewMessage> = (1..=5).map(|n| message(n, "hello")).collect();
        page[2] = NewMessage {
            remote_id: "msg-\0-3".into(),
            author_handle: "troll\0".into(),
            author_name: "Tr\0oll".into(),
            text: "bad\0text".into(),
            url: Some("https://x.invalid/\0".into()),
            in_reply_to: Some("msg-\0".into()),
            conversation_id: "conv-\0".into(),
            tags: vec!["t\0ag".into()],
            ..message(3, "")
        };
        let stored = inbox::ingest_page(&db, t.workspace, t.profile, &page, Some("c\0-5"), 5)
            .await
            .unwrap_or_else(|e| panic!("{}: the page was refused: {e}", db.backend()));
        assert_eq!(stored.len(), 5, "{}: every message is stored", db.backend());
        assert_eq!(
            inbox::cursor(&db, t.profile).await.unwrap().as_deref(),
            Some("c-5"),
            "{}: the cursor moved on",
            db.backend()
        );
        let odd = inbox::get(&db, t.workspace, stored[2]).await.unwrap();
        assert_eq!(
            (
                odd.remote_id.as_str(),
                odd.author_handle.as_str(),
                odd.author_name.as_str(),
                odd.text.as_str(),
                odd.url.as_deref(),
                odd.in_reply_to.as_deref(),
                odd.conversation_id.as_str(),
                odd.tags.clone()
            ),
            (
                "msg--3",
                "troll",
                "Troll",
                "badtext",
                Some("https://x.invalid/"),
                Some("msg-"),
                "conv-",
                vec!["tag".to_string()]
            ),
            "{}: only the NUL is gone",
            db.backend()
        );
        // Asking which ids are known, with the same hostile id, neither fails nor stores it twice.
        let known = inbox::known_remote_ids(&db, t.profile, &["msg-\0-3".into()])
            .await
            .unwrap();
        assert_eq!(known, vec!["msg--3".to_string()]);
        let again = inbox::ingest_page(&db, t.workspace, t.profile, &page, Some("c-5"), 6)
            .await
            .unwrap();
        assert!(again.is_empty(), "{}: stored once", db.backend());
    }
}

#[tokio::test]
async fn names_and_answers_from_a_network_are_stored_without_nul() {
    for db in testing::all().await.unwrap() {
        let t = team(&db, "acme").await;
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let profile = profiles::create(
            &db,
            &secrets,
            NewProfile {
                workspace_id: t.workspace,
                network: NetworkKind::Mastodon,
                handle: "@brand\0@social.invalid",
                display_name: "Brand\0 नमस्ते",
                credentials: &serde_json::json!({}),
            },
            0,
        )
        .await
        .unwrap_or_else(|e| panic!("{}: connecting failed: {e}", db.backend()));
        assert_eq!(
            (profile.handle.as_str(), profile.display_name.as_str()),
            ("@brand@social.invalid", "Brand नमस्ते")
        );
        let ids = [t.profile];
        let post = posts::create(
            &db,
            NewPost::text(t.workspace, t.person, "hi", 10_000, &ids),
            0,
        )
        .await
        .unwrap();
        let delivery = post.deliveries[0].id;
        assert!(posts::record_intent(&db, delivery, 1).await.unwrap());
        assert!(
            posts::mark_published(&db, delivery, "r\0id", "https://x.invalid/\0p", 2, 2)
                .await
                .unwrap_or_else(|e| panic!("{}: publishing was not recorded: {e}", db.backend()))
        );
        let d = posts::delivery(&db, delivery).await.unwrap();
        assert_eq!(
            (d.remote_id.as_deref(), d.remote_url.as_deref()),
            (Some("rid"), Some("https://x.invalid/p"))
        );
    }
}

#[tokio::test]
async fn an_outside_approver_link_is_only_made_for_a_post_of_the_makers_workspace() {
    for db in testing::all().await.unwrap() {
        let ours = team(&db, "ours").await;
        let theirs = team(&db, "theirs").await;
        let ids = [theirs.profile];
        let mut new = NewPost::text(theirs.workspace, theirs.person, "theirs", 10_000, &ids);
        new.status = PostStatus::PendingApproval;
        let their_post = posts::create(&db, new, 0).await.unwrap();
        let link = |hash: &'static str| NewLink {
            post_id: their_post.id,
            step_position: 1,
            token_hash: hash,
            reviewer_name: "Outsider",
            expires_at: 1_000_000,
            created_by: ours.person,
        };
        let refused = approvals::create_link(&db, ours.workspace, link("h1"), 0).await;
        assert!(
            matches!(refused, Err(StoreError::NotFound(_))),
            "{}: {refused:?}",
            db.backend()
        );
        assert!(approvals::link(&db, "h1", 0).await.unwrap().is_none());
        approvals::create_link(&db, theirs.workspace, link("h2"), 0)
            .await
            .unwrap();
        let made = approvals::link(&db, "h2", 0).await.unwrap().unwrap();
        assert_eq!(made.step_position, Some(1), "the link names its step");
    }
}

/// Arbitrary Unicode, with U+0000, right-to-left and zero-width characters mixed in.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("\0".to_string()),
        Just("\u{200f}\u{202e}".to_string()),
        Just("\u{200b}\u{200d}\u{feff}".to_string()),
        Just("שלום".to_string()),
        Just("नमस्ते".to_string()),
        Just("👨‍👩‍👧".to_string()),
        Just("'; DROP TABLE messages; --".to_string()),
    ];
    proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn ingest_round_trip(
    runtime: &tokio::runtime::Runtime,
    db: &Db,
    t: &Team,
    n: i64,
    fields: &[String; 6],
) -> Result<(), TestCaseError> {
    runtime.block_on(async {
        let [remote, handle, name, text, url, tag] = fields;
        let hostile = NewMessage {
            remote_id: format!("p{n}-{remote}"),
            author_handle: handle.clone(),
            author_name: name.clone(),
            text: text.clone(),
            url: Some(url.clone()),
            conversation_id: format!("c{n}-{remote}"),
            tags: vec![format!("t{tag}")],
            ..message(n, "")
        };
        let neighbour = NewMessage {
            remote_id: format!("p{n}-neighbour"),
            ..message(n, "a neighbour")
        };
        let cursor = format!("cursor-{n}-{remote}");
        let page = [hostile.clone(), neighbour];
        let stored = inbox::ingest_page(db, t.workspace, t.profile, &page, Some(&cursor), 5)
            .await
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", db.backend())))?;
        prop_assert_eq!(stored.len(), 2, "both messages stored");
        prop_assert_eq!(
            inbox::cursor(db, t.profile).await.unwrap(),
            Some(storable(&cursor).into_owned())
        );
        let back = inbox::get(db, t.workspace, stored[0]).await.unwrap();
        prop_assert_eq!(back.remote_id, storable(&hostile.remote_id).into_owned());
        prop_assert_eq!(back.author_handle, storable(handle).into_owned());
        prop_assert_eq!(back.author_name, storable(name).into_owned());
        prop_assert_eq!(back.text, storable(text).into_owned());
        prop_assert_eq!(back.url, Some(storable(url).into_owned()));
        prop_assert_eq!(back.tags, vec![storable(&format!("t{tag}")).into_owned()]);
        Ok(())
    })
}

#[test]
fn any_unicode_in_any_field_of_a_remote_message_is_stored_whole_but_for_nul() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dbs = runtime.block_on(testing::all()).unwrap();
    let teams: Vec<Team> = dbs
        .iter()
        .map(|db| runtime.block_on(team(db, "prop")))
        .collect();
    let counter = std::sync::atomic::AtomicI64::new(0);
    let config = ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    };
    proptest!(config, |(fields in proptest::array::uniform6(hostile_text()))| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for (db, t) in dbs.iter().zip(&teams) {
            ingest_round_trip(&runtime, db, t, n, &fields)?;
        }
    });
}

#[tokio::test]
async fn a_value_postgres_cannot_hold_is_the_requests_fault_not_a_server_error() {
    let Some(db) = testing::postgres().await.unwrap() else {
        return;
    };
    let refused = db
        .execute(Sql::new("SELECT $1::text").bind("a\0b"))
        .await
        .unwrap_err();
    assert!(refused.is_rejected_value());
    let out_of_range = db
        .execute(Sql::new("SELECT $1::integer").bind(i64::MAX))
        .await
        .unwrap_err();
    assert!(out_of_range.is_rejected_value());
    let missing = db
        .execute(Sql::new("SELECT * FROM no_such_table"))
        .await
        .unwrap_err();
    assert!(
        !missing.is_rejected_value(),
        "a broken query stays a server error"
    );
}
