//! Competitors in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL. A competitor's posts arrive in pages
//! that overlap (as a feed read twice does) and are stored once per remote id with the latest read's counts; then the
//! competitor report's figures are recomputed here from the raw rows, by the published formulas written out again
//! (not borrowed from `sangam_domain::metrics`), and must equal what the report computes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::NetworkKind;
use sangam_domain::competitors::{self as calc, Account, Side};
use sangam_domain::metrics::Figure;
use sangam_domain::reports::Period;
use sangam_store::competitors::{self as store, CompetitorSnapshot, NewCompetitor, PostRead};
use sangam_store::{Db, Sql, testing, workspaces};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// Monday 2 November 2026, 00:00 UTC.
const T0: i64 = 1_793_577_600_000;

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

async fn competitor(db: &Db, workspace_id: i64, remote: &str) -> i64 {
    store::add(
        db,
        NewCompetitor {
            workspace_id,
            network: NetworkKind::Bluesky,
            handle: &format!("{remote}.test"),
            remote_id: remote,
            display_name: remote,
            url: "https://bsky.app/profile/x",
            added_by: None,
        },
        T0,
    )
    .await
    .unwrap()
    .id
}

/// One post as a test writes it: (remote id, published at, likes, reposts, replies, quotes, hashtags).
type Raw = (String, i64, i64, i64, i64, i64, Vec<String>);

fn read(p: &Raw) -> PostRead<'_> {
    PostRead {
        remote_id: &p.0,
        url: "https://bsky.app/profile/x/post/1",
        body: "a post",
        published_at: p.1,
        likes: p.2,
        reposts: p.3,
        replies: p.4,
        quotes: p.5,
        hashtags: &p.6,
    }
}

#[tokio::test]
async fn posts_are_stored_once_whatever_pages_overlap_and_keep_the_latest_counts() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap();
        let id = competitor(&db, ws.id, "did:plc:a").await;
        let post = |n: i64, likes: i64| -> Raw {
            (format!("at://a/{n}"), T0 + n * HOUR, likes, 1, 0, 0, vec![])
        };
        // Page one: posts 5..=9; page two overlaps it: posts 3..=6, read later with more likes.
        let first: Vec<Raw> = (5..=9).map(|n| post(n, 10)).collect();
        let second: Vec<Raw> = (3..=6).map(|n| post(n, 20)).collect();
        store::store_posts(
            &db,
            id,
            &first.iter().map(read).collect::<Vec<_>>(),
            T0 + DAY,
        )
        .await
        .unwrap();
        store::store_posts(
            &db,
            id,
            &second.iter().map(read).collect::<Vec<_>>(),
            T0 + 2 * DAY,
        )
        .await
        .unwrap();
        // A stale read (taken before the last one, arriving after it) changes nothing.
        let stale = [post(6, 1)];
        store::store_posts(&db, id, &stale.iter().map(read).collect::<Vec<_>>(), T0)
            .await
            .unwrap();
        let rows: Vec<(String, i64, i64)> = db
            .fetch_all(
                Sql::new(
                    "SELECT remote_id, likes, first_seen_at FROM competitor_posts WHERE competitor_id = $1
                     ORDER BY published_at",
                )
                .bind(id),
            )
            .await
            .unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            ids,
            [
                "at://a/3", "at://a/4", "at://a/5", "at://a/6", "at://a/7", "at://a/8", "at://a/9"
            ],
            "{}: each post once",
            db.backend()
        );
        let likes = |remote: &str| rows.iter().find(|r| r.0 == remote).unwrap().1;
        assert_eq!(likes("at://a/5"), 20, "the later read's counts");
        assert_eq!(likes("at://a/6"), 20, "a stale read does not win");
        assert_eq!(likes("at://a/9"), 10);
        assert_eq!(rows[2].2, T0 + DAY, "first seen stays the first read");
        assert_eq!(store::post_count(&db, id).await.unwrap(), 7);
        // Removing is soft and adding again brings the same row back with its posts.
        store::remove(&db, ws.id, id, T0 + 3 * DAY).await.unwrap();
        assert!(store::list(&db, ws.id).await.unwrap().is_empty());
        assert_eq!(competitor(&db, ws.id, "did:plc:a").await, id);
        assert_eq!(store::post_count(&db, id).await.unwrap(), 7);
    }
}

/// The rates by hand: part / followers x 100 per post, then the median (mean of the middle two when even).
fn median_rate(pairs: &[(i64, Option<i64>)]) -> Figure {
    let mut rates: Vec<f64> = pairs
        .iter()
        .filter_map(|(part, base)| match base {
            Some(b) if *b > 0 => Some(*part as f64 / *b as f64 * 100.0),
            _ => None,
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    let n = rates.len();
    if n == 0 {
        Figure::NoData
    } else if n % 2 == 1 {
        Figure::Percent(rates[n / 2])
    } else {
        Figure::Percent((rates[n / 2 - 1] + rates[n / 2]) / 2.0)
    }
}

#[tokio::test]
async fn competitor_figures_recomputed_from_raw_rows_match_the_report() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap();
        let mut rng = Lcg(11);
        let a = competitor(&db, ws.id, "did:plc:a").await;
        let b = competitor(&db, ws.id, "did:plc:b").await;
        let quiet = competitor(&db, ws.id, "did:plc:quiet").await;
        let period = Period {
            from: T0,
            to: T0 + 28 * DAY,
        };
        // Snapshots every day from day 3 (before: the back-fill's posts, older than any snapshot), some outside.
        let mut snaps: Vec<(i64, i64, i64)> = vec![];
        for (c, base) in [(a, 1_000), (b, 40_000)] {
            for day in 3..35 {
                let at = T0 + day * DAY + rng.next(HOUR);
                let followers = base + day * rng.next(50);
                snaps.push((c, at, followers));
                store::record_snapshot(
                    &db,
                    &CompetitorSnapshot {
                        competitor_id: c,
                        taken_at: at,
                        followers,
                        following: 5,
                        posts: 100 + day,
                    },
                )
                .await
                .unwrap();
            }
        }
        let tags = ["chai", "coffee", "monsoon"];
        let mut raws: Vec<(i64, Raw)> = vec![];
        for (c, n) in [(a, 30), (b, 17)] {
            for i in 0..n {
                // From a week before the period to a week after it: some fall outside.
                let at = T0 - 7 * DAY + rng.next(42 * DAY);
                let mut hashtags = vec![tags[rng.next(3) as usize].to_string()];
                if rng.next(2) == 0 {
                    hashtags.push(tags[rng.next(3) as usize].to_string());
                    hashtags.dedup();
                }
                raws.push((
                    c,
                    (
                        format!("at://{c}/{i}"),
                        at,
                        rng.next(90),
                        rng.next(12),
                        rng.next(7),
                        rng.next(3),
                        hashtags,
                    ),
                ));
            }
        }
        for c in [a, b] {
            let mine: Vec<&Raw> = raws.iter().filter(|r| r.0 == c).map(|r| &r.1).collect();
            // Two overlapping pages, as a feed read gives them.
            let half = mine.len() / 2;
            for page in [&mine[..half + 3], &mine[half..]] {
                let rows: Vec<PostRead<'_>> = page.iter().map(|p| read(p)).collect();
                store::store_posts(&db, c, &rows, T0 + 40 * DAY)
                    .await
                    .unwrap();
            }
        }

        let ids = [a, b, quiet];
        let points = store::follower_points(&db, &ids, period).await.unwrap();
        let posts = store::post_rows(&db, &ids, period).await.unwrap();
        let rows: Vec<_> = posts.iter().map(|p| p.row.clone()).collect();
        for c in ids {
            let account = Account {
                side: Side::Competitor,
                id: c,
                name: String::new(),
                handle: String::new(),
                network: NetworkKind::Bluesky,
            };
            let line = calc::line(account, period, &points, &rows);
            // By hand, from the raw rows.
            let in_period: Vec<&(i64, i64, i64)> = snaps
                .iter()
                .filter(|s| s.0 == c && s.1 >= period.from && s.1 < period.to)
                .collect();
            let first = in_period.iter().min_by_key(|s| s.1).map(|s| s.2);
            let last = in_period.iter().max_by_key(|s| s.1).map(|s| s.2);
            let mine: Vec<&Raw> = raws
                .iter()
                .filter(|r| r.0 == c && r.1.1 >= period.from && r.1.1 < period.to)
                .map(|r| &r.1)
                .collect();
            let followers_at = |at: i64| -> Option<i64> {
                let of: Vec<&(i64, i64, i64)> = snaps.iter().filter(|s| s.0 == c).collect();
                of.iter()
                    .filter(|s| s.1 <= at)
                    .max_by_key(|s| s.1)
                    .or_else(|| of.iter().min_by_key(|s| s.1))
                    .map(|s| s.2)
            };
            let engagements = |p: &Raw| p.2 + p.3 + p.4 + p.5;
            let f = &line.figures;
            assert_eq!(f.followers, last, "{}", db.backend());
            assert_eq!(f.followers_start, first);
            assert_eq!(f.net_follower_growth, first.zip(last).map(|(s, e)| e - s));
            match (first, last) {
                (Some(s), Some(e)) => assert_eq!(
                    f.audience_growth_rate,
                    Figure::Percent((e - s) as f64 / s as f64 * 100.0)
                ),
                _ => assert_eq!(f.audience_growth_rate, Figure::NoData),
            }
            assert_eq!(f.posts_published, mine.len() as i64);
            assert_eq!(
                f.engagements,
                mine.iter().map(|p| engagements(p)).sum::<i64>()
            );
            assert_eq!(f.likes, mine.iter().map(|p| p.2).sum::<i64>());
            let pairs = |part: &dyn Fn(&Raw) -> i64| -> Vec<(i64, Option<i64>)> {
                mine.iter().map(|p| (part(p), followers_at(p.1))).collect()
            };
            assert_eq!(
                f.engagement_rate_per_follower,
                median_rate(&pairs(&|p| engagements(p)))
            );
            assert_eq!(f.amplification_rate, median_rate(&pairs(&|p| p.3)));
            assert_eq!(f.applause_rate, median_rate(&pairs(&|p| p.2)));
            assert_eq!(f.conversation_rate, median_rate(&pairs(&|p| p.4)));
            assert_eq!(f.impressions, Figure::NotReported, "Bluesky reports none");
            assert_eq!(line.posts_per_week, Some(mine.len() as f64 / 4.0));
            let mut by_tag: Vec<(String, i64)> = tags
                .iter()
                .map(|t| {
                    let n = mine.iter().filter(|p| p.6.iter().any(|h| h == t)).count() as i64;
                    (t.to_string(), n)
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            by_tag.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            assert_eq!(line.hashtags, by_tag);
            if c == quiet {
                assert_eq!((f.followers, f.posts_published), (None, 0));
                assert_eq!(f.engagement_rate_per_follower, Figure::NoData);
            }
        }
        // The back-fill's posts (before the first snapshot) are divided by the first snapshot's followers.
        let early = posts
            .iter()
            .filter(|p| p.row.profile_id == a)
            .min_by_key(|p| p.row.published_at)
            .unwrap();
        let first_a = snaps
            .iter()
            .filter(|s| s.0 == a)
            .min_by_key(|s| s.1)
            .unwrap();
        assert!(early.row.published_at < first_a.1);
        assert_eq!(early.row.followers_at_post, Some(first_a.2));
    }
}
