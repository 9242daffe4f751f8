//! Oracle tests for the reports: raw rows are written straight into the tables, then every figure is recomputed here
//! from the published formulas (written out again in this file, not borrowed from `sangam_domain::metrics`) and must
//! equal the report exactly, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL. Covers empty periods, a single
//! post, deleted posts, inbox replies, posts never measured, networks without impressions and time-zone boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::tz::TimeZone;
use sangam_domain::business_hours::BusinessHours;
use sangam_domain::metrics::Figure;
use sangam_domain::reports::{self, Hours, Period, PostSort, ProfileRef};
use sangam_domain::{NetworkKind, Role};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, reports as store, testing, workspaces};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// Monday 2 November 2026, 00:00 UTC.
const T0: i64 = 1_793_577_600_000;

async fn run(db: &Db, sql: String) {
    db.execute(Sql::assembled(sql)).await.unwrap();
}

async fn insert(db: &Db, sql: String) -> i64 {
    let (id,): (i64,) = db.fetch_one(Sql::assembled(sql)).await.unwrap();
    id
}

/// A small deterministic generator, so the data is varied but the same on every run and database.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as i64
    }
}

/// (taken_at, likes, reposts, replies, quotes, impressions)
type Counts = (i64, i64, i64, i64, i64, Option<i64>);

#[derive(Clone, Debug)]
struct Snap {
    profile: i64,
    at: i64,
    followers: i64,
}

#[derive(Clone, Debug)]
struct Delivery {
    id: i64,
    profile: i64,
    published_at: Option<i64>,
    deleted: bool,
    reply: bool,
    tags: Vec<String>,
    /// (taken_at, likes, reposts, replies, quotes, impressions)
    snaps: Vec<Counts>,
}

#[derive(Clone, Debug)]
struct Msg {
    profile: i64,
    kind: &'static str,
    received_at: i64,
    hidden: bool,
    reply: Option<(i64, i64)>, // (at, user)
}

struct World {
    workspace: i64,
    users: Vec<(i64, String)>,
    profiles: Vec<ProfileRef>,
    outsider: i64,
    snaps: Vec<Snap>,
    deliveries: Vec<Delivery>,
    messages: Vec<Msg>,
}

async fn world(db: &Db, seed: u64) -> World {
    let mut rng = Lcg(seed);
    let ws = workspaces::create(db, "Acme", 0).await.unwrap();
    let mut users_out = vec![];
    for name in ["Asha", "Ravi"] {
        let u = users::create(
            db,
            NewUser {
                workspace_id: ws.id,
                email: &format!("{name}-{seed}@example.com"),
                name,
                password_hash: "x",
                role: Role::Member,
            },
            0,
        )
        .await
        .unwrap();
        users_out.push((u.id, name.to_string()));
    }
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    let mut refs = vec![];
    for (network, handle) in [
        (NetworkKind::Sandbox, "acme"),
        (NetworkKind::Mastodon, "acme@social"),
        (NetworkKind::Bluesky, "other.bsky"),
    ] {
        let p = profiles::create(
            db,
            &secrets,
            NewProfile {
                workspace_id: ws.id,
                network,
                handle,
                display_name: handle,
                credentials: &serde_json::json!({}),
            },
            0,
        )
        .await
        .unwrap();
        refs.push(ProfileRef {
            profile_id: p.id,
            name: p.display_name,
            network,
        });
    }
    let outsider = refs.pop().unwrap().profile_id;
    let all_profiles: Vec<i64> = refs
        .iter()
        .map(|p| p.profile_id)
        .chain([outsider])
        .collect();

    // Follower snapshots every ~6 hours from 3 days before to 10 days after T0.
    let mut snaps = vec![];
    for &profile in &all_profiles {
        let mut followers = 500 + rng.next(1000);
        let mut at = T0 - 3 * DAY + rng.next(HOUR);
        while at < T0 + 10 * DAY {
            followers += rng.next(20) - 6;
            snaps.push(Snap {
                profile,
                at,
                followers,
            });
            // Through the store, as the collector records them, so the daily rollups are kept.
            let snapshot = sangam_store::snapshots::ProfileSnapshot {
                profile_id: profile,
                taken_at: at,
                followers,
                following: 1,
                posts: 1,
            };
            sangam_store::snapshots::record_profile(db, &snapshot)
                .await
                .unwrap();
            at += 6 * HOUR - rng.next(HOUR);
        }
    }

    let mut deliveries = vec![];
    for n in 0..40 {
        let profile = all_profiles[rng.next(all_profiles.len() as i64) as usize];
        let published = rng.next(10) != 0;
        let published_at = published.then(|| T0 - 2 * DAY + rng.next(11 * DAY));
        let deleted = rng.next(8) == 0;
        let reply = rng.next(10) == 0;
        let mut tags = vec![];
        for t in ["launch", "diwali"] {
            if rng.next(3) == 0 {
                tags.push(t.to_string());
            }
        }
        let author = users_out[0].0;
        let deleted_at = if deleted {
            T0.to_string()
        } else {
            "NULL".into()
        };
        let post = insert(db, format!("INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at, deleted_at) VALUES ({}, {author}, 'post {n}', {T0}, {T0}, {deleted_at}) RETURNING id", ws.id)).await;
        for t in &tags {
            run(
                db,
                format!("INSERT INTO post_tags (post_id, tag) VALUES ({post}, '{t}')"),
            )
            .await;
        }
        let state = if published { "published" } else { "failed" };
        let pub_sql = published_at.map_or("NULL".into(), |p| p.to_string());
        let in_reply = if reply { "'remote-1'" } else { "NULL" };
        let id = insert(db, format!("INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, published_at, in_reply_to) VALUES ({post}, {profile}, '{state}', 'k-{seed}-{n}', {T0}, {T0}, {pub_sql}, {in_reply}) RETURNING id")).await;
        let mut d_snaps = vec![];
        if let Some(p) = published_at {
            // Impressions only on the first profile, and only sometimes: the rest report none.
            let reports_views = profile == all_profiles[0] && rng.next(2) == 0;
            let mut at = p + HOUR;
            let (mut l, mut r, mut c, mut q) = (0, 0, 0, 0);
            for _ in 0..rng.next(4) {
                l += rng.next(30);
                r += rng.next(8);
                c += rng.next(5);
                q += rng.next(3);
                let imp = reports_views.then(|| (l + r + c + q) * 20 + rng.next(50));
                d_snaps.push((at, l, r, c, q, imp));
                // Through the store, as the collector stores them, so each post's rollup is kept with its
                // snapshots; the oracle below recomputes from `d_snaps`, the raw rows.
                let snapshot = sangam_store::snapshots::PostSnapshot {
                    delivery_id: id,
                    taken_at: at,
                    likes: l,
                    reposts: r,
                    replies: c,
                    quotes: q,
                    impressions: imp,
                };
                sangam_store::snapshots::record_post(db, &snapshot)
                    .await
                    .unwrap();
                at += 5 * HOUR;
            }
        }
        deliveries.push(Delivery {
            id,
            profile,
            published_at,
            deleted,
            reply,
            tags,
            snaps: d_snaps,
        });
    }

    let mut messages = vec![];
    for n in 0..30 {
        let profile = all_profiles[rng.next(all_profiles.len() as i64) as usize];
        let kind = ["mention", "reply", "direct_message"][rng.next(3) as usize];
        let received_at = T0 - DAY + rng.next(9 * DAY);
        let hidden = rng.next(6) == 0;
        let answered = rng.next(3) != 0;
        let reply = answered.then(|| {
            (
                received_at + 60_000 * (1 + rng.next(600)),
                users_out[rng.next(2) as usize].0,
            )
        });
        let first = reply.map_or("NULL".into(), |r| r.0.to_string());
        let hidden_sql = if hidden { "TRUE" } else { "FALSE" };
        let id = insert(db, format!("INSERT INTO messages (workspace_id, profile_id, remote_id, kind, author_handle, author_name, text, conversation_id, received_at, ingested_at, lang, script, sentiment_compound, sentiment_label, hidden, first_reply_at) VALUES ({}, {profile}, 'm-{n}', '{kind}', 'fan', 'Fan', 'hello', 'conv-{n}', {received_at}, {received_at}, 'en', 'Latn', 0.0, 'neutral', {hidden_sql}, {first}) RETURNING id", ws.id)).await;
        if let Some((at, user)) = reply {
            let post = insert(db, format!("INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at) VALUES ({}, {user}, 'thanks', {at}, {at}) RETURNING id", ws.id)).await;
            let d = insert(db, format!("INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, published_at, in_reply_to) VALUES ({post}, {profile}, 'published', 'r-{seed}-{n}', {at}, {at}, {at}, 'm-{n}') RETURNING id")).await;
            run(db, format!("INSERT INTO message_replies (message_id, delivery_id, user_id, created_at) VALUES ({id}, {d}, {user}, {at})")).await;
        }
        messages.push(Msg {
            profile,
            kind,
            received_at,
            hidden,
            reply,
        });
    }
    World {
        workspace: ws.id,
        users: users_out,
        profiles: refs,
        outsider,
        snaps,
        deliveries,
        messages,
    }
}

// ----- The formulas, written out again from the catalogue's text. -----

fn med(mut v: Vec<f64>) -> Figure {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n == 0 {
        Figure::NoData
    } else if n % 2 == 1 {
        Figure::Percent(v[n / 2])
    } else {
        Figure::Percent((v[n / 2 - 1] + v[n / 2]) / 2.0)
    }
}

/// The posts a report over `period` and `profiles` must contain: published in the period, not deleted, not a reply.
fn expected_posts<'a>(w: &'a World, period: Period, profiles: &[i64]) -> Vec<&'a Delivery> {
    w.deliveries
        .iter()
        .filter(|d| {
            profiles.contains(&d.profile)
                && !d.deleted
                && !d.reply
                && d.published_at
                    .is_some_and(|p| p >= period.from && p < period.to)
        })
        .collect()
}

fn latest(d: &Delivery) -> Option<Counts> {
    d.snaps.iter().max_by_key(|s| s.0).copied()
}

fn followers_at(w: &World, profile: i64, at: i64) -> Option<i64> {
    w.snaps
        .iter()
        .filter(|s| s.profile == profile && s.at <= at)
        .max_by_key(|s| s.at)
        .map(|s| s.followers)
}

struct Expected {
    followers: Option<i64>,
    start: Option<i64>,
    growth: Figure,
    posts: i64,
    engagements: i64,
    er_follower: Figure,
    er_impression: Figure,
    impressions: Figure,
    applause: Figure,
    amplification: Figure,
    conversation: Figure,
}

fn expected(w: &World, period: Period, profiles: &[i64]) -> Expected {
    let mut start = None;
    let mut end = None;
    for &p in profiles {
        let in_period: Vec<&Snap> = w
            .snaps
            .iter()
            .filter(|s| s.profile == p && s.at >= period.from && s.at < period.to)
            .collect();
        if let (Some(first), Some(last)) = (
            in_period.iter().min_by_key(|s| s.at),
            in_period.iter().max_by_key(|s| s.at),
        ) {
            start = Some(start.unwrap_or(0) + first.followers);
            end = Some(end.unwrap_or(0) + last.followers);
        }
    }
    let growth = match (start, end) {
        (Some(s), Some(e)) if s > 0 => Figure::Percent((e - s) as f64 / s as f64 * 100.0),
        _ => Figure::NoData,
    };
    let posts = expected_posts(w, period, profiles);
    let measured: Vec<(&Delivery, Counts)> = posts
        .iter()
        .filter_map(|d| Some((*d, latest(d)?)))
        .collect();
    let rate = |part: &dyn Fn(&Counts) -> i64| {
        med(measured
            .iter()
            .filter_map(|(d, s)| {
                let f = followers_at(w, d.profile, d.published_at?)?;
                (f > 0).then(|| part(s) as f64 / f as f64 * 100.0)
            })
            .collect())
    };
    let with_views: Vec<_> = measured.iter().filter(|(_, s)| s.5.is_some()).collect();
    let (impressions, er_impression) = if with_views.is_empty() {
        (Figure::NotReported, Figure::NotReported)
    } else {
        (
            Figure::Count(with_views.iter().map(|(_, s)| s.5.unwrap()).sum::<i64>()),
            med(with_views
                .iter()
                .filter(|(_, s)| s.5.unwrap() > 0)
                .map(|(_, s)| (s.1 + s.2 + s.3 + s.4) as f64 / s.5.unwrap() as f64 * 100.0)
                .collect()),
        )
    };
    Expected {
        followers: end,
        start,
        growth,
        posts: posts.len() as i64,
        engagements: measured.iter().map(|(_, s)| s.1 + s.2 + s.3 + s.4).sum(),
        er_follower: rate(&|s| s.1 + s.2 + s.3 + s.4),
        er_impression,
        impressions,
        applause: rate(&|s| s.1),
        amplification: rate(&|s| s.2),
        conversation: rate(&|s| s.3),
    }
}

fn assert_figures(got: &reports::ProfileFigures, want: &Expected, what: &str) {
    // Each figure of the report against the one recomputed here, named in the failure.
    macro_rules! same {
        ($($figure:ident = $expected:ident, $name:literal;)+) => {
            $(assert_eq!(got.$figure, want.$expected, "{what}: {}", $name);)+
        };
    }
    same! {
        followers = followers, "followers";
        followers_start = start, "followers at start";
        audience_growth_rate = growth, "growth";
        posts_published = posts, "posts";
        engagements = engagements, "engagements";
        engagement_rate_per_follower = er_follower, "ER per follower";
        engagement_rate_per_impression = er_impression, "ER per impression";
        impressions = impressions, "impressions";
        applause_rate = applause, "applause";
        amplification_rate = amplification, "amplification";
        conversation_rate = conversation, "conversation";
    }
}

async fn profile_report(
    db: &Db,
    w: &World,
    period: Period,
    ids: &[i64],
) -> reports::ProfilePerformance {
    let refs = store::profile_refs(db, w.workspace, ids).await.unwrap();
    let points = store::follower_points(db, &refs, period).await.unwrap();
    let posts = store::post_rows(db, w.workspace, &refs, period, &[])
        .await
        .unwrap();
    reports::profile_performance(period, &refs, &points, &posts)
}

#[tokio::test]
async fn profile_performance_matches_the_formulas_recomputed_from_raw_rows() {
    for db in testing::all().await.unwrap() {
        for seed in [1, 2, 3] {
            let w = world(&db, seed).await;
            let ours: Vec<i64> = w.profiles.iter().map(|p| p.profile_id).collect();
            let periods = [
                Period {
                    from: T0,
                    to: T0 + 7 * DAY,
                },
                Period {
                    from: T0 + 2 * DAY,
                    to: T0 + 3 * DAY,
                },
                // Nothing at all happens here.
                Period {
                    from: T0 + 400 * DAY,
                    to: T0 + 401 * DAY,
                },
            ];
            for period in periods {
                for scope in [ours.clone(), vec![ours[0]], vec![ours[1]]] {
                    let report = profile_report(&db, &w, period, &scope).await;
                    assert_eq!(report.lines.len(), scope.len());
                    for line in &report.lines {
                        let p = line.profile.as_ref().unwrap().profile_id;
                        assert_figures(
                            &line.figures,
                            &expected(&w, period, &[p]),
                            &format!("{} seed {seed} profile {p}", db.backend()),
                        );
                    }
                    assert_figures(
                        &report.total,
                        &expected(&w, period, &scope),
                        &format!("{} seed {seed} total", db.backend()),
                    );
                    // The profile outside the scope never leaks in.
                    assert!(
                        report
                            .lines
                            .iter()
                            .all(|l| l.profile.as_ref().unwrap().profile_id != w.outsider)
                    );
                }
            }
            let empty = profile_report(
                &db,
                &w,
                Period {
                    from: T0 + 400 * DAY,
                    to: T0 + 401 * DAY,
                },
                &ours,
            )
            .await;
            assert_eq!(empty.total.posts_published, 0);
            assert_eq!(empty.total.engagement_rate_per_follower, Figure::NoData);
            assert_eq!(empty.total.impressions, Figure::NotReported, "never zero");
        }
    }
}

/// The chart's follower line recomputed from the raw snapshots: every snapshot of a day the period covers only in
/// part, the first and the last of each whole UTC day, oldest first.
fn expected_line(w: &World, period: Period, profiles: &[i64]) -> Vec<(i64, i64, i64)> {
    let mut line = vec![];
    for &profile in profiles {
        let mut days: std::collections::BTreeMap<i64, Vec<&Snap>> = Default::default();
        for s in w
            .snaps
            .iter()
            .filter(|s| s.profile == profile && period.contains(s.at))
        {
            days.entry(s.at - s.at % DAY).or_default().push(s);
        }
        for (day, snaps) in days {
            let whole = day >= period.from && day + DAY <= period.to;
            for s in &snaps {
                let first = snaps.iter().all(|o| o.at >= s.at);
                let last = snaps.iter().all(|o| o.at <= s.at);
                if !whole || first || last {
                    line.push((s.at, profile, s.followers));
                }
            }
        }
    }
    line.sort();
    line
}

#[tokio::test]
async fn the_follower_line_is_read_from_daily_rollups_and_ends_where_the_report_does() {
    for db in testing::all().await.unwrap() {
        for seed in [1, 2] {
            let w = world(&db, seed).await;
            let ours: Vec<i64> = w.profiles.iter().map(|p| p.profile_id).collect();
            // Whole days, days cut at both ends (IST midnight is 18:30 UTC), and less than one day.
            let periods = [
                Period {
                    from: T0,
                    to: T0 + 7 * DAY,
                },
                Period {
                    from: T0 - DAY - 5 * HOUR - HOUR / 2,
                    to: T0 + 6 * DAY - 5 * HOUR - HOUR / 2,
                },
                Period {
                    from: T0 + 2 * DAY + HOUR,
                    to: T0 + 2 * DAY + 20 * HOUR,
                },
            ];
            for period in periods {
                let refs = store::profile_refs(&db, w.workspace, &ours).await.unwrap();
                let history = store::follower_history(&db, &refs, period).await.unwrap();
                let got: Vec<(i64, i64, i64)> = history
                    .iter()
                    .map(|p| (p.taken_at, p.profile_id, p.followers))
                    .collect();
                assert_eq!(
                    got,
                    expected_line(&w, period, &ours),
                    "{} seed {seed}",
                    db.backend()
                );
                let points = store::follower_points(&db, &refs, period).await.unwrap();
                for &p in &ours {
                    assert_eq!(
                        reports::first_and_last(&history, p, period),
                        reports::first_and_last(&points, p, period)
                    );
                }
            }
        }
        assert_eq!(sangam_store::rollups::drift(&db).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_single_post_is_its_own_median_and_a_deleted_post_counts_nowhere() {
    for db in testing::all().await.unwrap() {
        let w = world(&db, 11).await;
        let ours: Vec<i64> = w.profiles.iter().map(|p| p.profile_id).collect();
        let measured: Vec<&Delivery> = expected_posts(
            &w,
            Period {
                from: T0 - 3 * DAY,
                to: T0 + 10 * DAY,
            },
            &ours,
        )
        .into_iter()
        .filter(|d| {
            latest(d).is_some() && followers_at(&w, d.profile, d.published_at.unwrap()).is_some()
        })
        .collect();
        let one = measured[0];
        let at = one.published_at.unwrap();
        let period = Period {
            from: at,
            to: at + 1,
        };
        let report = profile_report(&db, &w, period, &[one.profile]).await;
        let s = latest(one).unwrap();
        let f = followers_at(&w, one.profile, at).unwrap();
        assert_eq!(report.total.posts_published, 1);
        assert_eq!(
            report.total.engagement_rate_per_follower,
            Figure::Percent((s.1 + s.2 + s.3 + s.4) as f64 / f as f64 * 100.0)
        );
        // Delete it: it leaves every figure.
        run(&db, format!("UPDATE posts SET deleted_at = 1 WHERE id = (SELECT post_id FROM deliveries WHERE id = {})", one.id)).await;
        let after = profile_report(&db, &w, period, &[one.profile]).await;
        assert_eq!(after.total.posts_published, 0);
        assert_eq!(after.total.engagements, 0);
        assert_eq!(after.total.engagement_rate_per_follower, Figure::NoData);
    }
}

#[tokio::test]
async fn post_table_tags_and_heat_map_match_raw_rows_across_a_time_zone_boundary() {
    let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
    for db in testing::all().await.unwrap() {
        let w = world(&db, 5).await;
        let ours: Vec<i64> = w.profiles.iter().map(|p| p.profile_id).collect();
        let period = Period {
            from: T0,
            to: T0 + 7 * DAY,
        };
        let refs = store::profile_refs(&db, w.workspace, &[]).await.unwrap();
        let rows = store::post_rows(&db, w.workspace, &refs, period, &[])
            .await
            .unwrap();
        let want = expected_posts(
            &w,
            period,
            &refs.iter().map(|r| r.profile_id).collect::<Vec<_>>(),
        );
        let lines = reports::post_lines(&refs, &rows, PostSort::Engagements);
        assert_eq!(lines.len(), want.len());
        // Sorted by engagements, largest first, unmeasured last.
        let engagements: Vec<Option<i64>> = lines.iter().map(|l| l.engagements).collect();
        let mut sorted = engagements.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(engagements, sorted);
        for l in &lines {
            let d = want.iter().find(|d| d.id == l.row.delivery_id).unwrap();
            assert_eq!(l.engagements, latest(d).map(|s| s.1 + s.2 + s.3 + s.4));
            if latest(d).is_none_or(|s| s.5.is_none()) && l.network != NetworkKind::Sandbox {
                assert_eq!(l.impressions, Figure::NotReported);
            }
        }
        // Tags: a post counts once in each of its tags.
        for line in reports::tag_lines(&rows) {
            let tagged: Vec<&&Delivery> =
                want.iter().filter(|d| d.tags.contains(&line.tag)).collect();
            assert_eq!(line.posts_published, tagged.len() as i64, "{}", line.tag);
            assert_eq!(
                line.engagements,
                tagged
                    .iter()
                    .filter_map(|d| latest(d))
                    .map(|s| s.1 + s.2 + s.3 + s.4)
                    .sum::<i64>()
            );
        }
        let only_launch =
            store::post_rows(&db, w.workspace, &refs, period, &["launch".to_string()])
                .await
                .unwrap();
        assert_eq!(
            only_launch.len(),
            want.iter()
                .filter(|d| d.tags.iter().any(|t| t == "launch"))
                .count()
        );
        // Heat map in India: +05:30, so 18:30 UTC on Sunday is 00:00 on Monday.
        let cells = reports::best_times(&rows, &kolkata);
        assert_eq!(cells.len(), 7 * 24);
        for cell in &cells {
            let n = want
                .iter()
                .filter(|d| {
                    let local = d.published_at.unwrap() + 5 * HOUR + 30 * 60_000;
                    let days_since_monday = (local - T0).div_euclid(DAY).rem_euclid(7);
                    let hour = local.rem_euclid(DAY) / HOUR;
                    days_since_monday == cell.weekday as i64 && hour == cell.hour as i64
                })
                .count();
            assert_eq!(
                cell.posts, n as i64,
                "weekday {} hour {}",
                cell.weekday, cell.hour
            );
        }
        let _ = ours;
    }
}

#[tokio::test]
async fn inbox_report_matches_raw_messages_in_all_business_and_off_hours() {
    let hours = BusinessHours::new(9 * 60, 17 * 60, "Asia/Kolkata");
    for db in testing::all().await.unwrap() {
        for seed in [7, 8] {
            let w = world(&db, seed).await;
            let period = Period {
                from: T0,
                to: T0 + 7 * DAY,
            };
            let ours: Vec<i64> = w.profiles.iter().map(|p| p.profile_id).collect();
            let refs = store::profile_refs(&db, w.workspace, &ours).await.unwrap();
            let rows = store::message_rows(&db, w.workspace, &refs, period)
                .await
                .unwrap();
            let report = reports::inbox_report(period, &rows, &hours);
            let in_scope: Vec<&Msg> = w
                .messages
                .iter()
                .filter(|m| m.received_at >= period.from && m.received_at < period.to)
                .filter(|m| m.profile != w.outsider)
                .collect();
            assert_eq!(report.messages_received, in_scope.len() as i64);
            for (kind, n) in &report.volume_by_kind {
                assert_eq!(
                    *n,
                    in_scope.iter().filter(|m| m.kind == kind).count() as i64
                );
            }
            // Business hours written out: Monday to Friday, 09:00 to 17:00 in Kolkata (UTC+05:30, no DST).
            let open = |at: i64| {
                let local = at + 5 * HOUR + 30 * 60_000;
                let weekday = (local - T0).div_euclid(DAY).rem_euclid(7);
                let minute = local.rem_euclid(DAY) / 60_000;
                weekday < 5 && (9 * 60..17 * 60).contains(&minute)
            };
            for line in &report.overall {
                let set: Vec<&&Msg> = in_scope
                    .iter()
                    .filter(|m| !m.hidden)
                    .filter(|m| match line.hours {
                        Hours::All => true,
                        Hours::Business => open(m.received_at),
                        Hours::Off => !open(m.received_at),
                    })
                    .collect();
                let times: Vec<i64> = set
                    .iter()
                    .filter_map(|m| Some(m.reply?.0 - m.received_at))
                    .collect();
                assert_eq!(line.actionable, set.len() as i64);
                assert_eq!(line.answered, times.len() as i64);
                let rate = if set.is_empty() {
                    Figure::NoData
                } else {
                    Figure::Percent(times.len() as f64 / set.len() as f64 * 100.0)
                };
                assert_eq!(line.response_rate, rate, "{:?}", line.hours);
                match &line.first_response {
                    None => assert!(times.is_empty()),
                    Some(t) => {
                        assert_eq!(t.fastest, *times.iter().min().unwrap());
                        assert_eq!(t.slowest, *times.iter().max().unwrap());
                        assert_eq!(
                            t.mean,
                            times.iter().sum::<i64>() as f64 / times.len() as f64
                        );
                        assert_eq!(
                            Figure::Percent(t.median),
                            med(times.iter().map(|t| *t as f64).collect())
                        );
                    }
                }
            }
            for line in &report.members {
                let id = line.member_id.unwrap();
                let handled: Vec<&&Msg> = in_scope
                    .iter()
                    .filter(|m| !m.hidden && m.reply.is_some_and(|r| r.1 == id))
                    .collect();
                assert_eq!(line.answered, handled.len() as i64);
                assert_eq!(
                    line.member_name.as_deref(),
                    w.users.iter().find(|u| u.0 == id).map(|u| u.1.as_str())
                );
            }
        }
    }
}
