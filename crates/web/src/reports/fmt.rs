//! Figures written in the viewer's language.

use super::view::Cell;
use crate::i18n::Tr;
use sangam_domain::Millis;
use sangam_domain::metrics::{Figure, NumberStyle};

/// Writes figures in the viewer's language: digit grouping, percent, durations with localised units, money. How a
/// figure is written follows from its type only.
pub struct Fmt<'a> {
    pub t: &'a Tr,
    pub style: NumberStyle,
}

impl<'a> Fmt<'a> {
    pub fn new(t: &'a Tr) -> Fmt<'a> {
        Fmt {
            t,
            style: NumberStyle::for_language(t.lang()),
        }
    }

    /// The figure's text, and whether it is a missing figure (styled apart).
    pub fn figure(&self, f: Figure) -> (String, bool) {
        match f {
            Figure::Count(n) => (self.style.integer(n), false),
            Figure::Percent(v) => (self.style.percent(v), false),
            Figure::Duration(ms) => (self.duration(ms), false),
            Figure::Money { minor, currency } => (self.style.money(minor, currency), false),
            Figure::NotReported => (self.t.t("report-not-reported"), true),
            Figure::NoData => (self.t.t("report-no-data"), true),
        }
    }

    pub fn text(&self, f: Figure) -> String {
        self.figure(f).0
    }

    /// `1 h 14 min` / `1 घंटा 14 मिनट`, to the minute.
    pub fn duration(&self, ms: Millis) -> String {
        let minutes = ms.abs() / 60_000;
        let (h, m) = (minutes / 60, minutes % 60);
        let sign = if ms < 0 && minutes > 0 { "-" } else { "" };
        let mins = self.t.t_count("figure-minutes", "count", m);
        if h > 0 {
            format!(
                "{sign}{} {mins}",
                self.t.t_count("figure-hours", "count", h)
            )
        } else {
            format!("{sign}{mins}")
        }
    }

    /// The change from `then` to `now`: counts and durations as a signed difference, percentages in points.
    pub fn change(&self, now: Figure, then: Figure) -> String {
        let sign = |d: f64| if d < 0.0 { "-" } else { "+" };
        match (now, then) {
            (Figure::Count(a), Figure::Count(b)) => {
                format!(
                    "{}{}",
                    sign((a - b) as f64),
                    self.style.integer((a - b).abs())
                )
            }
            (Figure::Percent(a), Figure::Percent(b)) => {
                let d = a - b;
                format!(
                    "{}{} {}",
                    sign(d),
                    self.style.decimal(d.abs(), 2),
                    self.t.t("report-points")
                )
            }
            (Figure::Duration(a), Figure::Duration(b)) => {
                format!("{}{}", sign((a - b) as f64), self.duration((a - b).abs()))
            }
            (
                Figure::Money {
                    minor: a,
                    currency: c,
                },
                Figure::Money {
                    minor: b,
                    currency: d,
                },
            ) if c == d => format!(
                "{}{}",
                sign((a - b) as f64),
                self.style.money((a - b).abs(), c)
            ),
            _ => self.t.t("report-no-data"),
        }
    }

    pub fn cell(&self, metric: &'static str, f: Figure, rows: Option<String>) -> Cell {
        let (text, missing) = self.figure(f);
        Cell {
            text,
            metric: Some(metric),
            rows,
            missing,
            figure: Some(f),
        }
    }

    pub(super) fn count(&self, metric: &'static str, v: Option<i64>, rows: Option<String>) -> Cell {
        self.cell(metric, Figure::count(v), rows)
    }
}
