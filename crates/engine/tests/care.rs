//! The daily care check on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: evenings on the person's own clock make
//! an after-hours streak that alerts the managers, once; a manager is not told about themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::Role;
use sangam_domain::care::{AFTER_HOURS_THRESHOLD, DAY, Watched};
use sangam_store::activity::{self, NewActivity};
use sangam_store::users::{self, NewUser};
use sangam_store::{notifications, testing, workspaces};

fn at(s: &str, zone: &str) -> i64 {
    let dt: jiff::civil::DateTime = s.parse().unwrap();
    dt.to_zoned(jiff::tz::TimeZone::get(zone).unwrap())
        .unwrap()
        .timestamp()
        .as_millisecond()
}

#[tokio::test]
async fn three_late_evenings_in_kolkata_alert_the_manager_once() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Care", 0).await.unwrap().id;
        let mut ids = vec![];
        for (name, role) in [("Lead", Role::Manager), ("Asha", Role::Member)] {
            let u = users::create(
                &db,
                NewUser {
                    workspace_id: ws,
                    email: &format!("{name}@example.com"),
                    name,
                    password_hash: "x",
                    role,
                },
                0,
            )
            .await
            .unwrap();
            ids.push(u.id);
        }
        let (lead, asha) = (ids[0], ids[1]);
        users::set_preferences(&db, asha, "en-US", "Asia/Kolkata")
            .await
            .unwrap();
        // Tuesday to Thursday, 21:00-21:09 in Kolkata (15:30 UTC: inside UTC business hours, outside hers).
        for day in ["2025-06-03", "2025-06-04", "2025-06-05"] {
            let evening = at(&format!("{day}T21:00"), "Asia/Kolkata");
            for i in 0..AFTER_HOURS_THRESHOLD as i64 {
                let entry = NewActivity {
                    workspace_id: ws,
                    user_id: Some(asha),
                    action: "replied",
                    object_kind: "message",
                    object_id: Some(i),
                    detail: "",
                };
                activity::record(&db, entry, evening + i * 60_000)
                    .await
                    .unwrap();
            }
        }
        // Friday 10:00 in Kolkata: the check runs; today is not over, the three days before are.
        let now = at("2025-06-06T10:00", "Asia/Kolkata");
        let sent = sangam_engine::care::check_workspace(&db, ws, now)
            .await
            .unwrap();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(
            (sent[0].user_id, sent[0].figure, sent[0].streak),
            (asha, Watched::AfterHours, 3)
        );
        assert!(
            sent[0].message.contains("2025-06-05 10"),
            "{}",
            sent[0].message
        );
        let told = notifications::recent(&db, lead, 10).await.unwrap();
        assert_eq!(told.len(), 1);
        assert!(told[0].message.starts_with("Asha "), "{}", told[0].message);
        assert!(
            notifications::recent(&db, asha, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // The next run, an hour later, sends nothing new.
        let again = sangam_engine::care::check_workspace(&db, ws, now + DAY / 24)
            .await
            .unwrap();
        assert!(again.is_empty());
    }
}
