//! Return on social, as rules: which requests are people (not bots or link previewers), how a tracked link is written
//! (UTM parameters, short links), and the formulas the ROI report states: clicks, unique visitors, conversions, cost
//! and `social_roi`. The store keeps the rows; these functions count them, and a test recounts them from the rows.

use crate::Millis;

/// Substrings (lower case) of the user agents of crawlers and of the networks' own card fetchers: a request from one
/// of them is a machine reading the page, not a person following the link.
const MACHINE_AGENTS: &[&str] = &[
    "bot",
    "crawler",
    "spider",
    "slurp",
    "preview",
    "http.rb",
    "mastodon",
    "pleroma",
    "akkoma",
    "misskey",
    "cardyb",
    "bluesky",
    "slack",
    "twitter",
    "facebookexternalhit",
    "facebot",
    "meta-externalagent",
    "discord",
    "telegram",
    "whatsapp",
    "skype",
    "linkedin",
    "embedly",
    "iframely",
    "vkshare",
    "curl/",
    "wget/",
    "python-requests",
    "go-http-client",
    "headlesschrome",
    "lighthouse",
];

/// Whether a request is a person following the link: a GET with a user agent that names no crawler or previewer. A
/// request with no user agent at all is a script.
pub fn is_person(method_is_head: bool, user_agent: Option<&str>) -> bool {
    if method_is_head {
        return false;
    }
    let Some(agent) = user_agent.map(str::trim).filter(|a| !a.is_empty()) else {
        return false;
    };
    let agent = agent.to_ascii_lowercase();
    !MACHINE_AGENTS.iter().any(|m| agent.contains(m))
}

/// The UTC day of `at` as `YYYY-MM-DD`: the day a visitor salt belongs to.
pub fn salt_day(at: Millis) -> String {
    let ts = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()
}

/// The UTM parameters one network's copy of a post carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utm<'a> {
    pub source: &'a str,
    pub medium: &'a str,
    pub campaign: &'a str,
}

/// The links (`http://` or `https://`, up to the next space, without the punctuation that ends a sentence) in
/// `text`, as byte ranges.
pub fn links_in(text: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let Some(start) = [rest.find("https://"), rest.find("http://")]
            .into_iter()
            .flatten()
            .min()
        else {
            break;
        };
        let start = from + start;
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |e| start + e);
        let trimmed =
            text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        let end_trimmed = start + trimmed.len();
        if trimmed.len() > "https://".len() {
            out.push((start, end_trimmed));
        }
        from = end.max(start + 1);
    }
    out
}

/// `url` with the UTM parameters added before its fragment (parameters it already has are kept as they are).
pub fn with_utm(url: &str, utm: &Utm<'_>) -> String {
    if url.contains("utm_source=") {
        return url.to_string();
    }
    let (base, fragment) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let mut params = vec![("utm_source", utm.source), ("utm_medium", utm.medium)];
    if !utm.campaign.is_empty() {
        params.push(("utm_campaign", utm.campaign));
    }
    let query: Vec<String> = params
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if query.is_empty() {
        return url.to_string();
    }
    let joiner = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    format!("{base}{joiner}{}{fragment}", query.join("&"))
}

/// `destination` with the click id added, for the first-party snippet to report with a conversion.
pub fn with_click_id(destination: &str, token: &str) -> String {
    let (base, fragment) = match destination.find('#') {
        Some(i) => (&destination[..i], &destination[i..]),
        None => (destination, ""),
    };
    let joiner = if base.contains('?') { "&" } else { "?" };
    format!("{base}{joiner}sg_click={token}{fragment}")
}

/// Percent-encodes a query value (letters, digits and `-._~` stay).
fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every link of `text` rewritten by `rewrite`, the rest untouched. Links that start with `skip` (Sangam's own short
/// links) are left as they are.
pub fn rewrite_links(text: &str, skip: &str, mut rewrite: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end) in links_in(text) {
        out.push_str(&text[last..start]);
        let url = &text[start..end];
        if !skip.is_empty() && url.starts_with(skip) {
            out.push_str(url);
        } else {
            out.push_str(&rewrite(url));
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Short-link codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/l/I).
pub const CODE_ALPHABET: &[u8] = b"23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 8;

/// Whether `code` could be one of ours (checked before the database is asked).
pub fn is_code(code: &str) -> bool {
    code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// One counted click as the formulas need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Click<'a> {
    pub salt_day: &'a str,
    pub visitor: &'a str,
}

/// **clicks** = the number of counted clicks (people following a short link; bots, previewers and HEAD requests are
/// never counted).
pub fn clicks(rows: &[Click<'_>]) -> i64 {
    rows.len() as i64
}

/// **unique_visitors** = the number of different (UTC day, visitor) pairs among the clicks: a person clicking twice in
/// a day is one visitor that day, and the same person on two days is two (the salt changes every day, so days cannot
/// be joined).
pub fn unique_visitors(rows: &[Click<'_>]) -> i64 {
    let mut pairs: Vec<(&str, &str)> = rows.iter().map(|c| (c.salt_day, c.visitor)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs.len() as i64
}

/// Money in hundredths of the currency, shown with two decimals.
pub fn money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

/// Reads an amount typed by a person (`1234`, `1234.5`, `1,234.50`) as hundredths; `None` for anything else or more
/// than two decimals.
pub fn parse_money(text: &str) -> Option<i64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    if t.is_empty() {
        return None;
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let v = whole.checked_mul(100)?.checked_add(frac)?;
    Some(if negative { -v } else { v })
}

/// **labour_cost** = Σ over people: (milliseconds of their work attributed to the campaign ÷ 3,600,000) × their hourly
/// cost, in hundredths, rounded to the nearest hundredth once, at the end.
pub fn labour_cost(work: &[(Millis, i64)]) -> i64 {
    let exact: f64 = work
        .iter()
        .map(|(ms, per_hour)| *ms as f64 / 3_600_000.0 * *per_hour as f64)
        .sum();
    exact.round() as i64
}

/// How long after a focus session ends the action that names its object may come (saving a post ends the session).
pub const ATTRIBUTION_GRACE_MS: Millis = 60_000;

/// A focus session (composer, review or report page) as the attribution needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    pub kind: crate::care::FocusKind,
    pub start: Millis,
    pub end: Millis,
}

/// An action from the activity log as the attribution needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub user_id: i64,
    pub at: Millis,
    pub object_kind: String,
    pub object_id: Option<i64>,
    pub detail: String,
}

/// What a piece of work was on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkOn {
    Post(i64),
    Campaign(String),
}

/// **attributed work**: a composer or review session is the work of its person on the post of the first action they
/// took on a post from the session's start to 60 s after its end; a report session is work on the campaign named by
/// the first `campaign` action (opening that campaign's ROI report) in the same window. Other sessions are not
/// attributed. `touches` must be sorted by time.
pub fn session_target(session: &Session, touches: &[Touch]) -> Option<WorkOn> {
    let wanted = match session.kind {
        crate::care::FocusKind::Compose | crate::care::FocusKind::Review => "post",
        crate::care::FocusKind::Report => "campaign",
    };
    let t = touches.iter().find(|t| {
        t.user_id == session.user_id
            && t.object_kind == wanted
            && t.at >= session.start
            && t.at <= session.end + ATTRIBUTION_GRACE_MS
    })?;
    match session.kind {
        crate::care::FocusKind::Report => Some(WorkOn::Campaign(t.detail.clone())),
        _ => t.object_id.map(WorkOn::Post),
    }
}

/// One piece of a person's work attributed to a campaign, with what it was on (the rows the report links to).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct WorkItem {
    pub user_id: i64,
    /// `compose`, `review`, `report` or `inbox`.
    pub kind: &'static str,
    pub ms: Millis,
    pub at: Millis,
    pub post_id: Option<i64>,
    pub message_id: Option<i64>,
}

/// The work on `campaign`: sessions attributed (see [`session_target`]) to one of its posts or to it, and inbox-time
/// (`care::inbox_work`) on messages answering one of its posts. A post with two campaigns counts in full in both.
pub fn campaign_work(
    campaign: &str,
    sessions: &[Session],
    touches: &[Touch],
    inbox: &[(i64, crate::care::Action)],
    message_posts: &[(i64, i64)],
    post_campaigns: &[(i64, String)],
) -> Vec<WorkItem> {
    let in_campaign = |post: i64| {
        post_campaigns
            .iter()
            .any(|(p, c)| *p == post && c == campaign)
    };
    let mut out = vec![];
    for s in sessions {
        let on = match session_target(s, touches) {
            Some(WorkOn::Post(p)) if in_campaign(p) => Some(p),
            Some(WorkOn::Campaign(c)) if c == campaign => None,
            _ => continue,
        };
        out.push(WorkItem {
            user_id: s.user_id,
            kind: s.kind.as_str(),
            ms: (s.end - s.start).max(0),
            at: s.start,
            post_id: on,
            message_id: None,
        });
    }
    let mut people: Vec<i64> = inbox.iter().map(|(u, _)| *u).collect();
    people.sort_unstable();
    people.dedup();
    for person in people {
        let actions: Vec<crate::care::Action> = inbox
            .iter()
            .filter(|(u, _)| *u == person)
            .map(|(_, a)| a.clone())
            .collect();
        for (message, at, ms) in crate::care::inbox_work(&actions) {
            let Some(post) = message_posts
                .iter()
                .find(|(m, p)| *m == message && in_campaign(*p))
                .map(|(_, p)| *p)
            else {
                continue;
            };
            out.push(WorkItem {
                user_id: person,
                kind: "inbox",
                ms,
                at,
                post_id: Some(post),
                message_id: Some(message),
            });
        }
    }
    out.sort_by_key(|w| (w.at, w.user_id));
    out
}

/// One campaign's return for a period, in hundredths of the workspace's currency.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Return {
    pub value_minor: i64,
    pub labour_minor: i64,
    pub spend_minor: i64,
    pub cost_minor: i64,
    /// `social_roi`, a percentage; `None` when there is no cost to divide by.
    pub roi_percent: Option<f64>,
}

/// **social_roi** = (value − cost) ÷ cost × 100, cost = labour cost + spend (see [`labour_cost`]).
pub fn campaign_return(value_minor: i64, work: &[(Millis, i64)], spend_minor: i64) -> Return {
    let labour_minor = labour_cost(work);
    let cost_minor = labour_minor + spend_minor;
    let roi_percent = match crate::metrics::social_roi(
        value_minor as f64,
        labour_minor as f64,
        spend_minor as f64,
    ) {
        crate::metrics::Figure::Percent(p) => Some(p),
        _ => None,
    };
    Return {
        value_minor,
        labour_minor,
        spend_minor,
        cost_minor,
        roi_percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_counted_and_machines_are_not() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert!(is_person(false, Some(chrome)));
        assert!(!is_person(true, Some(chrome)));
        assert!(!is_person(false, None));
        for machine in [
            "http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)",
            "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Twitterbot/1.0",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        ] {
            assert!(!is_person(false, Some(machine)), "{machine}");
        }
    }

    #[test]
    fn utm_parameters_go_before_the_fragment_and_existing_ones_are_kept() {
        let utm = Utm {
            source: "mastodon",
            medium: "social",
            campaign: "monsoon menu",
        };
        assert_eq!(
            with_utm("https://x.example/a#top", &utm),
            "https://x.example/a?utm_source=mastodon&utm_medium=social&utm_campaign=monsoon%20menu#top"
        );
        assert_eq!(
            with_utm("https://x.example/a?b=1", &utm),
            "https://x.example/a?b=1&utm_source=mastodon&utm_medium=social&utm_campaign=monsoon%20menu"
        );
        assert_eq!(
            with_utm("https://x.example/?utm_source=x", &utm),
            "https://x.example/?utm_source=x"
        );
    }

    #[test]
    fn only_links_are_rewritten_and_our_own_short_links_are_left_alone() {
        let text = "New menu: https://cafe.example/menu. And https://s.example/l/abcdefgh, bye";
        let out = rewrite_links(text, "https://s.example/l/", |u| format!("<{u}>"));
        assert_eq!(
            out,
            "New menu: <https://cafe.example/menu>. And https://s.example/l/abcdefgh, bye"
        );
    }

    #[test]
    fn a_person_clicking_twice_in_a_day_is_one_visitor() {
        let rows = [
            Click {
                salt_day: "2026-01-01",
                visitor: "a",
            },
            Click {
                salt_day: "2026-01-01",
                visitor: "a",
            },
            Click {
                salt_day: "2026-01-02",
                visitor: "a",
            },
        ];
        assert_eq!(clicks(&rows), 3);
        assert_eq!(unique_visitors(&rows), 2);
    }

    #[test]
    fn money_is_read_and_written_in_hundredths() {
        assert_eq!(parse_money("1,234.5"), Some(123_450));
        assert_eq!(parse_money("12"), Some(1_200));
        assert_eq!(parse_money("0.07"), Some(7));
        assert_eq!(parse_money("1.234"), None);
        assert_eq!(parse_money("abc"), None);
        assert_eq!(parse_money(""), None);
        assert_eq!(money(123_450), "1234.50");
        assert_eq!(money(-5), "-0.05");
        assert_eq!(
            labour_cost(&[(5_400_000, 2_000), (1_800_000, 1_000)]),
            3_500
        );
    }

    #[test]
    fn the_click_id_joins_the_query() {
        assert_eq!(
            with_click_id("https://x.example/a?b=1#f", "t1"),
            "https://x.example/a?b=1&sg_click=t1#f"
        );
        assert_eq!(
            with_click_id("https://x.example/", "t1"),
            "https://x.example/?sg_click=t1"
        );
    }
}
