//! The themes of a CSV of messages for its busiest week (Monday to Monday, UTC) against the week before, as the
//! weekly review finds them:
//!
//! ```text
//! cargo run -p sangam-text --example themes -- --csv FILE --text-column text --time-column tweet_created \
//!     [--only-column airline_sentiment --only-value negative] [--top 10]
//! ```
//!
//! Times may be `YYYY-MM-DD[ T]HH:MM...` or `M/D/YYYY H:MM`. Prints a Markdown table.

use sangam_text::themes;
use std::collections::BTreeMap;
use std::error::Error;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day (since the epoch, UTC) a time column names, or `None` when it is neither format.
fn day_of(s: &str) -> Option<i64> {
    let date = s.split([' ', 'T']).next()?;
    let parts: Vec<i64> = if date.contains('/') {
        let p: Vec<i64> = date.split('/').filter_map(|x| x.parse().ok()).collect();
        if p.len() != 3 {
            return None;
        }
        vec![p[2], p[0], p[1]]
    } else {
        date.split('-').filter_map(|x| x.parse().ok()).collect()
    };
    match parts.as_slice() {
        [y, m, d] if (1..=12).contains(m) && (1..=31).contains(d) => {
            Some(days_from_civil(*y, *m, *d))
        }
        _ => None,
    }
}

/// The Monday on or before `day` (1970-01-01 was a Thursday).
fn monday(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

fn civil(day: i64) -> String {
    // Inverse of days_from_civil.
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = arg(&args, "--csv").ok_or("--csv FILE is needed")?;
    let text_col = arg(&args, "--text-column").unwrap_or_else(|| "text".into());
    let time_col = arg(&args, "--time-column").ok_or("--time-column NAME is needed")?;
    let only = arg(&args, "--only-column").zip(arg(&args, "--only-value"));
    let top: usize = arg(&args, "--top").map_or(Ok(10), |t| t.parse())?;
    let mut reader = csv::Reader::from_path(&path)?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name:?} in {path}"))
    };
    let (ti, wi) = (col(&text_col)?, col(&time_col)?);
    let filter = match &only {
        Some((c, v)) => Some((col(c)?, v.clone())),
        None => None,
    };
    let mut weeks: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut unread = 0;
    for row in reader.records() {
        let row = row?;
        if let Some((c, v)) = &filter
            && row.get(*c) != Some(v.as_str())
        {
            continue;
        }
        match (row.get(ti), row.get(wi).and_then(day_of)) {
            (Some(text), Some(day)) => weeks.entry(monday(day)).or_default().push(text.to_string()),
            _ => unread += 1,
        }
    }
    let (&busiest, texts) = weeks
        .iter()
        .max_by_key(|(_, t)| t.len())
        .ok_or("no rows with a readable time")?;
    let empty = Vec::new();
    let before = weeks.get(&(busiest - 7)).unwrap_or(&empty);
    let now: Vec<&str> = texts.iter().map(String::as_str).collect();
    let then: Vec<&str> = before.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let found = themes::themes(&now, &then, top);
    let took = started.elapsed();
    println!(
        "Busiest week: {} to {} (UTC): {} messages; the week before: {}; rows without a readable time: {unread}; themes in {:.0} ms",
        civil(busiest),
        civil(busiest + 6),
        now.len(),
        then.len(),
        took.as_secs_f64() * 1000.0
    );
    println!();
    println!("| # | theme | messages | week before | change | merged or grouped with | example |");
    println!("|---|---|---|---|---|---|---|");
    for (i, t) in found.iter().enumerate() {
        let example: String = t
            .examples
            .first()
            .map(|&e| now[e].chars().take(90).collect())
            .unwrap_or_default();
        let related: Vec<&str> = t.related.iter().take(4).map(String::as_str).collect();
        println!(
            "| {} | {} | {} | {} | {:+} | {} | {} |",
            i + 1,
            t.phrase,
            t.count,
            t.previous,
            t.change(),
            related.join(", "),
            example.replace('|', "/").replace('\n', " ")
        );
    }
    Ok(())
}
