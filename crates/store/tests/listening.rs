//! Listening in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: each post of a topic is stored once
//! whatever pages overlap and when a page is fetched again after a crash, spikes are recorded once per hour, and share of voice recomputed from
//! the raw rows matches what the store's counts give.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::listening::{Spike, SpikeKind};
use sangam_domain::metrics::{Figure, share_of_voice};
use sangam_domain::{NetworkKind, Sentiment};
use sangam_store::listening::{self, NewListenedPost, PostFilter, TopicFields, Voice};
use sangam_store::{Db, Sql, testing, workspaces};

fn post(network: NetworkKind, n: i64, sentiment: Sentiment) -> NewListenedPost {
    NewListenedPost {
        network,
        remote_id: format!("at://did:plc:someone/app.bsky.feed.post/{n}"),
        author_handle: format!("person{}.bsky.social", n % 3),
        author_name: format!("Person {n}"),
        text: format!("talking about acme, number {n}"),
        url: None,
        posted_at: 1_000_000 + n * 60_000,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: sentiment,
        abusive: false,
        abuse_score: 0.01,
    }
}

async fn topic(
    db: &Db,
    ws: i64,
    name: &str,
    voice: Voice,
    networks: &[NetworkKind],
) -> listening::Topic {
    listening::create(
        db,
        ws,
        &TopicFields {
            name,
            query: name,
            networks,
            voice,
            competitor: if voice == Voice::Competitor { name } else { "" },
            paused: false,
        },
        None,
        0,
    )
    .await
    .unwrap()
}

async fn stored(db: &Db, topic_id: i64) -> Vec<String> {
    let rows: Vec<(String,)> = db
        .fetch_all(
            Sql::new("SELECT remote_id FROM listened_posts WHERE topic_id = $1 ORDER BY remote_id")
                .bind(topic_id),
        )
        .await
        .unwrap();
    rows.into_iter().map(|(r,)| r).collect()
}

#[tokio::test]
async fn each_post_is_stored_once_whatever_pages_overlap_and_when_a_page_is_fetched_again() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap().id;
        let t = topic(&db, ws, "acme", Voice::None, &[NetworkKind::Bluesky]).await;
        let page1: Vec<_> = (0..30)
            .map(|n| post(NetworkKind::Bluesky, n, Sentiment::Neutral))
            .collect();
        // The second page repeats ten posts of the first (new posts arrived between the two requests).
        let page2: Vec<_> = (20..50)
            .map(|n| post(NetworkKind::Bluesky, n, Sentiment::Neutral))
            .collect();
        let first = listening::store_page(&db, &t, "bluesky:0", &page1, Some("c1"), 5)
            .await
            .unwrap();
        assert_eq!(first.len(), 30);
        let second = listening::store_page(&db, &t, "bluesky:0", &page2, Some("c2"), 6)
            .await
            .unwrap();
        assert_eq!(
            second.len(),
            20,
            "only the posts not stored already are new"
        );
        assert_eq!(
            listening::cursor(&db, t.id, "bluesky:0")
                .await
                .unwrap()
                .as_deref(),
            Some("c2")
        );

        // The same post on another network, or for another topic, is another row.
        let other = topic(&db, ws, "globex", Voice::None, &[NetworkKind::Bluesky]).await;
        assert_eq!(
            listening::store_page(&db, &other, "bluesky:0", &page1[..5], None, 7)
                .await
                .unwrap()
                .len(),
            5
        );

        // A process that died after committing the second page but before it saw the answer fetches the same page
        // again when it comes back: nothing new is stored, and the pass ends.
        let again = listening::store_page(&db, &t, "bluesky:0", &page2, None, 8)
            .await
            .unwrap();
        assert!(again.is_empty());
        assert_eq!(
            listening::cursor(&db, t.id, "bluesky:0").await.unwrap(),
            None
        );

        let ids = stored(&db, t.id).await;
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids.len(), 50);
        assert_eq!(unique.len(), 50);
        let newest = listening::posts(&db, t.id, &PostFilter::default(), 3)
            .await
            .unwrap();
        assert_eq!(newest[0].remote_id, page2[29].remote_id);
        assert_eq!(newest.len(), 3);
    }
}

#[tokio::test]
async fn a_page_that_fails_stores_nothing_and_keeps_the_cursor() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap().id;
        let t = topic(&db, ws, "acme", Voice::None, &[NetworkKind::Mastodon]).await;
        let page: Vec<_> = (0..3)
            .map(|n| post(NetworkKind::Mastodon, n, Sentiment::Neutral))
            .collect();
        listening::store_page(&db, &t, "mastodon:0", &page, Some("c1"), 1)
            .await
            .unwrap();
        // A page for a topic that is gone breaks its foreign key: the transaction fails and the cursor stays where the
        // last committed page left it.
        let mut gone = t.clone();
        gone.id = 999_999;
        let bad: Vec<_> = (3..6)
            .map(|n| post(NetworkKind::Mastodon, n, Sentiment::Neutral))
            .collect();
        assert!(
            listening::store_page(&db, &gone, "mastodon:0", &bad, Some("c9"), 2)
                .await
                .is_err()
        );
        assert_eq!(
            listening::cursor(&db, t.id, "mastodon:0")
                .await
                .unwrap()
                .as_deref(),
            Some("c1")
        );
        assert_eq!(stored(&db, t.id).await.len(), 3);
    }
}

#[tokio::test]
async fn a_spike_is_recorded_once_per_topic_kind_and_hour() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap().id;
        let t = topic(&db, ws, "acme", Voice::None, &[NetworkKind::Sandbox]).await;
        let spike = Spike {
            kind: SpikeKind::Volume,
            window_start: 3_600_000,
            observed: 40.0,
            median: 10.0,
            mad: 1.0,
            threshold: 15.0,
        };
        assert!(
            listening::record_spike(&db, &t, &spike, 10)
                .await
                .unwrap()
                .is_some()
        );
        let later_poll = Spike {
            observed: 55.0,
            ..spike
        };
        assert!(
            listening::record_spike(&db, &t, &later_poll, 20)
                .await
                .unwrap()
                .is_none()
        );
        let negative = Spike {
            kind: SpikeKind::Negative,
            ..spike
        };
        assert!(
            listening::record_spike(&db, &t, &negative, 20)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(listening::spikes(&db, t.id, 10).await.unwrap().len(), 2);
        let count = |from, to| listening::spike_count(&db, t.id, from, to);
        assert_eq!(count(3_600_000, 7_200_000).await.unwrap(), 2);
        assert_eq!(count(0, 3_600_000).await.unwrap(), 0);
    }
}

/// Share of voice recomputed from the raw rows (every post read back, counted here by hand) against the store's
/// grouped counts through the catalogue formula: ours / (ours + competitors) x 100, and the positive share.
#[tokio::test]
async fn share_of_voice_recomputed_from_raw_rows_matches() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap().id;
        let both = [NetworkKind::Bluesky, NetworkKind::Mastodon];
        let ours = topic(&db, ws, "acme", Voice::Ours, &both).await;
        let globex = topic(&db, ws, "globex", Voice::Competitor, &both).await;
        let initech = topic(&db, ws, "initech", Voice::Competitor, &both).await;
        let sentiments = [
            Sentiment::Positive,
            Sentiment::Neutral,
            Sentiment::Negative,
            Sentiment::Positive,
        ];
        for (t, n, network) in [
            (&ours, 40, NetworkKind::Bluesky),
            (&ours, 7, NetworkKind::Mastodon),
            (&globex, 25, NetworkKind::Bluesky),
            (&initech, 13, NetworkKind::Mastodon),
            (&initech, 9, NetworkKind::Sandbox),
        ] {
            let rows: Vec<_> = (0..n)
                .map(|i| post(network, i, sentiments[(i as usize * 7 + t.id as usize) % 4]))
                .collect();
            listening::store_page(&db, t, network.as_str(), &rows, None, 0)
                .await
                .unwrap();
        }
        // The period leaves the first and last few minutes' posts out.
        let (from, to) = (1_000_000 + 3 * 60_000, 1_000_000 + 30 * 60_000);
        let ids = [ours.id, globex.id, initech.id];

        let raw: Vec<(i64, String, i64, String)> = db
            .fetch_all(Sql::new(
                "SELECT topic_id, network, posted_at, sentiment_label FROM listened_posts",
            ))
            .await
            .unwrap();
        let count = |topic: i64, positive_only: bool| {
            raw.iter()
                .filter(|(t, n, at, s)| {
                    *t == topic
                        && both.iter().any(|b| b.as_str() == n)
                        && (from..to).contains(at)
                        && (!positive_only || s == "positive")
                })
                .count() as i64
        };
        let oracle_ours = count(ours.id, false);
        let oracle_rivals = count(globex.id, false) + count(initech.id, false);
        let oracle_sov = oracle_ours as f64 / (oracle_ours + oracle_rivals) as f64 * 100.0;
        let oracle_pos_ours = count(ours.id, true);
        let oracle_pos = oracle_pos_ours as f64
            / (oracle_pos_ours + count(globex.id, true) + count(initech.id, true)) as f64
            * 100.0;

        let counts = listening::mentions(&db, &ids, from, to, &both)
            .await
            .unwrap();
        let of = |id: i64| {
            counts
                .iter()
                .find(|c| c.0 == id)
                .map_or((0, 0), |c| (c.1, c.2))
        };
        let (o, op) = of(ours.id);
        let rivals: i64 = [globex.id, initech.id].iter().map(|&id| of(id).0).sum();
        let rivals_pos: i64 = [globex.id, initech.id].iter().map(|&id| of(id).1).sum();
        assert_eq!(o, oracle_ours);
        assert_eq!(share_of_voice(o, rivals), Figure::Percent(oracle_sov));
        assert_eq!(
            sangam_domain::listening::positive_share_of_voice(op, rivals_pos),
            Figure::Percent(oracle_pos)
        );
        // The sandbox's posts were outside the networks asked about.
        assert_eq!(of(initech.id).0, count(initech.id, false));
        assert!(oracle_sov > 0.0 && oracle_sov < 100.0);
    }
}
