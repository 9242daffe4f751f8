//! One view of a report, that the page, the printable page, the shared page and the CSV export all read: sections of
//! tables and charts, every figure naming its catalogue entry.

use super::fmt::Fmt;
use super::params::{ReportKind, ReportParams};
use crate::i18n::Tr;
use sangam_domain::metrics::{Figure, Unit};

/// One cell. `metric` links the figure to its catalogue entry; `rows` to the rows it was computed from; `figure` is
/// the typed value the text was written from (pages mark the unit, CSV writes the number).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub metric: Option<&'static str>,
    pub rows: Option<String>,
    /// "not reported by this network" and "no data" are styled apart from numbers.
    pub missing: bool,
    pub figure: Option<Figure>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ..Cell::default()
        }
    }

    /// The unit of the figure in this cell, for the page's `data-unit` (empty for text and missing figures).
    pub fn unit(&self) -> &'static str {
        match self.figure.and_then(Figure::unit) {
            Some(u) => unit_slug(u),
            None => "",
        }
    }
}

/// A unit's stable name: `data-unit` on pages, the unit of CSV headers.
pub fn unit_slug(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::Percent | Unit::ReturnPercent => "percent",
        Unit::Duration => "duration",
        Unit::Money => "money",
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    pub metric: Option<&'static str>,
    /// A link that sorts the table by this column.
    pub sort: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Stable name: the anchor on the page and the `table` of the CSV export.
    pub id: &'static str,
    pub title: String,
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The unit of column `i`, read from the figures of ours in it (so a column of counts linked to a rate's
    /// definition is still a column of counts).
    pub fn unit_of(&self, i: usize) -> Option<Unit> {
        let mut units = self.rows.iter().filter_map(|r| {
            r.get(i)
                .filter(|c| c.metric.is_some())
                .and_then(|c| c.figure)
                .and_then(Figure::unit)
        });
        let first = units.next()?;
        units.all(|u| u == first).then_some(first)
    }

    /// Whether some column holds figures of different units (the comparison table: one metric per row).
    pub(super) fn mixed_units(&self) -> bool {
        (0..self.columns.len()).any(|i| {
            self.unit_of(i).is_none()
                && self.rows.iter().any(|r| {
                    r.get(i)
                        .filter(|c| c.metric.is_some())
                        .and_then(|c| c.figure)
                        .and_then(Figure::unit)
                        .is_some()
                })
        })
    }

    /// Leaves out the metric columns whose every figure is "not reported by this network" (impressions on sandbox,
    /// Mastodon and Bluesky), and says in the note which ones were left out, so the table fits the screen without
    /// a column of the same words.
    pub(super) fn without_unreported(mut self, t: &Tr) -> Table {
        if self.rows.is_empty() {
            return self;
        }
        let unreported: Vec<usize> = (0..self.columns.len())
            .filter(|i| {
                self.columns[*i].metric.is_some()
                    && self
                        .rows
                        .iter()
                        .all(|r| r.get(*i).and_then(|c| c.figure) == Some(Figure::NotReported))
            })
            .collect();
        if unreported.is_empty() {
            return self;
        }
        let names: Vec<String> = unreported
            .iter()
            .map(|i| self.columns[*i].label.clone())
            .collect();
        for i in unreported.iter().rev() {
            self.columns.remove(*i);
            for r in &mut self.rows {
                if *i < r.len() {
                    r.remove(*i);
                }
            }
        }
        let left_out = t.t1("report-columns-not-reported", "metrics", names.join(", "));
        self.note = Some(match self.note {
            Some(n) => format!("{n} {left_out}"),
            None => left_out,
        });
        self
    }
}

#[derive(Debug, Clone)]
pub struct ReportView {
    pub kind: ReportKind,
    pub title: String,
    pub period_label: String,
    pub compare_label: Option<String>,
    pub params: ReportParams,
    /// Server-drawn SVG charts (markup built here with every text escaped).
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    /// What the chart's marks mean (shade, lines, bands), in words beside it.
    pub legend: Option<String>,
}

pub(crate) fn col(t: &Tr, label_id: &str) -> Column {
    Column {
        label: t.t(label_id),
        metric: None,
        sort: None,
    }
}

pub(crate) fn metric_col(t: &Tr, metric: &'static str) -> Column {
    Column {
        label: t.t(&format!("glossary-{metric}-name")),
        metric: Some(metric),
        sort: None,
    }
}

pub(super) fn opt(v: Option<i64>) -> Figure {
    Figure::count(v)
}

pub(super) fn num(v: i64) -> Figure {
    Figure::Count(v)
}

pub(super) fn compare_table(
    t: &Tr,
    f: &Fmt<'_>,
    figures: &[(&'static str, Figure, Figure)],
) -> Table {
    Table {
        id: "comparison",
        title: t.t("report-comparison-table"),
        note: Some(t.t("report-comparison-note")),
        columns: vec![
            col(t, "report-col-metric"),
            col(t, "report-col-this-period"),
            col(t, "report-col-comparison-period"),
            col(t, "report-col-change"),
        ],
        rows: figures
            .iter()
            .map(|(metric, now, then)| {
                let change = f.change(*now, *then);
                vec![
                    Cell {
                        text: t.t(&format!("glossary-{metric}-name")),
                        metric: Some(metric),
                        ..Cell::default()
                    },
                    f.cell(metric, *now, None),
                    f.cell(metric, *then, None),
                    Cell::text(change),
                ]
            })
            .collect(),
    }
}
