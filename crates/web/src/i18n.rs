//! Every user-visible string goes through Fluent. `en-US` and `hi-IN` are complete; a missing Hindi string falls
//! back to English rather than showing an id.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use jiff::tz::TimeZone;
use sangam_domain::Millis;
use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        // Unicode isolation marks around arguments confuse copy-paste and tests; our arguments are plain.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages a person can pick, as (code, name in that language).
pub const LANGUAGES: &[(&str, &str)] = &[("en-US", "English"), ("hi-IN", "हिन्दी")];

pub fn is_supported(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| *c == code)
}

/// The supported language a browser asks for first in its `Accept-Language` header (`hi-IN,hi;q=0.9,en;q=0.8`),
/// matching a bare language (`hi`) to its regional catalogue; English when none matches. For pages shown before
/// anyone has signed in (sign-in, invitation and reset links).
pub fn from_accept_language(headers: &axum::http::HeaderMap) -> &'static str {
    let Some(header) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return "en-US";
    };
    let mut wanted: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    // Highest quality first; equal qualities keep the browser's order.
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, tag) in wanted {
        let primary = tag.split('-').next().unwrap_or(tag);
        let found = LANGUAGES.iter().map(|(c, _)| *c).find(|code| {
            code.eq_ignore_ascii_case(tag)
                || code
                    .split('-')
                    .next()
                    .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        });
        if let Some(code) = found {
            return code;
        }
    }
    "en-US"
}

/// One part of a notice: text, or a number the message may choose a plural form by.
enum Arg {
    Text(String),
    Number(i64),
}

/// A translator bound to the viewer's language and time zone; templates call it as `t`.
#[derive(Clone, Debug)]
pub struct Tr {
    lang: LanguageIdentifier,
    code: &'static str,
    tz: TimeZone,
}

impl Tr {
    /// English in UTC: the language of the API's sentences and of logs.
    pub fn english() -> Self {
        Tr::new("en-US", "UTC")
    }

    pub fn new(language: &str, time_zone: &str) -> Self {
        let code = LANGUAGES
            .iter()
            .map(|(c, _)| *c)
            .find(|c| *c == language)
            .unwrap_or("en-US");
        let lang = code.parse().unwrap_or_default();
        Tr {
            lang,
            code,
            tz: crate::time_fmt::zone(time_zone),
        }
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        LOCALES.lookup(&self.lang, id)
    }

    /// The message `id` with one argument. A whole number is passed as a number, so a message can choose its plural
    /// form (`[one]` / `*[other]`) whatever type the caller counted in; anything else is passed as text.
    pub fn t1(&self, id: &str, name: &'static str, value: impl ToString) -> String {
        let text = value.to_string();
        let value = match text.parse::<i64>() {
            Ok(n) => FluentValue::from(n),
            Err(_) => FluentValue::from(text),
        };
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed(name), value);
        LOCALES.lookup_with_args(&self.lang, id, &args)
    }

    /// The message `id` with named text arguments, as an error's sentence carries them.
    pub fn with_args(&self, id: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.as_str())))
            .collect();
        LOCALES.lookup_with_args(&self.lang, id, &args)
    }

    /// The message `id` with a count argument `name`, passed as a number so the message can choose its plural form
    /// (`[one]` / `*[other]`; Hindi's "one" covers 0 and 1).
    /// Takes a reference or a value, as templates pass either.
    pub fn t_count(&self, id: &str, name: &'static str, count: impl Borrow<i64>) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(*count.borrow()));
        LOCALES.lookup_with_args(&self.lang, id, &args)
    }

    /// A stored time in the viewer's zone. Takes a reference or a value, as templates pass either.
    pub fn time(&self, millis: impl Borrow<Millis>) -> String {
        crate::time_fmt::local(*millis.borrow(), &self.tz)
    }

    pub fn iso(&self, millis: impl Borrow<Millis>) -> String {
        crate::time_fmt::iso(*millis.borrow())
    }

    /// The message `{prefix}-{suffix}`, for names kept as codes (roles, states, statuses).
    pub fn named(&self, prefix: &str, suffix: &str) -> String {
        self.t(&format!("{prefix}-{suffix}"))
    }

    /// The message `id` if the catalogue has it, else `None` (for codes that may be new, like audit actions).
    pub fn maybe(&self, id: &str) -> Option<String> {
        LOCALES.try_lookup(&self.lang, id).filter(|s| !s.is_empty())
    }

    /// An audit log action in words ("viewed a report", "signed in"); an action the catalogue does not know yet is
    /// shown with its underscores as spaces rather than as a code.
    pub fn audit_action(&self, code: &str) -> String {
        self.maybe(&format!("audit-do-{code}"))
            .unwrap_or_else(|| code.replace('_', " "))
    }

    /// The kind of object an audit entry is about ("post", "API token").
    pub fn audit_kind(&self, code: &str) -> String {
        self.maybe(&format!("audit-kind-{code}"))
            .unwrap_or_else(|| code.replace('_', " "))
    }

    /// A duration to the minute, short: `1 h 14 min` / `1 घं 14 मि`.
    pub fn duration(&self, ms: Millis) -> String {
        let minutes = ms.abs() / 60_000;
        let (h, m) = (minutes / 60, minutes % 60);
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed("h"), FluentValue::from(h));
        args.insert(Cow::Borrowed("m"), FluentValue::from(m));
        let id = if h > 0 {
            "duration-hours-minutes"
        } else {
            "duration-minutes"
        };
        let text = LOCALES.lookup_with_args(&self.lang, id, &args);
        if ms < 0 && minutes > 0 {
            format!("-{text}")
        } else {
            text
        }
    }

    /// A notification in the viewer's language. Notices are stored as the English sentence the engine wrote, with
    /// their kind; the known kinds are read back into their parts and said again from the catalogue. A sentence
    /// that does not have the expected shape is shown as stored, so nothing is ever lost.
    pub fn notice(&self, kind: &str, message: &str) -> String {
        self.notice_parts(kind, message)
            .map(|(id, args)| {
                let mut fluent: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
                for (name, value) in args {
                    let value = match value {
                        Arg::Text(s) => FluentValue::from(s),
                        Arg::Number(n) => FluentValue::from(n),
                    };
                    fluent.insert(Cow::Borrowed(name), value);
                }
                LOCALES.lookup_with_args(&self.lang, id, &fluent)
            })
            .unwrap_or_else(|| message.to_string())
    }

    fn notice_parts(
        &self,
        kind: &str,
        m: &str,
    ) -> Option<(&'static str, Vec<(&'static str, Arg)>)> {
        let text = |s: &str| Arg::Text(s.trim().to_string());
        match kind {
            "approval_waiting" => {
                let name = m
                    .strip_prefix("A post by ")?
                    .strip_suffix(" is waiting for your approval.")?;
                Some(("notice-approval-waiting", vec![("name", text(name))]))
            }
            "approval_decision" => [
                (" approved your post.", "notice-approval-approved"),
                (" rejected your post.", "notice-approval-rejected"),
                (
                    " asked for changes to your post.",
                    "notice-approval-changes",
                ),
            ]
            .into_iter()
            .find_map(|(tail, id)| {
                m.strip_suffix(tail)
                    .map(|name| (id, vec![("name", text(name))]))
            }),
            "inbox_alert" => {
                let (count, rest) = m.split_once(" new message(s) to @")?;
                let handle = rest.strip_suffix(" matched an alert rule.")?;
                Some((
                    "notice-inbox-alert",
                    vec![
                        ("count", Arg::Number(count.trim().parse().ok()?)),
                        ("handle", text(handle)),
                    ],
                ))
            }
            "post_held" => {
                let note = m.strip_prefix("A post came due but was held: ")?;
                Some(("notice-post-held", vec![("note", text(note))]))
            }
            "profile_needs_reconnect" => {
                let rest =
                    m.strip_prefix("The network no longer accepts Sangam's credentials for @")?;
                let (handle, rest) = rest.split_once(" (")?;
                let (detail, _) = rest.rsplit_once("). Reconnect it")?;
                Some((
                    "notice-reconnect",
                    vec![("handle", text(handle)), ("detail", text(detail))],
                ))
            }
            "token_expiring" => {
                // sangam_engine::token_refresh::expiry_warning
                let rest = m.strip_prefix("Sangam cannot renew the ")?;
                let (network, rest) = rest.split_once(" token of @")?;
                let (handle, rest) = rest.split_once(" and it stops working on ")?;
                let (day, _) = rest.split_once(". Reconnect the profile")?;
                Some((
                    "notice-token-expiring",
                    vec![
                        ("network", text(network)),
                        ("handle", text(handle)),
                        ("day", text(day)),
                    ],
                ))
            }
            "care_alert" => {
                let (head, values) = m.rsplit_once(" days running: ")?;
                let values = values.strip_suffix('.').unwrap_or(values);
                let (head, days) = head.rsplit_once(" on ")?;
                let days: i64 = days.trim().parse().ok()?;
                if let Some((name, rest)) =
                    head.split_once(" opened at least their daily budget of ")
                {
                    let budget = rest.split_whitespace().next()?;
                    Some((
                        "notice-care-exposure",
                        vec![
                            ("name", text(name)),
                            ("budget", Arg::Number(budget.parse().ok()?)),
                            ("days", Arg::Number(days)),
                            ("values", text(values)),
                        ],
                    ))
                } else {
                    let (name, rest) = head.split_once(" worked ")?;
                    let threshold = rest.split_whitespace().next()?;
                    Some((
                        "notice-care-after-hours",
                        vec![
                            ("name", text(name)),
                            ("threshold", Arg::Number(threshold.parse().ok()?)),
                            ("days", Arg::Number(days)),
                            ("values", text(values)),
                        ],
                    ))
                }
            }
            _ => None,
        }
    }

    pub fn zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The `lang` attribute of the page.
    pub fn lang(&self) -> &'static str {
        self.code
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(path: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .map(|s| s.trim().to_string())
            .collect()
    }

    #[test]
    fn hindi_has_every_english_message() {
        let en = ids(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/en-US/main.ftl"
        ));
        let hi = ids(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/hi-IN/main.ftl"
        ));
        assert!(en.len() > 50, "the English messages were read");
        let missing: Vec<_> = en.difference(&hi).collect();
        assert!(missing.is_empty(), "missing in hi-IN: {missing:?}");
    }

    #[test]
    fn a_count_passed_as_any_integer_type_picks_the_plural_form() {
        let en = Tr::english();
        let one: usize = 1;
        assert_eq!(
            en.t1("conversions-imported", "count", one),
            "Imported one conversion row."
        );
        assert_eq!(
            en.t1("conversions-imported", "count", 3u64),
            "Imported 3 conversion rows."
        );
        // Text that only starts like a number stays text.
        assert!(en.t1("report-roi-listed", "count", "12a").contains("12a"));
    }

    #[test]
    fn the_browser_language_picks_the_catalogue() {
        let with = |v: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(
                axum::http::header::ACCEPT_LANGUAGE,
                axum::http::HeaderValue::from_str(v).unwrap(),
            );
            from_accept_language(&h)
        };
        assert_eq!(with("hi-IN,hi;q=0.9,en;q=0.8"), "hi-IN");
        assert_eq!(with("hi"), "hi-IN");
        assert_eq!(with("fr-FR,hi;q=0.5,en;q=0.4"), "hi-IN");
        assert_eq!(with("en-GB,hi;q=0.9"), "en-US");
        assert_eq!(with("de, fr"), "en-US");
        assert_eq!(with("hi;q=0, en"), "en-US");
        assert_eq!(from_accept_language(&axum::http::HeaderMap::new()), "en-US");
    }

    #[test]
    fn durations_and_audit_actions_read_as_words_in_both_languages() {
        let en = Tr::new("en-US", "UTC");
        let hi = Tr::new("hi-IN", "UTC");
        assert_eq!(en.duration(74 * 60_000), "1 h 14 min");
        assert_eq!(hi.duration(74 * 60_000), "1 घं 14 मि");
        assert_eq!(en.duration(5 * 60_000), "5 min");
        assert_eq!(en.audit_action("report_viewed"), "viewed a report");
        assert_eq!(en.audit_action("signed_in"), "signed in");
        assert_eq!(hi.audit_action("signed_in"), "साइन इन किया");
        assert_eq!(en.audit_action("some_new_thing"), "some new thing");
        assert_eq!(hi.audit_kind("post"), "पोस्ट");
    }

    #[test]
    fn notices_are_said_again_in_the_viewers_language() {
        let hi = Tr::new("hi-IN", "UTC");
        let en = Tr::new("en-US", "UTC");
        assert_eq!(
            hi.notice("approval_decision", "Meera Iyer approved your post."),
            "Meera Iyer ने आपकी पोस्ट मंज़ूर की।"
        );
        assert_eq!(
            en.notice(
                "inbox_alert",
                "1 new message(s) to @monsoon matched an alert rule."
            ),
            "One new message to @monsoon matched an alert rule."
        );
        assert_eq!(
            hi.notice(
                "inbox_alert",
                "3 new message(s) to @monsoon matched an alert rule."
            ),
            "@monsoon को आए 3 नए संदेश एक अलर्ट नियम से मेल खाते हैं।"
        );
        assert_eq!(
            en.notice(
                "care_alert",
                "Kabir worked 5 or more actions outside their business hours, weekends included (formula: x >= 5) on 3 days running: 2026-11-01 6, 2026-11-02 7, 2026-11-03 5."
            ),
            "Kabir worked 5 or more actions outside business hours on 3 days running: 2026-11-01 6, 2026-11-02 7, 2026-11-03 5."
        );
        let warning = sangam_engine::token_refresh::expiry_warning("acme", "X", 1_767_225_600_000);
        assert_eq!(en.notice("token_expiring", &warning), warning);
        assert_eq!(
            hi.notice("token_expiring", &warning),
            "Sangam @acme का X टोकन नवीनीकृत नहीं कर सकता और यह 2026-01-01 00:00 UTC को काम करना बंद कर देगा। उससे \
             पहले प्रोफ़ाइल पेज पर प्रोफ़ाइल फिर से जोड़िए।"
        );
        // A sentence of another shape is shown as it was stored.
        assert_eq!(
            hi.notice("approval_waiting", "Something else."),
            "Something else."
        );
        assert_eq!(hi.notice("new_kind", "As stored."), "As stored.");
    }

    #[test]
    fn counts_choose_their_plural_form() {
        let en = Tr::new("en-US", "UTC");
        assert_eq!(
            en.t_count("notifications-unread", "count", 1),
            "1 new notification"
        );
        assert_eq!(
            en.t_count("notifications-unread", "count", 3),
            "3 new notifications"
        );
        let hi = Tr::new("hi-IN", "UTC");
        assert_eq!(hi.t_count("notifications-unread", "count", 1), "1 नई सूचना");
        assert_eq!(hi.t_count("notifications-unread", "count", 3), "3 नई सूचनाएँ");
    }

    #[test]
    fn the_interface_speaks_hindi() {
        assert_eq!(Tr::new("hi-IN", "UTC").t("nav-dashboard"), "डैशबोर्ड");
        assert_eq!(Tr::new("en-US", "UTC").t("nav-dashboard"), "Dashboard");
        assert_eq!(Tr::new("fr-FR", "UTC").lang(), "en-US");
    }
}
