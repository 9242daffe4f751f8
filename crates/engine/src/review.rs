//! The weekly review's draft: once a workspace's week has ended in the leader's time zone, its review is drafted, once
//! however many processes run. The runner plans this work hourly, keyed by the hour (one job a period across
//! processes), and the reviews table's unique (workspace, week) key keeps one review a week even if two runs meet.
//! The draft is the review's row and its line in the audit log, and an in-app notice to the workspace's Managers and
//! Admins; the figures are the reports' own, computed when the review is read.

use sangam_domain::business_hours::{BusinessHours, DEFAULT_END_MIN, DEFAULT_START_MIN};
use sangam_domain::{Millis, Role};
use sangam_store::activity::{self, NewActivity};
use sangam_store::review::{self, NewReview, Review};
use sangam_store::{Db, Result, notifications, users};

/// How often the runner looks for weeks that have ended.
pub const DRAFT_EVERY_MS: Millis = 3_600_000;

/// The week `[start, end)` holding `at`, Monday 00:00 to Monday 00:00 in `zone`.
pub fn week_of(zone: &str, at: Millis) -> (Millis, Millis) {
    let hours = BusinessHours::new(DEFAULT_START_MIN, DEFAULT_END_MIN, zone);
    let start = sangam_domain::care::week_start(&hours, at);
    // Ten days on lands inside the next week whatever the DST shift.
    let end = sangam_domain::care::week_start(&hours, start + 10 * sangam_domain::care::DAY);
    (start, end)
}

/// The last week that has ended by `now` in `zone`.
pub fn last_week(zone: &str, now: Millis) -> (Millis, Millis) {
    let (this_week, _) = week_of(zone, now);
    week_of(zone, this_week - 1)
}

/// Drafts the review of `workspace_id` for the week holding `at`, unless it exists. `drafted_by` is the person who
/// asked (`None`: the engine). Returns the review and whether this call drafted it.
pub async fn draft_week(
    db: &Db,
    workspace_id: i64,
    at: Millis,
    drafted_by: Option<i64>,
    worker: &str,
    now: Millis,
) -> Result<(Review, bool)> {
    let zone = review::leader_zone(db, workspace_id).await?;
    let (week_start, week_end) = week_of(&zone, at);
    let (review, drafted) = review::draft(
        db,
        NewReview {
            workspace_id,
            week_start,
            week_end,
            time_zone: &zone,
            drafted_by,
            worker,
        },
        now,
    )
    .await?;
    if drafted {
        let detail = format!("week from {}", day(week_start, &zone));
        let entry = NewActivity {
            workspace_id,
            user_id: drafted_by,
            action: "review_drafted",
            object_kind: "review",
            object_id: Some(review.id),
            detail: &detail,
        };
        activity::record(db, entry, now).await?;
        let link = format!("/reviews/{}", review.id);
        let message = format!("The weekly review for the {detail} is ready.");
        for lead in users::list_active(db, workspace_id).await? {
            if matches!(lead.role, Role::Admin | Role::Manager) {
                notifications::notify(db, workspace_id, lead.id, "review", &message, &link, now)
                    .await?;
            }
        }
    }
    Ok((review, drafted))
}

/// Drafts every workspace's review of the week that has ended by `now`. Returns the reviews this call drafted.
pub async fn draft_all(db: &Db, worker: &str, now: Millis) -> Result<Vec<Review>> {
    let mut drafted = Vec::new();
    for workspace_id in review::workspace_ids(db).await? {
        let zone = review::leader_zone(db, workspace_id).await?;
        let (start, _) = last_week(&zone, now);
        let (review, new) = draft_week(db, workspace_id, start, None, worker, now).await?;
        if new {
            drafted.push(review);
        }
    }
    Ok(drafted)
}

fn day(at: Millis, zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.to_zoned(tz).date().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_runs_monday_to_monday_in_the_leaders_zone() {
        // Wednesday 2026-11-04 12:00 UTC; in Kolkata the week began Monday 2026-11-02 00:00 IST = 2026-11-01 18:30 UTC.
        let at = 1_793_793_600_000;
        let (start, end) = week_of("Asia/Kolkata", at);
        assert_eq!(start, 1_793_557_800_000);
        assert_eq!(end - start, 7 * 24 * 3_600_000);
        let (prev_start, prev_end) = last_week("Asia/Kolkata", at);
        assert_eq!(prev_end, start);
        assert_eq!(start - prev_start, 7 * 24 * 3_600_000);
    }
}
