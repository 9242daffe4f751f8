//! The weekly digest: a short plain-text e-mail to each workspace's Admins and Managers about the week just ended.
//! Only planned when outgoing mail is configured. Every figure says where it comes from.

use crate::mail::Mailer;
use sangam_domain::{Millis, Role};
use sangam_store::digest::{self, Week};
use sangam_store::{Db, Result, care, users, workspaces};

pub const WEEK_MS: Millis = 7 * 24 * 3600 * 1000;

/// The digest's text for one workspace and the week [from, to).
pub fn compose(workspace: &str, from: Millis, w: &Week) -> String {
    let mut out = format!(
        "Sangam weekly digest for {workspace}, the 7 days from {}.\n\n",
        day(from)
    );
    out.push_str(&format!(
        "Published: {} deliveries (state published, last changed this week); failed: {}; unknown (needs a check): {}.\n",
        w.published, w.failed, w.unknown
    ));
    out.push_str(
        "\nFollowers (latest stored snapshot before the start and before the end of the week):\n",
    );
    for (name, start, end) in &w.followers {
        let line = match (start, end) {
            (Some(s), Some(e)) => format!("  {name}: {s} -> {e} ({:+})\n", e - s),
            (None, Some(e)) => format!("  {name}: {e} (no snapshot before the week)\n"),
            _ => format!("  {name}: no snapshots yet\n"),
        };
        out.push_str(&line);
    }
    let rate = if w.messages > 0 {
        format!("{:.0}%", w.answered as f64 * 100.0 / w.messages as f64)
    } else {
        "-".into()
    };
    out.push_str(&format!(
        "\nInbox: {} messages received (not hidden), {} answered; response rate {rate} (answered / received x 100).\n",
        w.messages, w.answered
    ));
    out.push_str(&format!(
        "Waiting for approval now: {} posts.\n",
        w.waiting_approval
    ));
    out.push_str(
        "\nThe reports in Sangam show every figure with its formula and the rows behind it.\n",
    );
    out
}

fn day(at: Millis) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Sends the digest of the week ending at `to` for every workspace. Returns the number of e-mails sent.
pub async fn send_all(db: &Db, mailer: &Mailer, to: Millis) -> Result<usize> {
    let from = to - WEEK_MS;
    let mut sent = 0;
    for id in care::workspace_ids(db).await? {
        let ws = workspaces::get(db, id).await?;
        let week = digest::week(db, id, from, to).await?;
        let body = compose(&ws.name, from, &week);
        let leads: Vec<i64> = users::list_active(db, id)
            .await?
            .into_iter()
            .filter(|u| matches!(u.role, Role::Admin | Role::Manager))
            .map(|u| u.id)
            .collect();
        sent += mailer
            .send_to_people(
                db,
                &leads,
                &format!("Sangam weekly digest: {}", ws.name),
                &body,
            )
            .await;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_says_where_each_figure_comes_from() {
        let week = Week {
            published: 12,
            failed: 1,
            unknown: 0,
            followers: vec![
                ("Acme".into(), Some(1000), Some(1040)),
                ("New".into(), None, Some(5)),
            ],
            messages: 40,
            answered: 30,
            waiting_approval: 2,
        };
        let text = compose("Acme team", 0, &week);
        assert!(text.contains("Published: 12 deliveries"));
        assert!(text.contains("Acme: 1000 -> 1040 (+40)"));
        assert!(text.contains("response rate 75% (answered / received x 100)"));
        assert!(text.contains("New: 5 (no snapshot before the week)"));
    }
}
