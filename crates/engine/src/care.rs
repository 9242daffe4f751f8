//! The daily care check: when a person's exposure or after-hours figure has been over its threshold for
//! [`ALERT_DAYS`] days running, their workspace's managers (Admins and Managers other than the person) get an in-app
//! notification that names the figure, its threshold and the days' values. Each alert is sent once per person,
//! figure and day, however often the check runs. When outgoing mail is configured the runner also e-mails them.

use sangam_domain::Millis;
use sangam_domain::Role;
use sangam_domain::business_hours::BusinessHours;
use sangam_domain::care::{self, ALERT_DAYS, DAY, Watched};
use sangam_store::{Db, Result, care as store, inbox, notifications, users};

/// How many days back the check reads: enough for a streak of [`ALERT_DAYS`] that ended yesterday.
const LOOKBACK_DAYS: i64 = ALERT_DAYS as i64 + 2;

/// One alert sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub user_id: i64,
    /// The Admins and Managers who were told.
    pub told: Vec<i64>,
    pub figure: Watched,
    pub streak: usize,
    pub message: String,
}

/// Checks every workspace.
pub async fn check_all(db: &Db, now: Millis) -> Result<Vec<Alert>> {
    let mut sent = Vec::new();
    for ws in store::workspace_ids(db).await? {
        sent.extend(check_workspace(db, ws, now).await?);
    }
    Ok(sent)
}

/// Checks one workspace's team and notifies its managers of new streaks.
pub async fn check_workspace(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<Alert>> {
    let budget = inbox::settings(db, workspace_id).await?.exposure_budget;
    let leads: Vec<i64> = users::list_active(db, workspace_id)
        .await?
        .into_iter()
        .filter(|u| matches!(u.role, Role::Admin | Role::Manager))
        .map(|u| u.id)
        .collect();
    let mut sent = Vec::new();
    for person in inbox::people(db, workspace_id).await? {
        let hours = BusinessHours::new(
            person.work_start_min,
            person.work_end_min,
            &person.time_zone,
        );
        let from = now - LOOKBACK_DAYS * DAY;
        let actions = store::actions(db, person.user_id, from, now + 1).await?;
        let openings = store::openings(db, person.user_id, from, now + 1).await?;
        // Whole local days only: the first, partial day of the window is dropped.
        let days = care::days(&hours, &actions, &openings, from, now);
        let days = days.get(1..).unwrap_or_default();
        for figure in Watched::ALL {
            let run = care::alert_run(days, figure, budget);
            let streak = run.len();
            if streak < ALERT_DAYS {
                continue;
            }
            let Some(last) = run.last() else { continue };
            if !store::record_alert(
                db,
                workspace_id,
                person.user_id,
                figure.as_str(),
                &last.date,
                streak as i64,
                now,
            )
            .await?
            {
                continue;
            }
            let values: Vec<String> = run
                .iter()
                .map(|d| format!("{} {}", d.date, figure.value(d)))
                .collect();
            let message = message(&person.name, figure, streak, budget, &values);
            for lead in leads.iter().filter(|l| **l != person.user_id) {
                notifications::notify(
                    db,
                    workspace_id,
                    *lead,
                    "care_alert",
                    &message,
                    "/care/team",
                    now,
                )
                .await?;
            }
            sent.push(Alert {
                told: leads
                    .iter()
                    .copied()
                    .filter(|l| *l != person.user_id)
                    .collect(),
                user_id: person.user_id,
                figure,
                streak,
                message,
            });
        }
    }
    Ok(sent)
}

fn message(name: &str, figure: Watched, streak: usize, budget: i64, values: &[String]) -> String {
    let why = match figure {
        Watched::Exposure => format!(
            "opened at least their daily budget of {budget} abusive messages (formula: abusive messages opened \
             through the shield per local day >= budget)"
        ),
        Watched::AfterHours => format!(
            "worked {} or more actions outside their business hours, weekends included (formula: actions on a \
             weekday outside business hours + actions on a Saturday or Sunday, per local day >= {})",
            care::AFTER_HOURS_THRESHOLD,
            care::AFTER_HOURS_THRESHOLD
        ),
    };
    format!(
        "{name} {why} on {streak} days running: {}.",
        values.join(", ")
    )
}
