//! What a team's own labels do: the learning curve of the Hindi and Hinglish dev figures as the
//! shipped model learns 0, 100, 1,000 and all of a pool of corrections (`sangam model curve`).
//!
//! The product learns an inbox correction with [`Model::learn_one`] on the workspace's copy of the
//! shipped model; the curve replays labelled rows the same way, in a seeded random order, and
//! measures macro-F1 of the whole analysis on rows the corrections never saw:
//! - TRAC-1 Hindi: corrections from `trac1_agr_hi_train.csv`, measured on `trac1_agr_hi_dev.csv`;
//! - HASOC-2019 Hindi: its one labelled file split by a seeded shuffle, 70% corrections and 30%
//!   measured.

use crate::dataset::{self, Column, TableOptions};
use crate::error::TextError;
use crate::eval::macro_f1;
use crate::{Analyzer, Model};
use std::path::Path;

/// How many corrections each point of the curve has learned (`usize::MAX`: the whole pool).
pub const STEPS: &[usize] = &[0, 100, 1_000, usize::MAX];

/// One point: a set's macro-F1 after learning `corrections` corrections.
#[derive(Clone, Debug, PartialEq)]
pub struct CurvePoint {
    /// The measured set.
    pub set: &'static str,
    /// Corrections learned.
    pub corrections: usize,
    /// Macro-F1 of the analysis on the measured rows.
    pub macro_f1: f64,
    /// Rows measured.
    pub rows: usize,
}

/// The curve of every set found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curve {
    /// Points, set by set, in [`STEPS`] order.
    pub points: Vec<CurvePoint>,
}

impl std::fmt::Display for Curve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<22} {:>12} {:>6}  {:>8}",
            "set", "corrections", "rows", "macro_f1"
        )?;
        for p in &self.points {
            writeln!(
                f,
                "{:<22} {:>12} {:>6}  {:>8.3}",
                p.set, p.corrections, p.rows, p.macro_f1
            )?;
        }
        Ok(())
    }
}

type Labelled = Vec<(String, bool)>;

fn read(
    path: &Path,
    text: Column,
    label: Column,
    positive: &[&str],
) -> Result<Labelled, TextError> {
    let opts = TableOptions {
        text_column: Some(text),
        label_column: Some(label),
        delimiter: None,
    };
    let rows = dataset::read_labelled(path, &opts)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let y = positive.iter().any(|p| p.eq_ignore_ascii_case(&r.label));
            (r.text, y)
        })
        .collect())
}

/// A seeded shuffle (xorshift64*), so the curve is the same on every run.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut s = seed | 1;
    for i in (1..v.len()).rev() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        let j = (s.wrapping_mul(0x2545_f491_4f6c_dd1d) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// Macro-F1 of `analyzer` with `model` on `rows`.
pub fn score(analyzer: &Analyzer, model: Option<&Model>, rows: &[(String, bool)]) -> f64 {
    let gold: Vec<bool> = rows.iter().map(|r| r.1).collect();
    let pred: Vec<bool> = rows
        .iter()
        .map(|r| analyzer.analyze_with(&r.0, model).abuse.abusive)
        .collect();
    macro_f1(&gold, &pred)
}

/// The points of one set: the shipped model learning `pool` in order, measured on `measured`.
pub fn curve_of(
    set: &'static str,
    analyzer: &Analyzer,
    shipped: &Model,
    pool: &[(String, bool)],
    measured: &[(String, bool)],
) -> Vec<CurvePoint> {
    let mut model = shipped.clone();
    let mut learned = 0;
    let mut out = Vec::new();
    for &step in STEPS {
        let upto = step.min(pool.len());
        for (text, abusive) in &pool[learned..upto] {
            model.learn_one(text, *abusive);
        }
        learned = upto;
        out.push(CurvePoint {
            set,
            corrections: learned,
            macro_f1: score(analyzer, Some(&model), measured),
            rows: measured.len(),
        });
    }
    out
}

/// The learning curve over the Hindi sets under `data_dir` (see the module documentation).
pub fn learning_curve(data_dir: &Path, shipped: &Model) -> Result<Curve, TextError> {
    if !data_dir.is_dir() {
        return Err(TextError::DataMissing(data_dir.to_path_buf()));
    }
    let analyzer = Analyzer::without_model();
    let abuse = data_dir.join("abuse");
    let mut curve = Curve::default();
    let trac = |f: &str| {
        read(
            &abuse.join(f),
            Column::Index(1),
            Column::Index(2),
            &["OAG", "CAG"],
        )
    };
    if abuse.join("trac1_agr_hi_train.csv").exists() && abuse.join("trac1_agr_hi_dev.csv").exists()
    {
        let mut pool = trac("trac1_agr_hi_train.csv")?;
        shuffle(&mut pool, 42);
        let dev = trac("trac1_agr_hi_dev.csv")?;
        curve.points.extend(curve_of(
            "trac1_agr_hi_dev",
            &analyzer,
            shipped,
            &pool,
            &dev,
        ));
    }
    let hasoc = abuse.join("hasoc2019_hi_train.tsv");
    if hasoc.exists() {
        let mut rows = read(
            &hasoc,
            Column::Name("text".into()),
            Column::Name("task_1".into()),
            &["HOF"],
        )?;
        shuffle(&mut rows, 42);
        let cut = rows.len() * 7 / 10;
        let (pool, measured) = rows.split_at(cut);
        curve.points.extend(curve_of(
            "hasoc2019_hi (30%)",
            &analyzer,
            shipped,
            pool,
            measured,
        ));
    }
    Ok(curve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_move_the_figure_on_rows_they_never_saw() {
        // A team whose customers call the product "bakwas" (rubbish): abusive in their inbox.
        let pool: Vec<(String, bool)> = (0..200)
            .map(|i| {
                if i % 2 == 0 {
                    (format!("ye phone number {i} ekdam bakwas nikla"), true)
                } else {
                    (format!("ye phone number {i} ekdam badhiya nikla"), false)
                }
            })
            .collect();
        let measured: Vec<(String, bool)> = vec![
            ("bakwas service hai tumhari".into(), true),
            ("bakwas log".into(), true),
            ("badhiya service hai tumhari".into(), false),
            ("badhiya log".into(), false),
        ];
        let shipped = Analyzer::shipped_model();
        assert!(shipped.is_ok());
        let Ok(shipped) = shipped else { return };
        let points = curve_of(
            "team",
            &Analyzer::without_model(),
            &shipped,
            &pool,
            &measured,
        );
        assert_eq!(
            points.iter().map(|p| p.corrections).collect::<Vec<_>>(),
            vec![0, 100, 200, 200]
        );
        assert!(points[0].macro_f1 < 1.0, "{points:?}");
        assert!((points[3].macro_f1 - 1.0).abs() < 1e-9, "{points:?}");
    }

    #[test]
    fn the_curve_says_when_the_folder_is_absent() {
        let shipped = Analyzer::shipped_model();
        let Ok(shipped) = shipped else { return };
        let r = learning_curve(Path::new("/nonexistent/sangam-data"), &shipped);
        assert!(matches!(r, Err(TextError::DataMissing(_))));
    }
}
