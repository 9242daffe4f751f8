//! Conversions in: one checked row (from the API, the snippet or a CSV line), and a CSV file read whole into the rows
//! that can be imported and the rows that cannot, each with its line number and reason, so nothing is lost silently.

use crate::AppState;
use crate::error::AppError;
use jiff::tz::TimeZone;
use sangam_domain::metrics::Currency;
use sangam_domain::roi::parse_money;
use sangam_domain::{ErrorCode, Millis};
use sangam_store::conversions::{self, NewConversion, Source};
use sangam_store::links;
use sangam_store::users::User;

/// The most rows one import takes.
pub const MAX_ROWS: usize = 10_000;
/// The longest external id kept.
const MAX_EXTERNAL_ID: usize = 200;
/// The largest count one row may carry.
const MAX_COUNT: i64 = 1_000_000;

/// A conversion checked field by field; `Err` names the field that is wrong.
#[allow(clippy::too_many_arguments)]
pub fn checked(
    at: Millis,
    campaign: Option<String>,
    link_id: Option<i64>,
    click_token: Option<String>,
    count: i64,
    value: &str,
    currency: &str,
    external_id: Option<&str>,
) -> Result<NewConversion, &'static str> {
    if !(1..=MAX_COUNT).contains(&count) {
        return Err("count");
    }
    let value_minor = match value.trim() {
        "" => 0,
        v => parse_money(v).filter(|m| *m >= 0).ok_or("value")?,
    };
    let currency = Currency::parse(currency).ok_or("currency")?;
    let external_id = external_id.map(str::trim).filter(|e| !e.is_empty());
    if external_id.is_some_and(|e| e.chars().count() > MAX_EXTERNAL_ID) {
        return Err("external_id");
    }
    Ok(NewConversion {
        at,
        campaign,
        link_id,
        click_token,
        count,
        value_minor,
        currency: currency.code().to_string(),
        external_id: external_id.map(str::to_string),
    })
}

/// A campaign as posts carry it (their tags): lower case, no `#`, at most 40 characters.
pub fn campaign_name(text: &str) -> Option<String> {
    crate::posts::actions::clean_tags(&[text.to_string()])
        .into_iter()
        .next()
}

/// A line of the file that could not be imported, and why (`conversion-row-<reason>` in the locales).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct BadRow {
    /// The line number in the file (the header is line 1).
    pub line: usize,
    pub reason: String,
    /// The line as it was.
    pub text: String,
}

/// A file read: the rows to import (with their line numbers) and the rows that cannot be.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub good: Vec<(usize, NewConversion, Option<String>)>,
    pub bad: Vec<BadRow>,
}

/// Reads a conversions CSV. Its header names the columns (any order, any case): `date`, `campaign` or `link`,
/// `count`, `value`, `currency`, and optionally `external_id`. Dates are `YYYY-MM-DD` (midnight in `tz`, the importing person's zone) or an RFC 3339
/// time. A link is a short-link code of this workspace (or its whole address).
pub async fn read_csv(
    state: &AppState,
    user: &User,
    text: &str,
    tz: &TimeZone,
) -> Result<Read, AppError> {
    let mut lines = parse_csv(text);
    let Some((_, header)) = lines.first().cloned() else {
        return Err(AppError::refuse(ErrorCode::ConversionCsvInvalid));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let index = |name: &str| header.iter().position(|h| h == name);
    if index("date").is_none()
        || (index("campaign").is_none() && index("link").is_none())
        || index("currency").is_none()
    {
        return Err(AppError::refuse(ErrorCode::ConversionCsvInvalid));
    }
    lines.remove(0);
    if lines.len() > MAX_ROWS {
        return Err(AppError::refuse(ErrorCode::ConversionCsvInvalid));
    }
    let mut read = Read::default();
    let mut seen_ids: Vec<String> = vec![];
    for (line, fields) in lines {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |name: &str| {
            index(name)
                .and_then(|i| fields.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let original = fields.join(",");
        let bad = |reason: &str| BadRow {
            line,
            reason: reason.to_string(),
            text: original.clone(),
        };
        let Some(at) = parse_date(&get("date"), tz) else {
            read.bad.push(bad("date"));
            continue;
        };
        let campaign_text = get("campaign");
        let link_text = get("link");
        let (campaign, link_id) = if !link_text.is_empty() {
            let code = link_text.rsplit('/').next().unwrap_or_default();
            match links::in_workspace(&state.db, user.workspace_id, code).await? {
                Some(l) => (None, Some(l.id)),
                None => {
                    read.bad.push(bad("link"));
                    continue;
                }
            }
        } else if !campaign_text.is_empty() {
            match campaign_name(&campaign_text) {
                Some(c) => (Some(c), None),
                None => {
                    read.bad.push(bad("campaign"));
                    continue;
                }
            }
        } else {
            read.bad.push(bad("campaign"));
            continue;
        };
        let count = match get("count").as_str() {
            "" => 1,
            c => match c.parse::<i64>() {
                Ok(n) => n,
                Err(_) => {
                    read.bad.push(bad("count"));
                    continue;
                }
            },
        };
        let external = get("external_id");
        let external = (!external.is_empty()).then_some(external);
        if let Some(e) = &external {
            if seen_ids.contains(e) {
                read.bad.push(bad("repeated"));
                continue;
            }
            seen_ids.push(e.clone());
        }
        match checked(
            at,
            campaign,
            link_id,
            None,
            count,
            &get("value"),
            &get("currency"),
            external.as_deref(),
        ) {
            Ok(c) => read
                .good
                .push((line, c, (!link_text.is_empty()).then_some(link_text))),
            Err(field) => read.bad.push(bad(field)),
        }
    }
    Ok(read)
}

/// What an import did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Imported {
    /// Rows stored.
    pub imported: u64,
    /// Good rows whose external id was already stored: skipped, as asked.
    pub duplicates: u64,
    /// Rows that could not be imported, each with its reason.
    pub rejected: Vec<BadRow>,
}

/// Stores the good rows of `read`.
pub async fn import(
    state: &AppState,
    user: &User,
    read: Read,
    source: Source,
) -> Result<Imported, AppError> {
    let rows: Vec<NewConversion> = read.good.into_iter().map(|(_, c, _)| c).collect();
    let added = conversions::record(
        &state.db,
        user.workspace_id,
        &rows,
        source,
        Some(user.id),
        sangam_domain::now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "conversions_imported",
        "conversion",
        None,
        &added.to_string(),
    )
    .await;
    Ok(Imported {
        imported: added,
        duplicates: rows.len() as u64 - added,
        rejected: read.bad,
    })
}

/// `YYYY-MM-DD` as local midnight in `tz`, or an RFC 3339 time.
pub fn parse_date(text: &str, tz: &TimeZone) -> Option<Millis> {
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.as_millisecond());
    }
    let date: jiff::civil::Date = text.parse().ok()?;
    if !sangam_domain::text_limits::date_in_range(date) {
        return None;
    }
    let zoned = tz
        .to_ambiguous_zoned(date.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// Reads CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into (line number, fields).
pub fn parse_csv(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = vec![];
    let mut fields = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                out.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start_line, fields));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_may_be_quoted_and_hold_commas_and_quotes() {
        let rows = parse_csv("a,b\r\n\"x, \"\"y\"\"\",2\n3,4");
        assert_eq!(rows[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(rows[1], (2, vec!["x, \"y\"".to_string(), "2".to_string()]));
        assert_eq!(rows[2], (3, vec!["3".to_string(), "4".to_string()]));
    }

    #[test]
    fn a_date_is_midnight_in_the_importers_zone() {
        let tz = TimeZone::get("Asia/Kolkata").unwrap();
        // 2026-03-01 00:00 in Kolkata is 2026-02-28 18:30 UTC.
        assert_eq!(parse_date("2026-03-01", &tz), Some(1_772_303_400_000));
        assert_eq!(parse_date("2026-13-01", &tz), None);
    }

    #[test]
    fn a_row_is_checked_field_by_field() {
        assert!(checked(0, None, None, None, 1, "49.90", "inr", None).is_ok());
        assert_eq!(
            checked(0, None, None, None, 0, "1", "INR", None),
            Err("count")
        );
        assert_eq!(
            checked(0, None, None, None, 1, "-1", "INR", None),
            Err("value")
        );
        assert_eq!(
            checked(0, None, None, None, 1, "1", "XYZ", None),
            Err("currency")
        );
    }
}
