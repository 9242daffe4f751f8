//! Return on social in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: clicks, unique visitors,
//! conversions and social ROI recomputed here from the raw rows, by the published formulas, for a period that is a day
//! in Asia/Kolkata (18:30 UTC to 18:30 UTC, so it straddles a UTC midnight and two visitor-salt days).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sangam_domain::NetworkKind;
use sangam_domain::care::FocusKind;
use sangam_domain::roi::{self as calc, Click};
use sangam_store::activity::{self, NewActivity};
use sangam_store::conversions::{self, NewConversion, Source};
use sangam_store::links::{self, NewClick, NewShortLink};
use sangam_store::posts::{self, NewPost};
use sangam_store::{Db, Sql, roi, testing};

/// 2026-03-01 00:00 in Kolkata (UTC+05:30) = 2026-02-28 18:30 UTC.
const FROM: i64 = 1_772_303_400_000;
const TO: i64 = FROM + 86_400_000;
/// 2026-03-01 00:00 UTC, inside the period: the visitor salt changes here.
const UTC_MIDNIGHT: i64 = FROM + 5 * 3_600_000 + 30 * 60_000;

fn conversion(
    at: i64,
    campaign: Option<&str>,
    value: i64,
    external: Option<&str>,
) -> NewConversion {
    NewConversion {
        at,
        campaign: campaign.map(str::to_string),
        link_id: None,
        click_token: None,
        count: 1,
        value_minor: value,
        currency: "INR".into(),
        external_id: external.map(str::to_string),
    }
}

fn click(link_id: i64, at: i64, visitor: &str, token: &str) -> NewClick {
    NewClick {
        link_id,
        at,
        salt_day: calc::salt_day(at),
        visitor: visitor.into(),
        token: token.into(),
    }
}

async fn link(db: &Db, ws: i64, code: &str, campaign: &str) -> i64 {
    links::create(
        db,
        NewShortLink {
            workspace_id: ws,
            code,
            destination: "https://cafe.example/menu?utm_source=sandbox",
            network: Some(NetworkKind::Sandbox),
            profile_id: None,
            campaign,
            created_by: None,
        },
        FROM - 86_400_000,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn clicks_and_unique_visitors_match_the_formula_across_a_time_zone_boundary() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let monsoon = link(&db, t.workspace, "mnsn2345", "monsoon").await;
        let other = link(&db, t.workspace, "thr23456", "launch").await;
        let raw = vec![
            // Just before the Kolkata day starts: not in the period.
            click(monsoon, FROM - 1, "a", "t0"),
            // Visitor a twice before UTC midnight (one salt day), and again after it (another salt day).
            click(monsoon, FROM, "a", "t1"),
            click(monsoon, UTC_MIDNIGHT - 1, "a", "t2"),
            click(monsoon, UTC_MIDNIGHT, "a", "t3"),
            click(monsoon, UTC_MIDNIGHT + 10, "b", "t4"),
            click(other, UTC_MIDNIGHT + 20, "b", "t5"),
            // The last millisecond of the day is in; the next is not.
            click(monsoon, TO - 1, "c", "t6"),
            click(monsoon, TO, "c", "t7"),
        ];
        links::record_clicks(&db, &raw).await.unwrap();
        // The same batch again (a retried write) stores nothing twice.
        links::record_clicks(&db, &raw).await.unwrap();

        let stored = links::clicks(&db, t.workspace, FROM, TO, Some("monsoon"))
            .await
            .unwrap();
        let of: Vec<Click<'_>> = stored
            .iter()
            .map(|c| Click {
                salt_day: &c.salt_day,
                visitor: &c.visitor,
            })
            .collect();
        // By hand: the monsoon clicks with FROM <= at < TO, and their distinct (UTC day, visitor) pairs.
        let expected: Vec<&NewClick> = raw
            .iter()
            .filter(|c| c.link_id == monsoon && c.at >= FROM && c.at < TO)
            .collect();
        let mut pairs: Vec<(String, String)> = expected
            .iter()
            .map(|c| (c.salt_day.clone(), c.visitor.clone()))
            .collect();
        pairs.sort();
        pairs.dedup();
        assert_eq!(calc::clicks(&of), expected.len() as i64, "{}", db.backend());
        assert_eq!(calc::clicks(&of), 5);
        assert_eq!(calc::unique_visitors(&of), pairs.len() as i64);
        // a on 02-28, a on 03-01, b on 03-01, c on 03-01.
        assert_eq!(calc::unique_visitors(&of), 4);
        assert!(stored.iter().all(|c| c.campaign == "monsoon"));
    }
}

#[tokio::test]
async fn a_new_days_salt_deletes_the_days_before() {
    for db in testing::all().await.unwrap() {
        let first = links::salt_for(&db, "2026-02-28", &[1; 32], FROM)
            .await
            .unwrap();
        let again = links::salt_for(&db, "2026-02-28", &[2; 32], FROM)
            .await
            .unwrap();
        assert_eq!(first, again, "two processes agree on the day's first salt");
        links::salt_for(&db, "2026-03-01", &[3; 32], UTC_MIDNIGHT)
            .await
            .unwrap();
        let days: Vec<(String,)> = db
            .fetch_all(Sql::new("SELECT day FROM visitor_salts ORDER BY day"))
            .await
            .unwrap();
        assert_eq!(days, vec![("2026-03-01".to_string(),)]);
    }
}

#[tokio::test]
async fn conversions_are_attributed_by_campaign_link_or_click_and_repeats_are_ignored() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let monsoon = link(&db, t.workspace, "mnsn2345", "monsoon").await;
        links::record_clicks(&db, &[click(monsoon, FROM + 10, "a", "clicktoken")])
            .await
            .unwrap();
        let rows = vec![
            conversion(FROM - 1, Some("monsoon"), 10_000, Some("before")),
            conversion(FROM, Some("monsoon"), 4_990, Some("o1")),
            NewConversion {
                link_id: Some(monsoon),
                ..conversion(UTC_MIDNIGHT, None, 12_550, Some("o2"))
            },
            NewConversion {
                click_token: Some("clicktoken".into()),
                count: 2,
                ..conversion(TO - 1, None, 20_000, None)
            },
            conversion(TO - 1, Some("launch"), 99_900, Some("o3")),
        ];
        let added = conversions::record(&db, t.workspace, &rows, Source::Csv, None, 0)
            .await
            .unwrap();
        assert_eq!(added, 5);
        // The same order again, and again with another value: ignored.
        let again = conversions::record(
            &db,
            t.workspace,
            &[conversion(FROM, Some("monsoon"), 1, Some("o1"))],
            Source::Api,
            None,
            0,
        )
        .await
        .unwrap();
        assert_eq!(again, 0);
        let listed = conversions::list(&db, t.workspace, FROM, TO, Some("monsoon"))
            .await
            .unwrap();
        let by_hand: Vec<&NewConversion> = rows[1..4].iter().collect();
        assert_eq!(
            listed.iter().map(|c| c.count).sum::<i64>(),
            by_hand.iter().map(|c| c.count).sum::<i64>()
        );
        assert_eq!(
            listed.iter().map(|c| c.value_minor).sum::<i64>(),
            4_990 + 12_550 + 20_000
        );
        assert_eq!(listed[2].link_code.as_deref(), Some("mnsn2345"));
    }
}

#[tokio::test]
async fn social_roi_is_value_minus_cost_over_cost_from_the_raw_rows() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let profiles = [t.profiles[0]];
        let post = posts::create(
            &db,
            NewPost {
                tags: &["monsoon".to_string()],
                ..NewPost::text(
                    t.workspace,
                    t.author,
                    "Monsoon menu https://cafe.example",
                    FROM,
                    &profiles,
                )
            },
            FROM - 86_400_000,
        )
        .await
        .unwrap();
        // 25 minutes in the composer, saved 20 s after the last heartbeat: work on the post's campaign.
        let start = UTC_MIDNIGHT - 10 * 60_000;
        let end = start + 25 * 60_000;
        db.execute(
            Sql::new(
                "INSERT INTO focus_sessions (workspace_id, user_id, kind, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(t.workspace)
            .bind(t.author)
            .bind(FocusKind::Compose.as_str())
            .bind(start)
            .bind(end),
        )
        .await
        .unwrap();
        activity::record(
            &db,
            NewActivity {
                workspace_id: t.workspace,
                user_id: Some(t.author),
                action: "edited",
                object_kind: "post",
                object_id: Some(post.id),
                detail: "",
            },
            end + 20_000,
        )
        .await
        .unwrap();
        // ₹850.50 an hour; ₹300 of ads inside the period and ₹1,000 the day after (left out).
        roi::set_hourly_cost(&db, t.workspace, t.author, Some(85_050), 0)
            .await
            .unwrap();
        roi::add_spend(
            &db,
            t.workspace,
            "monsoon",
            FROM + 1,
            30_000,
            "ads",
            t.author,
            0,
        )
        .await
        .unwrap();
        roi::add_spend(&db, t.workspace, "monsoon", TO, 100_000, "", t.author, 0)
            .await
            .unwrap();
        conversions::record(
            &db,
            t.workspace,
            &[conversion(UTC_MIDNIGHT, Some("monsoon"), 123_456, None)],
            Source::Csv,
            None,
            0,
        )
        .await
        .unwrap();

        let rows = roi::work_rows(&db, t.workspace, FROM, TO).await.unwrap();
        let work = calc::campaign_work(
            "monsoon",
            &rows.sessions,
            &rows.touches,
            &rows.inbox,
            &rows.message_posts,
            &rows.post_campaigns,
        );
        let spend: i64 = roi::spend(&db, t.workspace, FROM, TO, Some("monsoon"))
            .await
            .unwrap()
            .iter()
            .map(|s| s.amount_minor)
            .sum();
        let value: i64 = conversions::list(&db, t.workspace, FROM, TO, Some("monsoon"))
            .await
            .unwrap()
            .iter()
            .map(|c| c.value_minor)
            .sum();
        let priced: Vec<(i64, i64)> = work.iter().map(|w| (w.ms, 85_050)).collect();
        let got = calc::campaign_return(value, &priced, spend);

        // By hand, from the formula: 25 min at 85,050 paise an hour = 35,437.5 -> 35,438 paise; cost = 35,438 +
        // 30,000; ROI = (123,456 - 65,438) / 65,438 x 100.
        assert_eq!(work.len(), 1, "{}", db.backend());
        assert_eq!(work[0].ms, 25 * 60_000);
        assert_eq!(work[0].post_id, Some(post.id));
        let labour = (25.0_f64 * 60_000.0 / 3_600_000.0 * 85_050.0).round() as i64;
        assert_eq!(labour, 35_438);
        assert_eq!(got.labour_minor, labour);
        assert_eq!(got.spend_minor, 30_000);
        assert_eq!(got.cost_minor, labour + 30_000);
        let roi = (123_456.0 - 65_438.0) / 65_438.0 * 100.0;
        assert_eq!(got.roi_percent, Some(roi));
        assert_eq!(format!("{:.2}", roi), "88.66");
    }
}

#[tokio::test]
async fn hourly_costs_belong_to_the_workspace() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let other = sangam_store::workspaces::create(&db, "Other", 0)
            .await
            .unwrap();
        assert!(
            roi::set_hourly_cost(&db, other.id, t.author, Some(1), 0)
                .await
                .is_err()
        );
        roi::set_hourly_cost(&db, t.workspace, t.author, Some(50_000), 0)
            .await
            .unwrap();
        roi::set_hourly_cost(&db, t.workspace, t.author, None, 0)
            .await
            .unwrap();
        let costs = roi::hourly_costs(&db, t.workspace).await.unwrap();
        assert_eq!(costs[0].minor_per_hour, None);
    }
}
