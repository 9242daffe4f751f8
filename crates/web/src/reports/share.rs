//! Read-only share links to a report: the parameters are stored with the link, and read back when it is opened.

use super::params::{ReportKind, ReportParams};
use crate::AppState;
use crate::error::AppError;
use sangam_domain::{Millis, now_millis};
use sangam_store::reports as store;

/// How long a share link lives unless asked otherwise.
pub const SHARE_DAYS: i64 = 7;

/// Creates a read-only link to `kind` with `params`; returns the token (shown once).
pub async fn share(
    state: &AppState,
    user: &sangam_store::users::User,
    kind: ReportKind,
    params: &ReportParams,
    days: i64,
) -> Result<(String, Millis), AppError> {
    let days = days.clamp(1, 90);
    let token = crate::auth::tokens::generate();
    let now = now_millis();
    let expires = now + days * 24 * 3600 * 1000;
    store::create_share(
        &state.db,
        user.workspace_id,
        kind.slug(),
        &params.query(),
        &crate::auth::tokens::digest(&token),
        expires,
        user.id,
        now,
    )
    .await?;
    crate::audit::log(state, user, "report_shared", "report", None, kind.slug()).await;
    Ok((token, expires))
}

/// Parses a stored query string back into pairs (`+` and `%XX` decoded).
pub fn pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    #[test]
    fn stored_queries_decode_plus_and_percent() {
        assert_eq!(
            pairs("tag=diwali+sale&tag=a%2Bb&tag=%E0%A4%A6%E0%A5%80"),
            vec![
                ("tag".to_string(), "diwali sale".to_string()),
                ("tag".to_string(), "a+b".to_string()),
                ("tag".to_string(), "दी".to_string()),
            ]
        );
    }

    #[test]
    fn parameters_survive_a_round_trip_through_the_query_string() {
        let tz = TimeZone::get("Asia/Kolkata").unwrap();
        let p = ReportParams::parse(
            &pairs("from=2026-11-01&to=2026-11-07&compare=custom&compare_from=2026-10-01&compare_to=2026-10-07&profile=3&profile=4&tag=diwali%20sale&sort=likes"),
            &tz,
        )
        .unwrap();
        assert_eq!(p.profiles, vec![3, 4]);
        assert_eq!(p.tags, vec!["diwali sale".to_string()]);
        assert_eq!(ReportParams::parse(&pairs(&p.query()), &tz).unwrap(), p);
        // Days are the viewer's: 1 November in Kolkata starts at 18:30 UTC the day before.
        let period = p.period(&tz).unwrap();
        assert_eq!(period.from, 1_793_471_400_000);
        assert_eq!(period.to - period.from, 7 * 24 * 3600 * 1000);
    }
}
