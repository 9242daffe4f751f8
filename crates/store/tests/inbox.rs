//! The inbox's promises in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sangam_domain::rules::{Action, Condition, Rule};
use sangam_domain::{AbuseLabel, MessageKind, Role, Sentiment};
use sangam_store::inbox::{self, Filter, NewMessage};
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, testing, workspaces};

struct Team {
    workspace: i64,
    asha: i64,
    ravi: i64,
    profile: i64,
}

/// The shared team (Asha and the profile @acme) and Ravi, a second person to assign to.
async fn team(db: &Db) -> Team {
    let c = common::team(db).await;
    let ravi = NewUser {
        workspace_id: c.workspace,
        email: "ravi@example.com",
        name: "Ravi",
        password_hash: "x",
        role: Role::Member,
    };
    let ravi = users::create(db, ravi, 0).await.unwrap();
    Team {
        workspace: c.workspace,
        asha: c.author,
        ravi: ravi.id,
        profile: c.profiles[0],
    }
}

fn message(n: i64) -> NewMessage {
    NewMessage {
        remote_id: format!("msg-{n}"),
        kind: if n % 2 == 0 {
            MessageKind::Mention
        } else {
            MessageKind::DirectMessage
        },
        author_handle: format!("fan{n}"),
        author_name: format!("Fan {n}"),
        author_followers: Some(n * 100),
        text: format!("message number {n}"),
        url: Some(format!("https://sandbox.sangam.invalid/m/{n}")),
        in_reply_to: None,
        conversation_id: format!("conv-{}", n / 3),
        received_at: 1_000 + n,
        lang: if n % 3 == 0 { "hi" } else { "en" }.into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: Sentiment::Neutral,
        abusive: n % 5 == 0,
        abuse_score: if n % 5 == 0 { 0.9 } else { 0.1 },
        abuse_labels: if n % 5 == 0 {
            vec![AbuseLabel::Insult]
        } else {
            vec![]
        },
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }
}

/// A filter narrowed by `set`.
fn with(set: impl FnOnce(&mut Filter)) -> Filter {
    let mut f = Filter::default();
    set(&mut f);
    f
}

fn page(range: std::ops::RangeInclusive<i64>) -> Vec<NewMessage> {
    range.map(message).collect()
}

/// Stores the messages numbered `range` as one page with the cursor after it, at `now`.
async fn ingest(
    db: &Db,
    t: &Team,
    range: std::ops::RangeInclusive<i64>,
    cursor: Option<&str>,
    now: i64,
) -> Vec<i64> {
    let messages = page(range);
    inbox::ingest_page(db, t.workspace, t.profile, &messages, cursor, now)
        .await
        .unwrap()
}

#[tokio::test]
async fn reingesting_overlapping_pages_stores_each_message_once() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let first = ingest(&db, &t, 1..=10, Some("10"), 5).await;
        assert_eq!(first.len(), 10);
        let second = ingest(&db, &t, 6..=15, Some("15"), 6).await;
        assert_eq!(second.len(), 5, "only the five new ones are stored");
        let again = ingest(&db, &t, 1..=15, Some("15"), 7).await;
        assert!(again.is_empty());
        assert_eq!(
            inbox::count_for_profile(&db, t.profile).await.unwrap(),
            (15, 15)
        );
        assert_eq!(
            inbox::cursor(&db, t.profile).await.unwrap().as_deref(),
            Some("15")
        );
        let known = inbox::known_remote_ids(&db, t.profile, &["msg-3".into(), "msg-99".into()])
            .await
            .unwrap();
        assert_eq!(known, vec!["msg-3".to_string()]);
    }
}

/// Each id a page's ingest returns is the stored message of the same remote id, in the page's order, and a page's tags
/// land on their own message, whether the whole page is new, part of it was stored before, or a remote id comes twice.
#[tokio::test]
async fn the_ids_a_page_gives_back_are_its_new_messages_in_order() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let tagged = |n: i64| NewMessage {
            tags: vec![format!("tag-{n}")],
            ..message(n)
        };
        let first: Vec<NewMessage> = (1..=6).map(tagged).collect();
        let ids = inbox::ingest_page(&db, t.workspace, t.profile, &first, None, 5)
            .await
            .unwrap();
        // 3, 4 and 5 were stored; 8 comes twice and is stored once, for its first appearance.
        let mut second: Vec<NewMessage> = [3, 7, 4, 8, 5, 9, 8].into_iter().map(tagged).collect();
        second[6].text = "the second copy of 8".into();
        let more = inbox::ingest_page(&db, t.workspace, t.profile, &second, None, 6)
            .await
            .unwrap();
        for (ids, expected) in [(ids, vec![1, 2, 3, 4, 5, 6]), (more, vec![7, 8, 9])] {
            let mut remote = Vec::new();
            for id in &ids {
                let m = inbox::get(&db, t.workspace, *id).await.unwrap();
                assert_eq!(
                    m.tags,
                    [m.remote_id.replace("msg-", "tag-")],
                    "{:?}: message {id}'s tags",
                    db.kind()
                );
                remote.push(m.remote_id);
            }
            let expected: Vec<String> = expected.iter().map(|n| format!("msg-{n}")).collect();
            assert_eq!(remote, expected, "{:?}", db.kind());
        }
        let eight = inbox::list(&db, t.workspace, 0, &Filter::default(), i64::MAX)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.remote_id == "msg-8")
            .unwrap();
        assert_eq!(eight.text, "message number 8", "{:?}", db.kind());
    }
}

#[tokio::test]
async fn a_page_that_fails_midway_stores_nothing_and_keeps_the_cursor() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        ingest(&db, &t, 1..=3, Some("3"), 5).await;
        let mut broken = page(4..=8);
        // The sixth message names a person who does not exist: the insert fails halfway through the page.
        broken[2].assigned_to = Some(999_999);
        let failed = inbox::ingest_page(&db, t.workspace, t.profile, &broken, Some("8"), 6).await;
        assert!(failed.is_err());
        assert_eq!(
            inbox::count_for_profile(&db, t.profile).await.unwrap(),
            (3, 3),
            "all or nothing"
        );
        assert_eq!(
            inbox::cursor(&db, t.profile).await.unwrap().as_deref(),
            Some("3"),
            "cursor did not move"
        );
        let ids = ingest(&db, &t, 1..=8, Some("8"), 7).await;
        assert_eq!(ids.len(), 5);
        assert_eq!(
            inbox::count_for_profile(&db, t.profile).await.unwrap(),
            (8, 8)
        );
    }
}

#[tokio::test]
async fn the_inbox_filters_assigns_tags_notes_and_closes() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let ids = ingest(&db, &t, 1..=12, Some("12"), 5).await;
        let all = inbox::list(&db, t.workspace, t.asha, &Filter::default(), 100)
            .await
            .unwrap();
        assert_eq!(all.len(), 12);
        assert_eq!(all[0].remote_id, "msg-12", "newest first");

        let counts = |cases: Vec<(Filter, usize)>| {
            let db = db.clone();
            async move {
                for (f, n) in cases {
                    let found = inbox::list(&db, t.workspace, t.asha, &f, 100)
                        .await
                        .unwrap();
                    assert_eq!(found.len(), n, "{f:?}");
                }
            }
        };
        counts(vec![
            (with(|f| f.kind = Some("mention".into())), 6),
            (with(|f| f.lang = Some("hi".into())), 4),
            (with(|f| f.abusive = Some(true)), 2),
            (with(|f| f.network = Some("sandbox".into())), 12),
        ])
        .await;

        inbox::assign(&db, t.workspace, ids[0], Some(t.asha))
            .await
            .unwrap();
        inbox::assign(&db, t.workspace, ids[1], Some(t.ravi))
            .await
            .unwrap();
        counts(vec![
            (with(|f| f.assigned = Some("me".into())), 1),
            (with(|f| f.assigned = Some("unassigned".into())), 10),
        ])
        .await;
        assert!(
            inbox::assign(&db, t.workspace, ids[0], Some(999_999))
                .await
                .is_err()
        );

        let billing = || with(|f| f.tag = Some("billing".into()));
        for _ in 0..2 {
            inbox::add_tag(&db, t.workspace, ids[2], "billing")
                .await
                .unwrap();
        }
        counts(vec![(billing(), 1)]).await;
        assert_eq!(
            inbox::tags(&db, t.workspace).await.unwrap(),
            vec!["billing".to_string()]
        );
        inbox::remove_tag(&db, t.workspace, ids[2], "billing")
            .await
            .unwrap();
        counts(vec![(billing(), 0)]).await;

        inbox::set_done(&db, t.workspace, ids[3], true, 50)
            .await
            .unwrap();
        counts(vec![(with(|f| f.status = Some("done".into())), 1)]).await;
        inbox::set_done(&db, t.workspace, ids[3], false, 51)
            .await
            .unwrap();
        counts(vec![(with(|f| f.status = Some("open".into())), 12)]).await;

        inbox::set_hidden(&db, t.workspace, ids[4], true)
            .await
            .unwrap();
        counts(vec![
            (Filter::default(), 11),
            (with(|f| f.hidden = Some(true)), 1),
        ])
        .await;

        inbox::add_note(&db, t.workspace, ids[0], t.ravi, "Called them back", 60)
            .await
            .unwrap();
        let notes = inbox::notes(&db, &[ids[0]]).await.unwrap();
        assert_eq!(notes[0].user_name, "Ravi");

        // Another workspace sees none of it.
        let other = workspaces::create(&db, "Other", 0).await.unwrap();
        assert!(inbox::get(&db, other.id, ids[0]).await.is_err());
        assert!(
            inbox::set_done(&db, other.id, ids[0], true, 1)
                .await
                .is_err()
        );
    }
}

/// A message's tags come with it in the one read of the list, in order, and an untagged message has none.
#[tokio::test]
async fn a_page_of_messages_carries_each_ones_tags_in_order() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let ids = ingest(&db, &t, 1..=3, Some("3"), 5).await;
        for tag in ["zeta", "alpha, with a comma", "mid \"quoted\""] {
            inbox::add_tag(&db, t.workspace, ids[1], tag).await.unwrap();
        }
        let expected = vec![
            "alpha, with a comma".to_string(),
            "mid \"quoted\"".to_string(),
            "zeta".to_string(),
        ];
        let page = inbox::list(&db, t.workspace, t.asha, &Filter::default(), 10)
            .await
            .unwrap();
        for m in &page {
            let want = if m.id == ids[1] {
                expected.clone()
            } else {
                vec![]
            };
            assert_eq!(m.tags, want, "{:?}: message {}", db.kind(), m.remote_id);
        }
        let one = inbox::get(&db, t.workspace, ids[1]).await.unwrap();
        assert_eq!(one.tags, expected, "{:?}", db.kind());
    }
}

#[tokio::test]
async fn a_reply_is_one_delivery_with_its_publish_job_and_stops_the_clock() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let ids = ingest(&db, &t, 3..=5, Some("5"), 5).await;
        let m = inbox::get(&db, t.workspace, ids[1]).await.unwrap();
        let reply = inbox::create_reply(
            &db,
            t.workspace,
            &m,
            t.asha,
            "Thanks {author}",
            sangam_domain::PostStatus::Approved,
            2_000,
        )
        .await
        .unwrap();
        assert_eq!(reply.state, "scheduled");
        assert_eq!(
            inbox::reply_target(&db, reply.delivery_id)
                .await
                .unwrap()
                .as_deref(),
            Some("msg-4")
        );
        let conversation = inbox::conversation(&db, &m).await.unwrap();
        assert_eq!(conversation.len(), 3, "msg-3, msg-4 and msg-5 share conv-1");
        assert!(conversation.iter().all(|c| c.first_reply_at == Some(2_000)));
        let jobs = sangam_store::jobs::counts(&db).await.unwrap();
        assert_eq!(jobs, vec![("queued".to_string(), 1)], "one publish job");
        assert_eq!(inbox::replies(&db, &[m.id]).await.unwrap().len(), 1);
    }
}

/// One exposure figure for the engine and the inbox: the abusive messages a person opened since their local midnight;
/// beside it, the abusive messages handed to them, open and not opened yet, which the engine reserves room for.
#[tokio::test]
async fn exposure_today_is_todays_openings_and_the_abuse_waiting_is_counted_beside_it() {
    const NOW: i64 = 1_700_000_000_000; // 2023-11-14 22:13 UTC
    const MIDNIGHT: i64 = 1_699_920_000_000;
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let mut abusive: Vec<NewMessage> = [5, 10, 15, 20].into_iter().map(message).collect();
        for m in &mut abusive[..3] {
            m.assigned_to = Some(t.asha);
        }
        let ids = inbox::ingest_page(&db, t.workspace, t.profile, &abusive, None, NOW)
            .await
            .unwrap();
        let figures = || async {
            (
                inbox::exposure_today(&db, t.asha, "UTC", NOW)
                    .await
                    .unwrap(),
                inbox::shielded_waiting_for(&db, t.asha).await.unwrap(),
            )
        };
        assert_eq!(figures().await, (0, 3));
        inbox::record_opening(&db, ids[0], t.asha, MIDNIGHT - 1)
            .await
            .unwrap();
        inbox::record_opening(&db, ids[3], t.asha, MIDNIGHT + 1)
            .await
            .unwrap();
        assert_eq!(
            figures().await,
            (1, 2),
            "yesterday's opening is not today's; an opened message no longer waits"
        );
        inbox::set_done(&db, t.workspace, ids[1], true, NOW)
            .await
            .unwrap();
        assert_eq!(figures().await, (1, 1), "a closed one waits no more");
    }
}

#[tokio::test]
async fn rules_keep_their_order_and_the_shield_counts_exposure() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let rule = |tag: &str| Rule {
            conditions: vec![Condition::Keywords {
                any: vec!["refund".into()],
            }],
            actions: vec![Action::Tag { tag: tag.into() }],
        };
        let a = inbox::create_rule(&db, t.workspace, "first", &rule("a"), 1)
            .await
            .unwrap();
        let b = inbox::create_rule(&db, t.workspace, "second", &rule("b"), 2)
            .await
            .unwrap();
        let names = |rs: Vec<inbox::StoredRule>| rs.into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(
            names(inbox::rules(&db, t.workspace).await.unwrap()),
            ["first", "second"]
        );
        inbox::move_rule_up(&db, t.workspace, b).await.unwrap();
        assert_eq!(
            names(inbox::rules(&db, t.workspace).await.unwrap()),
            ["second", "first"]
        );
        inbox::delete_rule(&db, t.workspace, a).await.unwrap();
        assert_eq!(inbox::rules(&db, t.workspace).await.unwrap().len(), 1);

        let ids = ingest(&db, &t, 5..=5, None, 5).await;
        inbox::record_opening(&db, ids[0], t.asha, 100)
            .await
            .unwrap();
        inbox::record_opening(&db, ids[0], t.asha, 101)
            .await
            .unwrap();
        assert_eq!(
            inbox::exposure_since(&db, t.asha, 0).await.unwrap(),
            1,
            "one message, however often opened"
        );
        assert_eq!(inbox::exposure_since(&db, t.asha, 101).await.unwrap(), 1);
        assert_eq!(inbox::exposure_since(&db, t.asha, 102).await.unwrap(), 0);
        assert_eq!(inbox::openings_of(&db, ids[0]).await.unwrap(), 2);

        let m = inbox::get(&db, t.workspace, ids[0]).await.unwrap();
        inbox::record_correction(&db, t.workspace, &m, t.asha, false, 200)
            .await
            .unwrap();
        assert!(!inbox::get(&db, t.workspace, ids[0]).await.unwrap().abusive);
        let c = inbox::corrections_after(&db, 0).await.unwrap();
        assert_eq!(c.len(), 1);
        assert!(!c[0].2);

        assert_eq!(
            inbox::mute_author(&db, t.workspace, &m, "block", t.asha, 300)
                .await
                .unwrap(),
            inbox::OnNetwork::Queued,
            "the network is asked by a job, not yet told"
        );
        inbox::mark_mute_done(&db, t.profile, &m.author_handle, "block")
            .await
            .unwrap();
        assert_eq!(
            inbox::mute_author(&db, t.workspace, &m, "block", t.asha, 301)
                .await
                .unwrap(),
            inbox::OnNetwork::Done,
            "asked again after the network confirmed"
        );
        assert_eq!(
            inbox::muted_authors(&db, t.profile).await.unwrap(),
            vec!["fan5".to_string()]
        );

        assert_eq!(
            inbox::settings(&db, t.workspace)
                .await
                .unwrap()
                .exposure_budget,
            20
        );
        inbox::save_settings(
            &db,
            t.workspace,
            inbox::Settings {
                sla_minutes: 60,
                exposure_budget: 3,
            },
        )
        .await
        .unwrap();
        inbox::set_last_shield_user(&db, t.workspace, t.ravi)
            .await
            .unwrap();
        let s = inbox::settings(&db, t.workspace).await.unwrap();
        assert_eq!((s.sla_minutes, s.exposure_budget), (60, 3));
        assert_eq!(
            inbox::last_shield_user(&db, t.workspace).await.unwrap(),
            Some(t.ravi)
        );

        inbox::save_person(&db, t.ravi, true, 600, 1080)
            .await
            .unwrap();
        let people = inbox::people(&db, t.workspace).await.unwrap();
        assert_eq!(people.len(), 2);
        assert!(!people[0].shield_opt_in);
        assert!(people[1].shield_opt_in);
        assert_eq!(people[1].work_start_min, 600);
    }
}

/// Every message once, in order, walking the list `older` from the top and then `newer` back from the bottom.
async fn walk(db: &Db, t: &Team, filter: &Filter, size: i64) -> (Vec<i64>, Vec<i64>) {
    let mut down = Vec::new();
    let mut cursor = None;
    loop {
        let p = inbox::page(
            db,
            t.workspace,
            t.asha,
            filter,
            cursor,
            inbox::Direction::Older,
            size,
        )
        .await
        .unwrap();
        assert!(p.messages.len() as i64 <= size);
        assert_eq!(
            p.count,
            inbox::count(db, t.workspace, t.asha, filter).await.unwrap(),
            "a page carries the filter's count, wherever it starts"
        );
        down.extend(p.messages.iter().map(|m| m.id));
        match p.older {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let mut up = Vec::new();
    // Start from the bottom: the last row seen going down, then newer pages until there are none.
    let bottom = inbox::get(db, t.workspace, *down.last().unwrap())
        .await
        .unwrap();
    let start = inbox::Cursor {
        received_at: bottom.received_at,
        id: bottom.id,
    };
    up.push(bottom.id);
    let mut cursor = Some(start);
    loop {
        let p = inbox::page(
            db,
            t.workspace,
            t.asha,
            filter,
            cursor,
            inbox::Direction::Newer,
            size,
        )
        .await
        .unwrap();
        up.extend(p.messages.iter().rev().map(|m| m.id));
        match p.newer {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    up.reverse();
    (down, up)
}

/// The newest page of 50 that `viewer` sees with `filter`.
async fn first_page(db: &Db, t: &Team, viewer: i64, filter: &Filter) -> inbox::Page {
    inbox::page(
        db,
        t.workspace,
        viewer,
        filter,
        None,
        inbox::Direction::Older,
        50,
    )
    .await
    .unwrap()
}

async fn table_count(db: &Db, workspace: i64, hidden: bool, status: Option<&str>) -> i64 {
    let sql = "SELECT COUNT(*) FROM messages WHERE workspace_id = $1 AND hidden = $2 AND ($3 = '' OR status = $3)";
    let sql = Sql::new(sql)
        .bind(workspace)
        .bind(hidden)
        .bind(status.unwrap_or(""));
    let (n,): (i64,) = db.fetch_one(sql).await.unwrap();
    n
}

#[tokio::test]
async fn the_inbox_pages_through_a_thousand_messages_without_gaps_or_repeats() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        // Three messages share each arrival time, so the order leans on the id as well, and pages end mid-tie.
        let mut all = Vec::new();
        for chunk in 0..10 {
            let messages: Vec<NewMessage> = (chunk * 100 + 1..=chunk * 100 + 100)
                .map(|n| NewMessage {
                    received_at: 1_000 + n / 3,
                    ..message(n)
                })
                .collect();
            all.extend(
                inbox::ingest_page(&db, t.workspace, t.profile, &messages, None, 5)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(all.len(), 1000);

        let (down, up) = walk(&db, &t, &Filter::default(), 50).await;
        assert_eq!(down.len(), 1000, "every message once going down");
        let mut unique = down.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 1000, "no repeats");
        let mut stored = all.clone();
        stored.sort();
        assert_eq!(unique, stored, "no gaps");
        assert_eq!(up, down, "walking back up gives the same list");
        let first = first_page(&db, &t, t.asha, &Filter::default()).await;
        assert_eq!(first.newer, None, "nothing is newer than the top page");
        assert_eq!(first.messages[0].remote_id, "msg-1000");

        let count = inbox::count(&db, t.workspace, t.asha, &Filter::default())
            .await
            .unwrap();
        assert_eq!(count.n, table_count(&db, t.workspace, false, None).await);
        assert_eq!(
            (count.n, count.exact, count.source),
            (1000, true, "counter")
        );

        // The maintained counts follow closing, reopening and hiding.
        for id in &all[..30] {
            inbox::set_done(&db, t.workspace, *id, true, 9)
                .await
                .unwrap();
        }
        inbox::set_done(&db, t.workspace, all[0], false, 9)
            .await
            .unwrap();
        for id in &all[100..110] {
            inbox::set_hidden(&db, t.workspace, *id, true)
                .await
                .unwrap();
        }
        for (hidden, status) in [
            (false, None),
            (false, Some("open")),
            (false, Some("done")),
            (true, None),
        ] {
            let f = Filter {
                hidden: Some(hidden),
                status: status.map(str::to_string),
                ..Default::default()
            };
            let c = inbox::count(&db, t.workspace, t.asha, &f).await.unwrap();
            assert_eq!(
                c.n,
                table_count(&db, t.workspace, hidden, status).await,
                "{hidden} {status:?}"
            );
            let (down, _) = walk(&db, &t, &f, 50).await;
            assert_eq!(
                down.len() as i64,
                c.n,
                "paging a filter sees exactly its count"
            );
        }
        assert_eq!(
            inbox::count(&db, t.workspace, t.asha, &Filter::default())
                .await
                .unwrap()
                .n,
            990
        );

        // Any other filter is counted over its rows (bounded), and pages the same way.
        let mentions = Filter {
            kind: Some("mention".into()),
            ..Default::default()
        };
        let c = inbox::count(&db, t.workspace, t.asha, &mentions)
            .await
            .unwrap();
        assert_eq!((c.source, c.exact), ("bounded", true));
        let (down, up) = walk(&db, &t, &mentions, 50).await;
        assert_eq!(down.len() as i64, c.n);
        assert_eq!(up, down);
    }
}

#[tokio::test]
async fn a_page_withholds_what_its_reader_has_not_opened_and_only_that() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        // Messages 5 and 10 are abusive.
        let ids = ingest(&db, &t, 1..=10, None, 5).await;
        let read = |viewer: i64| {
            let (db, t) = (db.clone(), &t);
            async move {
                let p = first_page(&db, t, viewer, &Filter::default()).await;
                p.messages
                    .into_iter()
                    .map(|m| (m.remote_id, m.shielded, m.text.is_empty()))
                    .collect::<Vec<_>>()
            }
        };
        let shielded = |rows: &[(String, bool, bool)]| {
            rows.iter()
                .filter(|r| r.1)
                .map(|r| r.0.clone())
                .collect::<Vec<_>>()
        };
        let before = read(t.asha).await;
        assert_eq!(shielded(&before), ["msg-10", "msg-5"]);
        assert!(
            before.iter().all(|r| r.1 == r.2),
            "shielded rows and only they have no text"
        );
        inbox::record_opening(&db, ids[9], t.asha, 6).await.unwrap();
        assert_eq!(
            shielded(&read(t.asha).await),
            ["msg-5"],
            "Asha opened message 10"
        );
        assert_eq!(
            shielded(&read(t.ravi).await),
            ["msg-10", "msg-5"],
            "Ravi opened nothing"
        );
        let empty = first_page(&db, &t, t.asha, &with(|f| f.lang = Some("none".into()))).await;
        assert!(empty.messages.is_empty());
        assert_eq!((empty.count.n, empty.count.exact), (0, true));
    }
}

#[tokio::test]
async fn the_inbox_pages_surroundings_are_what_each_read_gives() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let viewer = users::create(
            &db,
            NewUser {
                workspace_id: t.workspace,
                email: "vik@example.com",
                name: "Vik",
                password_hash: "x",
                role: Role::Viewer,
            },
            0,
        )
        .await
        .unwrap();
        let before = inbox::surroundings(&db, t.workspace, viewer.id)
            .await
            .unwrap();
        assert_eq!(before.settings, inbox::Settings::default());
        assert!(before.tags.is_empty());

        inbox::save_settings(
            &db,
            t.workspace,
            inbox::Settings {
                sla_minutes: 30,
                exposure_budget: 4,
            },
        )
        .await
        .unwrap();
        inbox::save_person(&db, t.ravi, true, 480, 960)
            .await
            .unwrap();
        let mut messages = page(1..=3);
        messages[0].tags = vec!["urgent".into(), "billing".into()];
        messages[2].tags = vec!["praise".into()];
        inbox::ingest_page(&db, t.workspace, t.profile, &messages, None, 5)
            .await
            .unwrap();
        let all = sangam_store::profiles::list(&db, t.workspace)
            .await
            .unwrap();
        let secrets = sangam_store::secrets::SecretBox::from_hex(
            &sangam_store::secrets::SecretBox::generate_hex(),
        )
        .unwrap();
        sangam_store::profiles::remove(&db, &secrets, t.workspace, all[1].id, 9)
            .await
            .unwrap();

        for who in [viewer.id, t.ravi] {
            let s = inbox::surroundings(&db, t.workspace, who).await.unwrap();
            assert_eq!(s.settings, inbox::settings(&db, t.workspace).await.unwrap());
            assert_eq!(s.people, inbox::people(&db, t.workspace).await.unwrap());
            assert_eq!(s.viewer, inbox::person(&db, who).await.unwrap());
            assert_eq!(
                s.profiles,
                sangam_store::profiles::list(&db, t.workspace)
                    .await
                    .unwrap()
            );
            assert_eq!(s.tags, inbox::tags(&db, t.workspace).await.unwrap());
            assert_eq!(s.tags, ["billing", "praise", "urgent"]);
            assert_eq!(s.profiles.len(), 1, "the removed profile is not offered");
            assert!(
                s.people.iter().all(|p| p.user_id != viewer.id),
                "a viewer does not answer the inbox"
            );
        }
        assert!(
            inbox::surroundings(&db, t.workspace, 999_999)
                .await
                .is_err(),
            "nobody's page has no surroundings"
        );
    }
}
