//! The ingester's promises: every inbound message stored once whatever pages overlap and whenever a run dies, the
//! shield routes abusive messages only to opted-in people within their budget, and rules act as messages arrive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use sangam_domain::rules::{Action, Condition, Rule};
use sangam_domain::{MessageKind, Millis, NetworkKind, Role};
use sangam_engine::ingester::Ingester;
use sangam_engine::{Networks, TextModel};
use sangam_networks::sandbox::{ManualClock, Sandbox, SandboxConfig};
use sangam_networks::{
    Account, InboundPage, Network, NetworkError, Outbound, PostCounts, ProfileCounts, Published,
};
use sangam_store::inbox::{self, Filter};
use sangam_store::profiles::{self, NewProfile, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, testing, workspaces};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const NOW: Millis = 1_749_196_800_000; // Friday 6 June 2025, 08:00 UTC
const HOUR: Millis = 3_600_000;

struct World {
    db: Db,
    secrets: SecretBox,
    sandbox: Arc<Sandbox>,
    clock: Arc<ManualClock>,
    workspace: i64,
    profile: Profile,
    text: TextModel,
}

async fn world(db: Db, per_hour: f64, abusive_share: f64) -> World {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    let ws = workspaces::create(&db, "Team", 0).await.unwrap();
    let profile = profiles::create(
        &db,
        &secrets,
        NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: "acme",
            display_name: "Acme",
            credentials: &serde_json::json!({}),
        },
        0,
    )
    .await
    .unwrap();
    let clock = ManualClock::at(NOW);
    let mut config = SandboxConfig::seeded(11).with_clock(clock.clone());
    config.messages_per_hour = per_hour;
    config.abusive_share = abusive_share;
    config.inbox_history_ms = 3 * HOUR;
    let sandbox = Arc::new(Sandbox::in_memory(config).await.unwrap());
    World {
        db,
        secrets,
        sandbox,
        clock,
        workspace: ws.id,
        profile,
        text: TextModel::default(),
    }
}

impl World {
    async fn ingest_with(&self, network: Arc<dyn Network>) -> sangam_engine::ingester::Ingested {
        let networks = Networks::default().with(network);
        let ingester = Ingester {
            db: &self.db,
            secrets: &self.secrets,
            networks: &networks,
            text: &self.text,
        };
        ingester.ingest_all().await.unwrap()
    }

    async fn ingest(&self) -> sangam_engine::ingester::Ingested {
        self.ingest_with(self.sandbox.clone()).await
    }

    /// Every remote id the sandbox hands out up to now, read page by page straight from the network.
    async fn expected_ids(&self) -> HashSet<String> {
        let account = Account {
            profile_id: self.profile.id,
            handle: "acme".into(),
            credentials: serde_json::json!({}),
        };
        let mut ids = HashSet::new();
        let mut cursor = None;
        loop {
            let page = self
                .sandbox
                .inbound(&account, cursor.as_deref())
                .await
                .unwrap();
            ids.extend(page.messages.iter().map(|m| m.remote_id.clone()));
            cursor = page.next_cursor.or(cursor);
            if !page.more {
                return ids;
            }
        }
    }

    async fn person(&self, name: &str, opt_in: bool) -> i64 {
        let u = users::create(
            &self.db,
            NewUser {
                workspace_id: self.workspace,
                email: &format!("{name}@team.test"),
                name,
                password_hash: "x",
                role: Role::Member,
            },
            0,
        )
        .await
        .unwrap();
        inbox::save_person(&self.db, u.id, opt_in, 540, 1020)
            .await
            .unwrap();
        u.id
    }
}

#[tokio::test]
async fn overlapping_and_repeated_runs_store_each_message_once() {
    for db in testing::all().await.unwrap() {
        let w = world(db, 100.0, 0.1).await;
        let first = w.ingest().await;
        assert!(first.stored > 100, "three hours of history: {first:?}");
        assert_eq!(first.fetched, first.stored);
        let cursor = inbox::cursor(&w.db, w.profile.id).await.unwrap().unwrap();
        let mut expected = w.expected_ids().await;

        // Wind the cursor back 60 messages, as a network that hands out overlapping pages would.
        let back = (cursor.parse::<i64>().unwrap() - 60).to_string();
        inbox::ingest_page(&w.db, w.workspace, w.profile.id, &[], Some(&back), NOW)
            .await
            .unwrap();
        w.clock.advance(HOUR);
        let again = w.ingest().await;
        assert!(again.fetched >= again.stored + 60, "{again:?}");
        expected.extend(w.expected_ids().await);
        let (count, distinct) = inbox::count_for_profile(&w.db, w.profile.id).await.unwrap();
        assert_eq!(count, distinct);
        assert_eq!(count as usize, expected.len());
        assert_ne!(
            inbox::cursor(&w.db, w.profile.id).await.unwrap(),
            Some(cursor),
            "the cursor moved on"
        );
    }
}

/// The sandbox, with its inbound stream altered as a misbehaving network's would be.
struct Altered {
    inner: Arc<Sandbox>,
    calls: AtomicUsize,
    change: Change,
}

enum Change {
    /// The n-th inbound call never returns: the run is killed there.
    HangOn(usize),
    /// Every page also holds the messages from this many before its cursor again (pages of 50: part of the page two
    /// before it and all of the one before), as a network whose pages overlap would hand them out.
    RepeatBack(i64),
}

impl Altered {
    fn new(inner: Arc<Sandbox>, change: Change) -> Arc<Self> {
        Arc::new(Altered {
            inner,
            calls: AtomicUsize::new(0),
            change,
        })
    }
}

#[async_trait]
impl Network for Altered {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Sandbox
    }
    async fn publish(&self, a: &Account, c: &Outbound) -> Result<Published, NetworkError> {
        self.inner.publish(a, c).await
    }
    async fn find_published(
        &self,
        a: &Account,
        k: &str,
    ) -> Result<Option<Published>, NetworkError> {
        self.inner.find_published(a, k).await
    }
    fn dedupes_repeats(&self) -> bool {
        true
    }
    async fn inbound(
        &self,
        a: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        match self.change {
            Change::HangOn(n) if n == call => std::future::pending().await,
            Change::HangOn(_) => self.inner.inbound(a, cursor).await,
            Change::RepeatBack(back) => {
                let mut page = self.inner.inbound(a, cursor).await?;
                if let Some(at) = cursor.and_then(|c| c.parse::<i64>().ok()) {
                    let earlier = (at - back).max(0).to_string();
                    let again = self.inner.inbound(a, Some(&earlier)).await?;
                    page.messages.splice(0..0, again.messages);
                }
                Ok(page)
            }
        }
    }
    async fn profile_counts(&self, a: &Account) -> Result<ProfileCounts, NetworkError> {
        self.inner.profile_counts(a).await
    }
    async fn post_counts(
        &self,
        a: &Account,
        ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        self.inner.post_counts(a, ids).await
    }
}

#[tokio::test]
async fn a_run_killed_midway_loses_nothing_and_stores_nothing_twice() {
    for db in testing::all().await.unwrap() {
        let w = Arc::new(world(db, 100.0, 0.1).await);
        let hangs = Altered::new(w.sandbox.clone(), Change::HangOn(4));
        let run = {
            let w = w.clone();
            tokio::spawn(async move { w.ingest_with(hangs).await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        for _ in 0..100 {
            if inbox::count_for_profile(&w.db, w.profile.id)
                .await
                .unwrap()
                .0
                >= 150
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        run.abort();
        let _ = run.await;
        let (partial, _) = inbox::count_for_profile(&w.db, w.profile.id).await.unwrap();
        assert_eq!(
            partial, 150,
            "three whole pages were committed before the run died"
        );

        w.ingest().await;
        let (count, distinct) = inbox::count_for_profile(&w.db, w.profile.id).await.unwrap();
        assert_eq!(count, distinct);
        assert_eq!(count as usize, w.expected_ids().await.len(), "nothing lost");
    }
}

/// The pages fetched ahead of the one being stored are routed knowing what the pages before them stored, though their
/// look-ups were read before those were committed: a message handed out again is stored once and alerted once.
#[tokio::test]
async fn pages_that_repeat_the_pages_before_them_store_and_alert_each_message_once() {
    for db in testing::all().await.unwrap() {
        let w = world(db, 100.0, 0.0).await;
        let every = Rule {
            conditions: vec![Condition::Kind {
                any: vec![
                    MessageKind::Mention,
                    MessageKind::Reply,
                    MessageKind::Comment,
                    MessageKind::DirectMessage,
                    MessageKind::Quote,
                ],
            }],
            actions: vec![Action::Alert],
        };
        inbox::create_rule(&w.db, w.workspace, "Alert on all", &every, 0)
            .await
            .unwrap();
        let done = w
            .ingest_with(Altered::new(w.sandbox.clone(), Change::RepeatBack(60)))
            .await;
        let expected = w.expected_ids().await.len() as i64;
        assert!(expected > 200, "several pages: {expected}");
        assert!(done.fetched > done.stored + 100, "{done:?}");
        // The first repeats reach back before the history window, so a few older messages come too.
        let (count, distinct) = inbox::count_for_profile(&w.db, w.profile.id).await.unwrap();
        assert_eq!(count, distinct, "no message stored twice");
        assert!(count >= expected, "nothing lost: {count} of {expected}");
        assert_eq!(done.stored as i64, count);
        let alerts = sangam_store::activity::recent(&w.db, w.workspace, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.action == "alert")
            .count();
        assert_eq!(
            alerts as i64, count,
            "one alert per message, none for a repeat"
        );
    }
}

#[tokio::test]
async fn abusive_messages_go_only_to_opted_in_people_within_their_budget() {
    for db in testing::all().await.unwrap() {
        let w = world(db, 20.0, 1.0).await;
        let asha = w.person("Asha", true).await;
        let ravi = w.person("Ravi", false).await;
        let meena = w.person("Meena", true).await;
        inbox::save_settings(
            &w.db,
            w.workspace,
            inbox::Settings {
                sla_minutes: 240,
                exposure_budget: 3,
            },
        )
        .await
        .unwrap();
        w.ingest().await;
        let abusive = inbox::list(
            &w.db,
            w.workspace,
            asha,
            &Filter {
                abusive: Some(true),
                ..Default::default()
            },
            500,
        )
        .await
        .unwrap();
        assert!(
            abusive.len() > 6,
            "enough abuse to exhaust two budgets: {}",
            abusive.len()
        );
        let to = |id: i64| abusive.iter().filter(|m| m.assigned_to == Some(id)).count();
        assert_eq!(to(ravi), 0, "never to someone who did not opt in");
        assert_eq!((to(asha), to(meena)), (3, 3), "rotation, up to each budget");
        assert!(
            abusive.iter().filter(|m| m.assigned_to.is_none()).count() > 0,
            "the rest waits"
        );

        // Asha opens her three: her budget is spent, so new abusive items go to the next person with room.
        for m in abusive.iter().filter(|m| m.assigned_to == Some(asha)) {
            inbox::record_opening(&w.db, m.id, asha, sangam_domain::now_millis())
                .await
                .unwrap();
            inbox::set_done(&w.db, w.workspace, m.id, true, NOW)
                .await
                .unwrap();
        }
        for m in abusive.iter().filter(|m| m.assigned_to == Some(meena)) {
            inbox::set_done(&w.db, w.workspace, m.id, true, NOW)
                .await
                .unwrap();
        }
        w.clock.advance(HOUR);
        w.ingest().await;
        let now_abusive = inbox::list(
            &w.db,
            w.workspace,
            asha,
            &Filter {
                abusive: Some(true),
                ..Default::default()
            },
            500,
        )
        .await
        .unwrap();
        let new: Vec<_> = now_abusive
            .iter()
            .filter(|m| !abusive.iter().any(|o| o.id == m.id))
            .collect();
        assert!(!new.is_empty());
        assert!(
            new.iter()
                .all(|m| m.assigned_to != Some(asha) && m.assigned_to != Some(ravi))
        );
        assert!(new.iter().any(|m| m.assigned_to == Some(meena)));
    }
}

#[tokio::test]
async fn rules_tag_hide_and_assign_as_messages_arrive() {
    for db in testing::all().await.unwrap() {
        let w = world(db, 60.0, 0.0).await;
        let asha = w.person("Asha", false).await;
        let dm = Rule {
            conditions: vec![Condition::Kind {
                any: vec![MessageKind::DirectMessage],
            }],
            actions: vec![
                Action::Tag { tag: "dm".into() },
                Action::AssignTo { user_id: asha },
            ],
        };
        let mentions = Rule {
            conditions: vec![Condition::Kind {
                any: vec![MessageKind::Mention],
            }],
            actions: vec![Action::Hide],
        };
        inbox::create_rule(&w.db, w.workspace, "DMs to Asha", &dm, 0)
            .await
            .unwrap();
        inbox::create_rule(&w.db, w.workspace, "Hide mentions", &mentions, 0)
            .await
            .unwrap();
        w.ingest().await;
        let ws = w.workspace;
        let list = |f: Filter| {
            let db = w.db.clone();
            async move { inbox::list(&db, ws, asha, &f, 1000).await.unwrap() }
        };
        let dms = list(Filter {
            kind: Some("direct_message".into()),
            ..Default::default()
        })
        .await;
        assert!(!dms.is_empty());
        assert!(
            dms.iter()
                .all(|m| m.tags == vec!["dm".to_string()] && m.assigned_to == Some(asha)),
            "{:?}",
            dms.iter()
                .map(|m| (m.assigned_to, m.abusive, m.abuse_score, m.text.clone()))
                .collect::<Vec<_>>()
        );
        let visible_mentions = list(Filter {
            kind: Some("mention".into()),
            ..Default::default()
        })
        .await;
        assert!(visible_mentions.is_empty());
        let hidden_mentions = list(Filter {
            kind: Some("mention".into()),
            hidden: Some(true),
            ..Default::default()
        })
        .await;
        assert!(!hidden_mentions.is_empty());
    }
}
