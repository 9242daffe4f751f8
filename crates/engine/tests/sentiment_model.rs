//! Each workspace's sentiment model learns from its own people's "wrong sentiment?" corrections only, keeps what it
//! learned across a restart (the model and the corrections are stored), and the corrected message reads as the person
//! said at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{MessageKind, NetworkKind, Role, Sentiment};
use sangam_engine::TextModel;
use sangam_store::inbox::{self, NewMessage};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, sentiment_models, testing, workspaces};
use sangam_text::SentimentLabel;

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
        remote_id: format!("s{i}"),
        kind: MessageKind::Mention,
        author_handle: "someone".into(),
        author_name: "Someone".into(),
        author_followers: None,
        text: text.into(),
        url: None,
        in_reply_to: None,
        conversation_id: format!("c{i}"),
        received_at: 0,
        lang: "en".into(),
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

/// A telecom's customers write "tower gaya" when the signal is gone: a complaint the rules read as neutral.
const PROBE: &str = "tower gaya phir se, sector 99 mein";

#[tokio::test]
async fn a_workspace_learns_its_own_sentiment_corrections_and_keeps_them() {
    for db in testing::all().await.unwrap() {
        let (a, profile_a, person_a) = team(&db, "alpha").await;
        let (b, _, _) = team(&db, "beta").await;
        let text = TextModel::default();
        let before = text.analyze_all_for(a, [PROBE])[0].sentiment;
        assert_eq!(before.label, SentimentLabel::Neutral, "{before:?}");

        // Alpha's people say, thirty times, that "tower gaya" is a complaint.
        let new: Vec<NewMessage> = (0..30)
            .map(|i| message(i, &format!("tower gaya sector {i} mein")))
            .collect();
        let ids = inbox::ingest_page(&db, a, profile_a, &new, None, 0)
            .await
            .unwrap();
        for id in &ids {
            let m = inbox::get(&db, a, *id).await.unwrap();
            sentiment_models::record_correction(&db, a, &m, person_a, Sentiment::Negative, 5)
                .await
                .unwrap();
        }
        // The corrected message reads as the person said, with a compound in the label's band.
        let corrected = inbox::get(&db, a, ids[0]).await.unwrap();
        assert_eq!(corrected.sentiment_label, Sentiment::Negative);
        assert!(corrected.sentiment_compound <= -0.05, "{corrected:?}");
        let last = sentiment_models::last_correction(&db, a, ids[0])
            .await
            .unwrap();
        assert_eq!(last, Some((Sentiment::Negative, person_a, 5)));
        // Not the other workspace's message: nothing is recorded.
        let other = sentiment_models::record_correction(
            &db,
            b,
            &corrected,
            person_a,
            Sentiment::Positive,
            6,
        )
        .await;
        assert!(other.is_err());

        assert_eq!(text.catch_up(&db).await.unwrap(), 30);
        let after = text.analyze_all_for(a, [PROBE])[0].sentiment;
        assert_eq!(after.label, SentimentLabel::Negative, "{after:?}");
        // Beta's model has learned nothing of alpha's.
        let beta = text.analyze_all_for(b, [PROBE])[0].sentiment;
        assert_eq!(beta.label, SentimentLabel::Neutral, "{beta:?}");
        assert!(sentiment_models::get(&db, b).await.unwrap().is_none());

        // Stored: a new process reads the model and learns nothing twice.
        let stored = sentiment_models::get(&db, a).await.unwrap().unwrap();
        assert_eq!(stored.corrections, 30);
        let restarted = TextModel::default();
        assert_eq!(restarted.catch_up(&db).await.unwrap(), 0);
        let again = restarted.analyze_all_for(a, [PROBE])[0].sentiment;
        assert_eq!(again.label, SentimentLabel::Negative, "{again:?}");
        assert_eq!(
            restarted.analyze_all_for(b, [PROBE])[0].sentiment.label,
            SentimentLabel::Neutral
        );
    }
}
