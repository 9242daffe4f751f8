//! The weekly review's draft: once a workspace's week has ended in the leader's time zone, its review is drafted, once
//! however many processes run. The runner plans this work hourly, keyed by the hour (one job a period across
//! processes), and the reviews table's unique (workspace, week) key keeps one review a week even if two runs meet.
//! The draft is the review's row and its line in the audit log, and an in-app notice to the workspace's Managers and
//! Admins; the figures are the reports' own, computed when the review is read.

use sangam_domain::business_hours::{BusinessHours, DEFAULT_END_MIN, DEFAULT_START_MIN};
use sangam_domain::{Millis, Role};
use sangam_store::activity::{self, NewActivity};
use sangam_store::review::{self, NewReview, Review};
use sangam_store::{Db, Result, notifications, users, workspaces};

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
        let (start, end) = last_week(&zone, now);
        // A team that started this week has no last week to review: nothing would be in it but zeros.
        if workspaces::get(db, workspace_id).await?.created_at >= end {
            continue;
        }
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

/// The insights digest as an e-mail: the insight cards published during `[from, to)`, each with the business goal it
/// supports. `None` when none was published.
pub fn digest_text(
    workspace: &str,
    insights: &[review::Insight],
    from: Millis,
    to: Millis,
) -> Option<String> {
    let cards: Vec<&review::Insight> = insights
        .iter()
        .filter(|i| i.published_at.is_some_and(|at| at >= from && at < to))
        .collect();
    if cards.is_empty() {
        return None;
    }
    let mut out = format!("Insights from the social team of {workspace}, published this week:\n\n");
    for c in cards {
        let goal = c.goal_objective.clone().unwrap_or_default();
        let goal = match (goal.is_empty(), c.business_goal.is_empty()) {
            (false, false) => format!("{goal} — {}", c.business_goal),
            (false, true) => goal,
            _ => c.business_goal.clone(),
        };
        out.push_str(&format!("- {}\n  Supports: {goal}\n", c.sentence));
    }
    Some(out)
}

/// E-mails each drafted review's workspace the insights published during its week, to its Viewers, Managers and
/// Admins. Returns the e-mails sent.
pub async fn mail_digests(
    db: &Db,
    mailer: &crate::mail::Mailer,
    drafted: &[Review],
) -> Result<usize> {
    let mut sent = 0;
    for r in drafted {
        let ws = sangam_store::workspaces::get(db, r.workspace_id).await?;
        let cards = review::insights(db, r.workspace_id, true).await?;
        let Some(body) = digest_text(&ws.name, &cards, r.week_start, r.week_end) else {
            continue;
        };
        let readers: Vec<i64> = users::list_active(db, r.workspace_id)
            .await?
            .into_iter()
            .filter(|u| matches!(u.role, Role::Admin | Role::Manager | Role::Viewer))
            .map(|u| u.id)
            .collect();
        let subject = format!("Sangam insights: {}", ws.name);
        sent += mailer.send_to_people(db, &readers, &subject, &body).await;
    }
    Ok(sent)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_mail_holds_the_weeks_published_cards_and_their_goals() {
        let card = |id, published_at| review::Insight {
            id,
            workspace_id: 1,
            review_id: None,
            sentence: format!("Card {id}"),
            source_kind: review::SourceKind::Theme,
            source_label: String::new(),
            evidence: String::new(),
            goal_id: None,
            goal_objective: None,
            business_goal: "Fewer refund escalations".into(),
            published_at,
            created_by: 1,
            created_by_name: "Lead".into(),
            created_at: 0,
        };
        let cards = [card(1, Some(50)), card(2, Some(500)), card(3, None)];
        let text = digest_text("Acme", &cards, 0, 100).unwrap();
        assert!(
            text.contains("- Card 1\n  Supports: Fewer refund escalations"),
            "{text}"
        );
        assert!(!text.contains("Card 2") && !text.contains("Card 3"));
        assert_eq!(digest_text("Acme", &cards[2..], 0, 100), None);
    }

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
