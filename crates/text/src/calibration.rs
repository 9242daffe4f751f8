//! What a threshold means: for each candidate line between 0.05 and 0.95 (in steps of 0.01), how many labelled texts
//! it flags rightly and wrongly. The shipped figures come from the dev sets (`model/thresholds.tsv`, written by
//! `sangam model thresholds --data ../shared/data`); a workspace's come from its own people's verdicts.

use crate::Analyzer;
use crate::error::TextError;
use crate::eval::Confusion;
use std::fmt::Write as _;
use std::path::Path;

/// The lowest threshold a workspace may choose.
pub const MIN_THRESHOLD: f64 = 0.05;
/// The highest threshold a workspace may choose.
pub const MAX_THRESHOLD: f64 = 0.95;

/// The shipped figures per dev set and threshold (see the module's head).
const SHIPPED_CURVE: &str = include_str!("../model/thresholds.tsv");

/// The thresholds the curves are given at: 0.05, 0.06, ... 0.95.
pub fn grid() -> impl Iterator<Item = f64> {
    (5..=95).map(|h| f64::from(h) / 100.0)
}

/// A chosen threshold on the grid: rounded to hundredths and kept within [`MIN_THRESHOLD`]..=[`MAX_THRESHOLD`];
/// `None` for what is not a number.
pub fn on_grid(threshold: f64) -> Option<f64> {
    threshold
        .is_finite()
        .then(|| ((threshold * 100.0).round() / 100.0).clamp(MIN_THRESHOLD, MAX_THRESHOLD))
}

/// The confusion table at one threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// A text counts as abusive from this score on.
    pub threshold: f64,
    /// The counts at that line.
    pub confusion: Confusion,
}

impl CurvePoint {
    /// Share of flagged texts that were abusive.
    pub fn precision(&self) -> f64 {
        self.confusion.precision()
    }

    /// Share of abusive texts that were flagged.
    pub fn recall(&self) -> f64 {
        self.confusion.recall()
    }
}

/// The curve of labelled scores `(score, abusive)`: a text is flagged where its score reaches the threshold, as the
/// analysis decides ([`crate::Abuse::at_threshold`]).
pub fn curve(scored: &[(f64, bool)]) -> Vec<CurvePoint> {
    grid()
        .map(|t| {
            let mut c = Confusion::default();
            for &(score, abusive) in scored {
                match (abusive, score >= t - 1e-9) {
                    (true, true) => c.true_positive += 1,
                    (false, true) => c.false_positive += 1,
                    (true, false) => c.false_negative += 1,
                    (false, false) => c.true_negative += 1,
                }
            }
            CurvePoint {
                threshold: t,
                confusion: c,
            }
        })
        .collect()
}

/// The point of `curve` nearest to `threshold`.
pub fn at(curve: &[CurvePoint], threshold: f64) -> Option<CurvePoint> {
    curve
        .iter()
        .min_by(|a, b| {
            (a.threshold - threshold)
                .abs()
                .total_cmp(&(b.threshold - threshold).abs())
        })
        .copied()
}

/// One dev set's curve, as shipped.
#[derive(Clone, Debug, PartialEq)]
pub struct SetCurve {
    /// The dev set ("tweeteval_offensive_val", ...).
    pub set: String,
    /// One point per grid threshold.
    pub points: Vec<CurvePoint>,
}

/// Reads curves in the shipped file's format: `set TAB threshold TAB tp TAB fp TAB fn TAB tn` per line, `#` comments.
pub fn parse_curves(text: &str) -> Result<Vec<SetCurve>, TextError> {
    let mut out: Vec<SetCurve> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || TextError::BadRow {
            path: "model/thresholds.tsv".into(),
            line: i as u64 + 1,
            message: "expected set, threshold, tp, fp, fn, tn".to_owned(),
        };
        let f: Vec<&str> = line.split('\t').collect();
        let [set, t, tp, fp, fnn, tn] = f.as_slice() else {
            return Err(bad());
        };
        let n = |s: &str| s.parse::<usize>().map_err(|_| bad());
        let point = CurvePoint {
            threshold: t.parse::<f64>().map_err(|_| bad())?,
            confusion: Confusion {
                true_positive: n(tp)?,
                false_positive: n(fp)?,
                false_negative: n(fnn)?,
                true_negative: n(tn)?,
            },
        };
        match out.last_mut() {
            Some(c) if c.set == *set => c.points.push(point),
            _ => out.push(SetCurve {
                set: (*set).to_owned(),
                points: vec![point],
            }),
        }
    }
    Ok(out)
}

/// The shipped analyser's curve on each dev set (empty if the shipped file were unreadable, which a unit test rules
/// out).
pub fn shipped_curves() -> Vec<SetCurve> {
    parse_curves(SHIPPED_CURVE).unwrap_or_default()
}

/// The dev sets pooled: at each threshold the counts of every set added up.
pub fn pooled(curves: &[SetCurve]) -> Vec<CurvePoint> {
    grid()
        .map(|t| {
            let mut c = Confusion::default();
            for set in curves {
                if let Some(p) = set.points.iter().find(|p| (p.threshold - t).abs() < 1e-6) {
                    c.true_positive += p.confusion.true_positive;
                    c.false_positive += p.confusion.false_positive;
                    c.false_negative += p.confusion.false_negative;
                    c.true_negative += p.confusion.true_negative;
                }
            }
            CurvePoint {
                threshold: t,
                confusion: c,
            }
        })
        .collect()
}

/// Writes curves in the shipped file's format.
pub fn format_curves(curves: &[SetCurve]) -> String {
    let mut out = String::from(
        "# The shipped analyser's abuse verdicts on each dev set of ../shared/data at each threshold\n\
         # (sangam model thresholds --data ../shared/data): set, threshold, tp, fp, fn, tn.\n",
    );
    for c in curves {
        for p in &c.points {
            let k = p.confusion;
            let _ = writeln!(
                out,
                "{}\t{:.2}\t{}\t{}\t{}\t{}",
                c.set,
                p.threshold,
                k.true_positive,
                k.false_positive,
                k.false_negative,
                k.true_negative
            );
        }
    }
    out
}

/// Measures `analyzer` on every abuse dev set under `data_dir`, at every grid threshold (the shipped file is this
/// with the shipped analyser).
pub fn dev_curves(data_dir: &Path, analyzer: &Analyzer) -> Result<Vec<SetCurve>, TextError> {
    Ok(crate::eval::abuse_scores(data_dir, analyzer)?
        .into_iter()
        .map(|(set, scored)| SetCurve {
            set: set.to_owned(),
            points: curve(&scored),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_counts_each_text_at_each_line() {
        let scored = [(0.9, true), (0.6, false), (0.4, true), (0.1, false)];
        let c = curve(&scored);
        assert_eq!(c.len(), 91);
        let half = at(&c, 0.5).map(|p| p.confusion);
        assert_eq!(
            half,
            Some(Confusion {
                true_positive: 1,
                false_positive: 1,
                false_negative: 1,
                true_negative: 1,
            })
        );
        let low = at(&c, 0.3).map(|p| p.confusion);
        assert_eq!(
            low.map(|k| (k.true_positive, k.false_positive)),
            Some((2, 1))
        );
        // A score exactly on the line is flagged, as the analysis flags it.
        let on = curve(&[(0.6, true)]);
        assert_eq!(at(&on, 0.6).map(|p| p.confusion.true_positive), Some(1));
    }

    #[test]
    fn the_shipped_curves_parse_and_fall_as_the_line_rises() {
        let curves = shipped_curves();
        assert!(curves.len() >= 5, "{}", curves.len());
        for c in &curves {
            assert_eq!(c.points.len(), 91, "{}", c.set);
        }
        let pooled = pooled(&curves);
        let flagged = |p: &CurvePoint| p.confusion.true_positive + p.confusion.false_positive;
        assert!(flagged(&pooled[0]) > flagged(&pooled[90]));
        assert!(pooled[0].recall() > pooled[90].recall());
        // The file round-trips.
        assert_eq!(parse_curves(&format_curves(&curves)).ok(), Some(curves));
    }

    #[test]
    fn thresholds_are_kept_on_the_grid() {
        assert_eq!(on_grid(0.423), Some(0.42));
        assert_eq!(on_grid(0.0), Some(MIN_THRESHOLD));
        assert_eq!(on_grid(7.0), Some(MAX_THRESHOLD));
        assert_eq!(on_grid(f64::NAN), None);
    }
}
