//! The audience report in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: every figure and a segment's
//! share recomputed here from the raw rows by the published formulas, for a period that is a day in Asia/Kolkata
//! (18:30 UTC to 18:30 UTC, so it straddles a UTC midnight and hours and weekdays differ from UTC's).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jiff::tz::TimeZone;
use sangam_domain::audience::{EngagementKind, Segment};
use sangam_store::audience::{self as store, NewEngagement};
use sangam_store::posts::{self, NewPost};
use sangam_store::{Db, Sql, testing};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// 2026-03-01 00:00 in Kolkata (UTC+05:30) = 2026-02-28 18:30 UTC, a Sunday in Kolkata.
const FROM: i64 = 1_772_303_400_000;
const TO: i64 = FROM + 86_400_000;
const KOLKATA_OFFSET: i64 = 5 * 3_600_000 + 30 * 60_000;
const HOUR: i64 = 3_600_000;

async fn published_post(
    db: &Db,
    ws: i64,
    author: i64,
    profile: i64,
    text: &str,
    tag: &str,
    remote: &str,
) -> (i64, i64) {
    let profiles = [profile];
    let tags = [tag.to_string()];
    let post = posts::create(
        db,
        NewPost {
            tags: &tags,
            ..NewPost::text(ws, author, text, FROM - 10 * HOUR, &profiles)
        },
        FROM - 20 * HOUR,
    )
    .await
    .unwrap();
    let delivery = post.deliveries[0].id;
    db.execute(
        Sql::new("UPDATE deliveries SET state = 'published', remote_id = $1, published_at = $2 WHERE id = $3")
            .bind(remote)
            .bind(FROM - 10 * HOUR)
            .bind(delivery),
    )
    .await
    .unwrap();
    (post.id, delivery)
}

struct Person {
    handle: &'static str,
    bio: Option<&'static str>,
    followers: Option<i64>,
    /// Language from their own text (wins) and from their bio.
    text_lang: Option<&'static str>,
    bio_lang: Option<&'static str>,
}

const PEOPLE: [Person; 6] = [
    Person {
        handle: "asha",
        bio: Some("Food blogger in Pune"),
        followers: Some(450),
        text_lang: None,
        bio_lang: Some("en"),
    },
    Person {
        handle: "ravi",
        bio: Some("पुणे से हूँ"),
        followers: Some(90),
        text_lang: Some("hi"),
        bio_lang: Some("hi"),
    },
    Person {
        handle: "meena",
        bio: Some("Chai se pyaar, Pune"),
        followers: Some(2_000),
        text_lang: Some("hi"),
        bio_lang: Some("en"),
    },
    Person {
        handle: "tom",
        bio: Some("Cyclist in London"),
        followers: Some(300),
        text_lang: Some("en"),
        bio_lang: Some("en"),
    },
    Person {
        handle: "zed",
        bio: None,
        followers: None,
        text_lang: None,
        bio_lang: None,
    },
    Person {
        handle: "old_friend",
        bio: Some("Pune"),
        followers: Some(150),
        text_lang: None,
        bio_lang: Some("en"),
    },
];

#[tokio::test]
async fn audience_figures_and_a_segment_share_match_the_formulas_from_the_raw_rows() {
    let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let (a, b) = (t.profiles[0], t.profiles[1]);
        let (post1, d1) = published_post(
            &db,
            t.workspace,
            t.author,
            a,
            "Monsoon menu",
            "monsoon",
            "sbx-1",
        )
        .await;
        let (post2, d2) =
            published_post(&db, t.workspace, t.author, a, "Chai week", "chai", "sbx-2").await;
        let (post3, d3) = published_post(
            &db,
            t.workspace,
            t.author,
            b,
            "Hello from the other profile",
            "monsoon",
            "sbx-3",
        )
        .await;

        let mut ids = HashMap::new();
        for p in &PEOPLE {
            let id = store::engager(&db, t.workspace, a, p.handle, p.handle, 0)
                .await
                .unwrap();
            if p.bio.is_some() || p.followers.is_some() {
                store::looked_up(&db, id, p.bio, p.followers, p.bio_lang, 0)
                    .await
                    .unwrap();
            }
            if let Some(l) = p.text_lang {
                store::wrote_in(&db, id, l).await.unwrap();
                // A later lookup does not replace the language of their own words with their bio's.
                store::looked_up(&db, id, p.bio, p.followers, Some("xx"), 1)
                    .await
                    .unwrap();
            }
            ids.insert(p.handle, id);
        }
        let on_b = store::engager(&db, t.workspace, b, "asha", "Asha", 0)
            .await
            .unwrap();

        let e = |who: i64,
                 profile: i64,
                 kind: EngagementKind,
                 subject: &'static str,
                 delivery: Option<i64>,
                 at: i64| { (who, profile, kind, subject, delivery, at) };
        let raw = vec![
            // Before the period: old_friend and asha engaged already (returning engagers).
            e(
                ids["old_friend"],
                a,
                EngagementKind::Like,
                "sbx-0",
                None,
                FROM - 1,
            ),
            e(
                ids["asha"],
                a,
                EngagementKind::Mention,
                "m-0",
                None,
                FROM - 5 * HOUR,
            ),
            // In the period, on both sides of the UTC midnight (FROM + 5:30).
            e(
                ids["asha"],
                a,
                EngagementKind::Like,
                "sbx-1",
                Some(d1),
                FROM,
            ),
            e(
                ids["asha"],
                a,
                EngagementKind::Repost,
                "sbx-1",
                Some(d1),
                FROM + HOUR,
            ),
            e(
                ids["asha"],
                a,
                EngagementKind::Like,
                "sbx-2",
                Some(d2),
                FROM + 6 * HOUR,
            ),
            e(
                ids["ravi"],
                a,
                EngagementKind::Reply,
                "r-1",
                Some(d1),
                FROM + 5 * HOUR + 29 * 60_000,
            ),
            e(
                ids["ravi"],
                a,
                EngagementKind::Like,
                "sbx-1",
                Some(d1),
                FROM + 5 * HOUR + 31 * 60_000,
            ),
            e(
                ids["meena"],
                a,
                EngagementKind::Quote,
                "q-1",
                Some(d1),
                FROM + 12 * HOUR,
            ),
            e(
                ids["meena"],
                a,
                EngagementKind::Like,
                "sbx-2",
                Some(d2),
                FROM + 23 * HOUR,
            ),
            e(
                ids["tom"],
                a,
                EngagementKind::Like,
                "sbx-2",
                Some(d2),
                FROM + 2 * HOUR,
            ),
            e(
                ids["zed"],
                a,
                EngagementKind::Mention,
                "m-1",
                None,
                FROM + 3 * HOUR,
            ),
            e(
                ids["old_friend"],
                a,
                EngagementKind::Repost,
                "sbx-2",
                Some(d2),
                TO - 1,
            ),
            e(
                on_b,
                b,
                EngagementKind::Like,
                "sbx-3",
                Some(d3),
                FROM + 4 * HOUR,
            ),
            // After the period: left out.
            e(ids["tom"], a, EngagementKind::Repost, "sbx-1", Some(d1), TO),
        ];
        for (who, profile, kind, subject, delivery_id, at) in &raw {
            let new = NewEngagement {
                workspace_id: t.workspace,
                profile_id: *profile,
                engager_id: *who,
                kind: *kind,
                subject,
                delivery_id: *delivery_id,
                at: *at,
            };
            assert!(store::record(&db, &new).await.unwrap());
            // The same like seen again (another page, another run) is stored once.
            assert!(
                !store::record(
                    &db,
                    &NewEngagement {
                        at: at + 7,
                        ..new.clone()
                    }
                )
                .await
                .unwrap()
            );
        }

        // Follower lists of profile a: one before the period, an incomplete one inside it (not compared), one at its
        // end. Profile b's network lists no followers.
        let list = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        store::record_followers(
            &db,
            a,
            FROM - HOUR,
            &list(&["asha", "tom", "gone1", "gone2"]),
            true,
        )
        .await
        .unwrap();
        store::record_followers(&db, a, FROM + HOUR, &list(&["asha"]), false)
            .await
            .unwrap();
        store::record_followers(
            &db,
            a,
            TO - HOUR,
            &list(&["asha", "ravi", "meena", "tom", "tom"]),
            true,
        )
        .await
        .unwrap();

        let segment = Segment {
            id: 0,
            name: "Pune followers".into(),
            languages: vec!["hi".into(), "en".into()],
            bio_words: vec![],
            places: vec!["pune".into()],
            min_followers: Some(100),
            max_followers: None,
            followers: Some(true),
        };
        let seg_id = store::save_segment(&db, t.workspace, None, &segment, Some(t.author), 0)
            .await
            .unwrap();
        let segments = store::segments(&db, t.workspace).await.unwrap();
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].id, seg_id);
        assert_eq!(segments[0].places, vec!["pune".to_string()]);

        let report = store::report(
            &db,
            t.workspace,
            &[(a, true), (b, false)],
            FROM,
            TO,
            &kolkata,
            &segments,
        )
        .await
        .unwrap();

        // --- The oracle, from the raw tables. ------------------------------------------------------------------
        let rows: Vec<(i64, i64, String, i64, Option<i64>)> = db
            .fetch_all(
                Sql::new(
                    "SELECT engager_id, profile_id, kind, at, delivery_id FROM engagements WHERE workspace_id = $1",
                )
                .bind(t.workspace),
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), raw.len(), "each engagement once");
        let in_period: Vec<_> = rows.iter().filter(|r| r.3 >= FROM && r.3 < TO).collect();
        let engagers: BTreeSet<i64> = in_period.iter().map(|r| r.0).collect();
        assert_eq!(report.figures.engagements, in_period.len() as i64);
        assert_eq!(report.figures.engagements, 11);
        assert_eq!(report.figures.engagers, engagers.len() as i64);
        for kind in EngagementKind::ALL {
            let n = in_period.iter().filter(|r| r.2 == kind.as_str()).count() as i64;
            assert!(report.figures.by_kind.contains(&(kind, n)), "{kind:?}");
        }
        let returning = engagers
            .iter()
            .filter(|id| rows.iter().any(|r| r.0 == **id && r.3 < FROM))
            .count() as i64;
        assert_eq!(report.figures.returning_engagers, returning);
        assert_eq!(returning, 2, "asha and old_friend");
        assert_eq!(
            report.figures.new_engagers,
            engagers.len() as i64 - returning
        );

        // Hours and weekdays in Kolkata, by hand: shift by +05:30, then whole hours; 1970-01-01 was a Thursday.
        let mut hours = vec![0i64; 24];
        let mut weekdays = vec![0i64; 7];
        for r in &in_period {
            let local = r.3 + KOLKATA_OFFSET;
            hours[(local.rem_euclid(86_400_000) / HOUR) as usize] += 1;
            weekdays[((local.div_euclid(86_400_000) + 3).rem_euclid(7)) as usize] += 1;
        }
        assert_eq!(report.figures.hours, hours);
        assert_eq!(report.figures.weekdays, weekdays);
        assert_eq!(weekdays[6], 11, "the whole Kolkata day is a Sunday");

        // Top engagers: most engagements first, then the lower id.
        let mut counts: Vec<(i64, i64)> = engagers
            .iter()
            .map(|id| (*id, in_period.iter().filter(|r| r.0 == *id).count() as i64))
            .collect();
        counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let top: Vec<(i64, i64)> = report
            .figures
            .top
            .iter()
            .map(|t| (t.engager_id, t.engagements))
            .collect();
        assert_eq!(top, counts);
        assert_eq!(report.top_engagers[0].handle, "asha");

        // Languages: each engager's own text's language, else their bio's; unknown is "und".
        let langs: Vec<(i64, Option<String>)> = db
            .fetch_all(
                Sql::new("SELECT id, lang FROM engagers WHERE workspace_id = $1").bind(t.workspace),
            )
            .await
            .unwrap();
        let mut by_lang: BTreeMap<String, i64> = BTreeMap::new();
        for id in &engagers {
            let l = langs
                .iter()
                .find(|(i, _)| i == id)
                .and_then(|(_, l)| l.clone());
            *by_lang
                .entry(l.unwrap_or_else(|| "und".into()))
                .or_default() += 1;
        }
        let got: BTreeMap<String, i64> = report.figures.languages.iter().cloned().collect();
        assert_eq!(got, by_lang);
        assert_eq!(by_lang.get("hi"), Some(&2), "ravi and meena wrote in Hindi");
        assert_eq!(
            by_lang.get("und"),
            Some(&2),
            "zed, and asha on the other profile (never looked up)"
        );

        // Followers gained and lost: the complete list at or before FROM against the last complete one before TO.
        let members = |at: i64| {
            let db = db.clone();
            async move {
                let rows: Vec<(String,)> = db
                    .fetch_all(
                        Sql::new(
                            "SELECT m.handle FROM follower_snapshot_members m JOIN follower_snapshots s
                             ON s.id = m.snapshot_id WHERE s.profile_id = $1 AND s.taken_at = $2",
                        )
                        .bind(a)
                        .bind(at),
                    )
                    .await
                    .unwrap();
                rows.into_iter().map(|(h,)| h).collect::<BTreeSet<String>>()
            }
        };
        let (start, end) = (members(FROM - HOUR).await, members(TO - HOUR).await);
        let gained = end.difference(&start).count() as i64;
        let lost = start.difference(&end).count() as i64;
        let fa = report.profiles.iter().find(|f| f.profile_id == a).unwrap();
        assert_eq!((fa.gained, fa.lost), (Some(gained), Some(lost)));
        assert_eq!((gained, lost), (2, 2));
        let fb = report.profiles.iter().find(|f| f.profile_id == b).unwrap();
        assert_eq!(
            (fb.gained, fb.lost),
            (None, None),
            "not reported by this network"
        );

        // The segment: Hindi or English, Pune in the bio, 100 followers or more, following at the end of the period.
        let people: Vec<EngagerRow> = db
            .fetch_all(
                Sql::new(
                    "SELECT id, bio, followers, lang, handle FROM engagers WHERE workspace_id = $1",
                )
                .bind(t.workspace),
            )
            .await
            .unwrap();
        let matches = |id: i64| {
            let (_, bio, followers, lang, handle) = people.iter().find(|p| p.0 == id).unwrap();
            let bio = bio.clone().unwrap_or_default().to_lowercase();
            let in_pune = bio
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "pune");
            lang.as_deref().is_some_and(|l| l == "hi" || l == "en")
                && in_pune
                && followers.is_some_and(|f| f >= 100)
                && end.contains(handle)
        };
        let reached = in_period.iter().filter(|r| matches(r.0)).count() as i64;
        let seg = &report.segments[0];
        assert_eq!(seg.overall.reached, reached);
        assert_eq!(seg.overall.engagements, in_period.len() as i64);
        assert_eq!(
            seg.overall.percent,
            Some(reached as f64 / in_period.len() as f64 * 100.0)
        );
        // asha (3 on a, Pune, 450, follower) and meena (2, Pune in Latin letters, 2,000, follower); ravi's bio says
        // पुणे, not Pune, and he has 90 followers; old_friend no longer follows; asha on profile b is another engager
        // whose profile has no follower list.
        assert_eq!(reached, 5);
        // Per post and per campaign.
        let post_of = |d: Option<i64>| match d {
            Some(d) if d == d1 => Some(post1),
            Some(d) if d == d2 => Some(post2),
            Some(_) => Some(post3),
            None => None,
        };
        for (post, share) in &seg.posts {
            let of: Vec<_> = in_period
                .iter()
                .filter(|r| post_of(r.4) == Some(*post))
                .collect();
            assert_eq!(share.engagements, of.len() as i64, "post {post}");
            assert_eq!(
                share.reached,
                of.iter().filter(|r| matches(r.0)).count() as i64
            );
        }
        assert_eq!(
            seg.posts[0].0, post1,
            "the post that reached the segment best comes first"
        );
        let monsoon: Vec<_> = in_period
            .iter()
            .filter(|r| r.4 == Some(d1) || r.4 == Some(d3))
            .collect();
        let line = seg.campaigns.iter().find(|(c, _)| c == "monsoon").unwrap();
        assert_eq!(line.1.engagements, monsoon.len() as i64);
        assert_eq!(
            line.1.reached,
            monsoon.iter().filter(|r| matches(r.0)).count() as i64
        );
        // Over time: every engagement of the Kolkata day is on 2026-03-01.
        assert_eq!(seg.days.len(), 1);
        assert_eq!(seg.days[0].0, "2026-03-01");
        assert_eq!(seg.days[0].1, seg.overall);
    }
}

#[tokio::test]
async fn a_segment_name_is_unique_in_its_workspace() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let s = Segment {
            id: 0,
            name: "Students".into(),
            languages: vec![],
            bio_words: vec!["student".into()],
            places: vec![],
            min_followers: None,
            max_followers: Some(500),
            followers: None,
        };
        let id = store::save_segment(&db, t.workspace, None, &s, None, 0)
            .await
            .unwrap();
        assert!(
            store::save_segment(&db, t.workspace, None, &s, None, 0)
                .await
                .is_err()
        );
        // Saving it over itself is fine.
        store::save_segment(&db, t.workspace, Some(id), &s, None, 1)
            .await
            .unwrap();
        store::delete_segment(&db, t.workspace, id).await.unwrap();
        assert!(store::segments(&db, t.workspace).await.unwrap().is_empty());
    }
}

/// An engager as the oracle reads it: id, bio, followers, language, handle.
type EngagerRow = (i64, Option<String>, Option<i64>, Option<String>, String);
