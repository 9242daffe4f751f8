//! Each workspace's Shield learns from its own people's corrections only, keeps what it learned across a restart (the
//! model is stored), and decides at its own threshold.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{MessageKind, NetworkKind, Role, Sentiment};
use sangam_engine::TextModel;
use sangam_store::inbox::{self, NewMessage};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, shield_models, testing, workspaces};

/// A workspace with a profile and a person; returns (workspace, profile, person).
async fn team(db: &Db, name: &str) -> (i64, i64, i64) {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    let ws = workspaces::create(db, name, 0).await.unwrap();
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
    let user = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: &format!("{name}@example.com"),
            name,
            password_hash: "not-a-real-hash",
            role: Role::Member,
        },
        0,
    )
    .await
    .unwrap();
    (ws.id, profile.id, user.id)
}

fn message(i: usize, text: &str) -> NewMessage {
    NewMessage {
        remote_id: format!("m{i}"),
        kind: MessageKind::Mention,
        author_handle: "someone".into(),
        author_name: "Someone".into(),
        author_followers: None,
        text: text.into(),
        url: None,
        in_reply_to: None,
        conversation_id: format!("c{i}"),
        received_at: 0,
        lang: "hi".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: Sentiment::Neutral,
        abusive: false,
        abuse_score: 0.1,
        abuse_labels: Vec::new(),
        hidden: false,
        done: false,
        assigned_to: None,
        tags: Vec::new(),
    }
}

const PROBE: &str = "tumhara product ekdam jhandu hai";

#[tokio::test]
async fn a_workspace_learns_its_own_corrections_keeps_them_and_decides_at_its_threshold() {
    for db in testing::all().await.unwrap() {
        let (a, profile_a, person_a) = team(&db, "alpha").await;
        let (b, _, _) = team(&db, "beta").await;
        let text = TextModel::default();
        let before = text.analyze_all_for(a, [PROBE])[0].abuse.clone();
        assert!(!before.abusive, "{before:?}");

        // Alpha's people say that "jhandu" is abuse in their inbox, twenty times.
        let texts: Vec<String> = (0..20)
            .map(|i| format!("sun bhai {i}, tu jhandu hai"))
            .collect();
        let new: Vec<NewMessage> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| message(i, t))
            .collect();
        let ids = inbox::ingest_page(&db, a, profile_a, &new, None, 0)
            .await
            .unwrap();
        for id in ids {
            let m = inbox::get(&db, a, id).await.unwrap();
            inbox::record_correction(&db, a, &m, person_a, true, 1)
                .await
                .unwrap();
        }
        assert_eq!(text.catch_up(&db).await.unwrap(), 20);
        let after = text.analyze_all_for(a, [PROBE])[0].abuse.clone();
        assert!(
            after.abusive && after.score > before.score,
            "{before:?} {after:?}"
        );
        // The ingester's page analysis (on one thread) decides as the spread one does, with the workspace's model.
        let page: Vec<String> = (0..50)
            .map(|i| match i % 7 {
                0 => PROBE.to_string(),
                _ => format!("thanks for the update on order {i}"),
            })
            .collect();
        let one = text.analyze_page_for(a, page.iter().map(String::as_str));
        assert_eq!(
            one,
            text.analyze_all_for(a, page.iter().map(String::as_str))
        );
        assert!(one[0].abuse.abusive && !one[1].abuse.abusive, "{one:?}");
        // Beta's Shield has not learned alpha's words.
        let beta = text.analyze_all_for(b, [PROBE])[0].abuse.clone();
        assert!(!beta.abusive, "{beta:?}");

        // A new process reads the stored model and learns nothing twice.
        let stored = shield_models::get(&db, a).await.unwrap().unwrap();
        assert_eq!(stored.corrections, 20);
        assert!(stored.model.is_some());
        let restarted = TextModel::default();
        assert_eq!(restarted.catch_up(&db).await.unwrap(), 0);
        assert!(restarted.analyze_all_for(a, [PROBE])[0].abuse.abusive);

        // Beta raises its threshold above a mild insult's score: not flagged there any more.
        let mild = "you idiot";
        let score = text.analyze_all_for(b, [mild])[0].abuse.score;
        assert!(text.analyze_all_for(b, [mild])[0].abuse.abusive, "{score}");
        shield_models::set_threshold(&db, b, (score + 1.0) / 2.0, 2)
            .await
            .unwrap();
        let fresh = TextModel::default();
        fresh.catch_up(&db).await.unwrap();
        let at = fresh.analyze_all_for(b, [mild])[0].abuse.clone();
        assert!(!at.abusive && at.labels.is_empty(), "{at:?}");
        assert!(
            (shield_models::threshold(&db, b).await.unwrap() - (score + 1.0) / 2.0).abs() < 1e-9
        );
    }
}

/// `sangam model train --workspace`: a team's labelled rows teach its own model, which is stored with the rows
/// counted; a server that loaded the models before takes the new one up at its next look; other workspaces are
/// untouched.
#[tokio::test]
async fn a_teams_labelled_file_trains_its_workspace_model_only() {
    for db in testing::all().await.unwrap() {
        let (a, _, _) = team(&db, "gamma").await;
        let (b, _, _) = team(&db, "delta").await;
        let server = TextModel::default();
        server.catch_up(&db).await.unwrap();
        let before = server.analyze_all_for(a, [PROBE])[0].abuse.clone();
        assert!(!before.abusive, "{before:?}");
        let rows: Vec<(String, bool)> = (0..20)
            .flat_map(|i| {
                [
                    (format!("{PROBE} {i}"), true),
                    (format!("tumhara delivery kal aayega {i}"), false),
                ]
            })
            .collect();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let cli = TextModel::default();
        let done = cli
            .train_workspace(&db, a, &rows, &|n| {
                seen.store(n, std::sync::atomic::Ordering::SeqCst);
            })
            .await
            .unwrap();
        assert_eq!(seen.into_inner(), 40, "progress reached every row");
        assert_eq!((done.rows, done.trained_rows), (40, 40));
        let stored = shield_models::get(&db, a).await.unwrap().unwrap();
        assert_eq!(stored.trained_rows, 40);
        assert!(stored.model.is_some());
        assert!(shield_models::get(&db, b).await.unwrap().is_none());

        server.catch_up(&db).await.unwrap();
        let after = server.analyze_all_for(a, [PROBE])[0].abuse.clone();
        assert!(after.abusive && after.score > before.score, "{after:?}");
        assert!(!server.analyze_all_for(b, [PROBE])[0].abuse.abusive);
        // A second file adds to the first.
        let again = cli
            .train_workspace(&db, a, &rows[..4], &|_| {})
            .await
            .unwrap();
        assert_eq!(again.trained_rows, 44);
    }
}

/// A new threshold decides the open messages nobody gave a verdict on again, from their score at arrival.
#[tokio::test]
async fn a_new_threshold_re_decides_the_open_uncorrected_messages() {
    for db in testing::all().await.unwrap() {
        let (ws, profile, person) = team(&db, "epsilon").await;
        let new: Vec<NewMessage> = [0.45, 0.55, 0.7]
            .iter()
            .enumerate()
            .map(|(i, &score)| NewMessage {
                abusive: score >= 0.5,
                abuse_score: score,
                ..message(i, "some words")
            })
            .collect();
        let ids = inbox::ingest_page(&db, ws, profile, &new, None, 0)
            .await
            .unwrap();
        // People said the 0.7 one is not abusive: their verdict stands at any line.
        let m = inbox::get(&db, ws, ids[2]).await.unwrap();
        inbox::record_correction(&db, ws, &m, person, false, 1)
            .await
            .unwrap();
        let flags = || async {
            let mut out = Vec::new();
            for id in &ids {
                out.push(inbox::get(&db, ws, *id).await.unwrap().abusive);
            }
            out
        };
        assert_eq!(shield_models::redecide_open(&db, ws, 0.4).await.unwrap(), 1);
        assert_eq!(flags().await, [true, true, false]);
        assert_eq!(shield_models::redecide_open(&db, ws, 0.6).await.unwrap(), 2);
        assert_eq!(flags().await, [false, false, false]);
    }
}
