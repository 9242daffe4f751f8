//! What a report covers: which report, the period and the one it is compared with, the profiles and tags, the
//! sort; read from a query string and written back to one.

use crate::AppState;
use crate::error::AppError;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sangam_domain::ErrorCode;
use sangam_domain::reports::{Period, PostSort};
use sangam_domain::{Millis, now_millis};
use sangam_store::profiles;

/// The reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Profiles,
    Posts,
    Tags,
    Inbox,
    Roi,
    Competitors,
    /// Who engages, and the reach of the target segments (`crate::audience`).
    Audience,
}

impl ReportKind {
    pub const ALL: [ReportKind; 7] = [
        ReportKind::Profiles,
        ReportKind::Posts,
        ReportKind::Tags,
        ReportKind::Inbox,
        ReportKind::Roi,
        ReportKind::Competitors,
        ReportKind::Audience,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::Profiles => "profiles",
            ReportKind::Posts => "posts",
            ReportKind::Tags => "tags",
            ReportKind::Inbox => "inbox",
            ReportKind::Roi => "roi",
            ReportKind::Competitors => "competitors",
            ReportKind::Audience => "audience",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// How the comparison period is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Previous,
    Off,
    Custom(Date, Date),
}

/// What a report covers. Dates are whole days in the viewer's time zone, both ends included.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportParams {
    pub from: Date,
    pub to: Date,
    pub compare: Compare,
    pub profiles: Vec<i64>,
    /// The competitors the competitor report puts beside us (none: the first 20 watched).
    pub competitors: Vec<i64>,
    pub tags: Vec<String>,
    pub sort: PostSort,
}

/// The default period: the last 28 days, today included.
pub const DEFAULT_DAYS: i64 = 28;

impl ReportParams {
    /// Reads `from`, `to`, `compare` (previous | none | custom with `compare_from`/`compare_to`), repeated `profile`
    /// and `tag`, and `sort`.
    pub fn parse(pairs: &[(String, String)], tz: &TimeZone) -> Result<ReportParams, AppError> {
        let today = jiff::Timestamp::from_millisecond(now_millis())
            .map(|t| t.to_zoned(tz.clone()).date())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        };
        let date = |k: &str| -> Result<Option<Date>, AppError> {
            get(k)
                .map(|v| {
                    v.parse::<Date>()
                        .map_err(|_| {
                            AppError::refuse(ErrorCode::ReportDateInvalid).with("field", k)
                        })
                        .and_then(|d| crate::input::check_date(k, d))
                })
                .transpose()
        };
        let to = date("to")?.unwrap_or(today);
        let from = match date("from")? {
            Some(d) => d,
            None => to
                .checked_sub(jiff::Span::new().days(DEFAULT_DAYS - 1))
                .map_err(|e| AppError::Internal(e.to_string()))?,
        };
        if from > to {
            return Err(AppError::refuse(ErrorCode::ReportPeriodInvalid));
        }
        if (to - from).get_days() > 3 * 366 {
            return Err(AppError::refuse(ErrorCode::ReportPeriodTooLong));
        }
        let compare = match get("compare") {
            Some("none") => Compare::Off,
            Some("custom") => match (date("compare_from")?, date("compare_to")?) {
                (Some(a), Some(b)) if a <= b => Compare::Custom(a, b),
                _ => {
                    return Err(AppError::refuse(ErrorCode::ReportCompareInvalid));
                }
            },
            _ => Compare::Previous,
        };
        let profiles = pairs
            .iter()
            .filter(|(k, _)| k == "profile")
            .filter_map(|(_, v)| v.trim().parse::<i64>().ok())
            .collect();
        let competitors = pairs
            .iter()
            .filter(|(k, _)| k == "competitor")
            .filter_map(|(_, v)| v.trim().parse::<i64>().ok())
            .collect();
        let tags = pairs
            .iter()
            .filter(|(k, v)| k == "tag" && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_lowercase())
            .collect();
        let sort = get("sort")
            .and_then(PostSort::parse)
            .unwrap_or(PostSort::Published);
        Ok(ReportParams {
            from,
            to,
            compare,
            profiles,
            competitors,
            tags,
            sort,
        })
    }

    /// The parameters as a query string, for links to the same report, its exports and share links.
    pub fn query(&self) -> String {
        let enc = crate::auth::urlencode;
        let mut q = vec![format!("from={}", self.from), format!("to={}", self.to)];
        match self.compare {
            Compare::Previous => {}
            Compare::Off => q.push("compare=none".into()),
            Compare::Custom(a, b) => {
                q.push("compare=custom".into());
                q.push(format!("compare_from={a}"));
                q.push(format!("compare_to={b}"));
            }
        }
        q.extend(self.profiles.iter().map(|p| format!("profile={p}")));
        q.extend(self.competitors.iter().map(|c| format!("competitor={c}")));
        q.extend(self.tags.iter().map(|t| format!("tag={}", enc(t))));
        if self.sort != PostSort::Published {
            q.push(format!("sort={}", self.sort.as_str()));
        }
        q.join("&")
    }

    /// The same parameters with the profile filter replaced.
    pub fn with_profiles(&self, profiles: Vec<i64>) -> ReportParams {
        ReportParams {
            profiles,
            ..self.clone()
        }
    }

    pub fn with_sort(&self, sort: PostSort) -> ReportParams {
        ReportParams {
            sort,
            ..self.clone()
        }
    }

    pub fn period(&self, tz: &TimeZone) -> Result<Period, AppError> {
        span(self.from, self.to, tz)
    }

    pub fn comparison(&self, tz: &TimeZone) -> Result<Option<Period>, AppError> {
        Ok(match self.compare {
            Compare::Off => None,
            Compare::Previous => Some(self.period(tz)?.previous()),
            Compare::Custom(a, b) => Some(span(a, b, tz)?),
        })
    }
}

/// `[local midnight of from, local midnight after to)`.
fn span(from: Date, to: Date, tz: &TimeZone) -> Result<Period, AppError> {
    let start = |d: Date| -> Result<Millis, AppError> {
        Ok(tz
            .to_ambiguous_zoned(d.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .map_err(|e| AppError::Internal(e.to_string()))?
            .timestamp()
            .as_millisecond())
    };
    let next = to
        .tomorrow()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Period {
        from: start(from)?,
        to: start(next)?,
    })
}

/// The workspace's profiles, for the report filter.
pub async fn profile_choices(
    state: &AppState,
    workspace_id: i64,
) -> Result<Vec<profiles::Profile>, AppError> {
    Ok(profiles::list(&state.db, workspace_id).await?)
}
