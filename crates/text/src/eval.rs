//! Metrics (macro-F1, macro-recall) and the evaluation over `../shared/data`.

use crate::Analyzer;
use crate::dataset::{self, Column, Row, TableOptions};
use crate::error::TextError;
use crate::sentiment::SentimentLabel;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Macro-averaged F1 over the classes that appear in `gold` or `pred`.
pub fn macro_f1<T: PartialEq + Copy>(gold: &[T], pred: &[T]) -> f64 {
    let classes = classes(gold, pred);
    if classes.is_empty() {
        return 0.0;
    }
    let mut sum = 0.0;
    for c in &classes {
        let tp = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| *g == c && *p == c)
            .count() as f64;
        let fp = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| *g != c && *p == c)
            .count() as f64;
        let fnn = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| *g == c && *p != c)
            .count() as f64;
        let denom = 2.0 * tp + fp + fnn;
        sum += if denom > 0.0 { 2.0 * tp / denom } else { 0.0 };
    }
    sum / classes.len() as f64
}

/// Macro-averaged recall over the classes that appear in `gold`.
pub fn macro_recall<T: PartialEq + Copy>(gold: &[T], pred: &[T]) -> f64 {
    let classes = classes(gold, &[]);
    if classes.is_empty() {
        return 0.0;
    }
    let mut sum = 0.0;
    for c in &classes {
        let support = gold.iter().filter(|g| *g == c).count() as f64;
        let tp = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| *g == c && *p == c)
            .count() as f64;
        sum += tp / support;
    }
    sum / classes.len() as f64
}

fn classes<T: PartialEq + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in a.iter().chain(b) {
        if !out.contains(x) {
            out.push(*x);
        }
    }
    out
}

/// Which task a set measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Abusive or not; macro-F1.
    Abuse,
    /// Negative, neutral, positive; macro-recall.
    Sentiment,
}

/// The result on one set.
#[derive(Clone, Debug, PartialEq)]
pub struct SetResult {
    /// Set name, like "tweeteval_offensive_val".
    pub name: String,
    /// What it measures.
    pub task: Task,
    /// Rows scored.
    pub rows: usize,
    /// "macro_f1" or "macro_recall".
    pub metric: &'static str,
    /// The value, 0..1.
    pub value: f64,
    /// Share of rows predicted abusive / of each sentiment class predicted (abuse only).
    pub predicted_positive: Option<f64>,
    /// Analyses per second (one core, the whole `Analyzer::analyze`).
    pub texts_per_second: f64,
    /// Abuse only: the confusion table at the shipped threshold.
    pub confusion: Option<Confusion>,
    /// A one-line note (for example "Hindi check: the shipped model is English-only").
    pub note: &'static str,
}

/// All sets found under the data folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvalReport {
    /// The data folder.
    pub data_dir: PathBuf,
    /// One row per set found.
    pub sets: Vec<SetResult>,
    /// Known sets whose files were not there.
    pub missing: Vec<String>,
}

impl std::fmt::Display for EvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Evaluation on {}", self.data_dir.display())?;
        writeln!(
            f,
            "{:<26} {:<9} {:>6}  {:<12} {:>6}  {:>7}  {:>9}  note",
            "set", "task", "rows", "metric", "value", "flagged", "texts/s"
        )?;
        writeln!(f, "{}", "-".repeat(100))?;
        for s in &self.sets {
            let task = match s.task {
                Task::Abuse => "abuse",
                Task::Sentiment => "sentiment",
            };
            let flagged = s
                .predicted_positive
                .map_or_else(|| "-".to_owned(), |p| format!("{:.1}%", p * 100.0));
            writeln!(
                f,
                "{:<26} {:<9} {:>6}  {:<12} {:>6.3}  {:>7}  {:>9.0}  {}",
                s.name, task, s.rows, s.metric, s.value, flagged, s.texts_per_second, s.note
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<26} {:>6} {:>6} {:>6} {:>6}  {:>9} {:>6}",
            "abuse at threshold 0.5", "tp", "fp", "fn", "tn", "precision", "recall"
        )?;
        for s in &self.sets {
            if let Some(c) = &s.confusion {
                writeln!(
                    f,
                    "{:<26} {:>6} {:>6} {:>6} {:>6}  {:>9.3} {:>6.3}",
                    s.name,
                    c.true_positive,
                    c.false_positive,
                    c.false_negative,
                    c.true_negative,
                    c.precision(),
                    c.recall()
                )?;
            }
        }
        if !self.missing.is_empty() {
            writeln!(f, "not found (skipped): {}", self.missing.join(", "))?;
        }
        Ok(())
    }
}

struct SetSpec {
    name: &'static str,
    task: Task,
    /// Path under the data folder (the text file for TweetEval pairs).
    file: &'static str,
    text: Option<usize>,
    label: Option<&'static str>,
    label_index: Option<usize>,
    positive: &'static [&'static str],
    note: &'static str,
}

const SETS: &[SetSpec] = &[
    SetSpec {
        name: "tweeteval_offensive_val",
        task: Task::Abuse,
        file: "abuse/tweeteval_offensive_val_text.txt",
        text: None,
        label: None,
        label_index: None,
        positive: &["1"],
        note: "English; SVM baseline 0.523 (test)",
    },
    SetSpec {
        name: "tweeteval_hate_val",
        task: Task::Abuse,
        file: "abuse/tweeteval_hate_val_text.txt",
        text: None,
        label: None,
        label_index: None,
        positive: &["1"],
        note: "English hate (immigrants, women)",
    },
    SetSpec {
        name: "hasoc2019_hi_train",
        task: Task::Abuse,
        file: "abuse/hasoc2019_hi_train.tsv",
        text: None,
        label: Some("task_1"),
        label_index: None,
        positive: &["HOF"],
        note: "Hindi check (Devanagari); lexicons only",
    },
    SetSpec {
        name: "trac1_agr_hi_dev",
        task: Task::Abuse,
        file: "abuse/trac1_agr_hi_dev.csv",
        text: Some(1),
        label: None,
        label_index: Some(2),
        positive: &["OAG", "CAG"],
        note: "aggression (overt+covert) vs none; Hinglish",
    },
    SetSpec {
        name: "bohra_hinglish_hate",
        task: Task::Abuse,
        file: "abuse/bohra_hinglish_hate.tsv",
        text: Some(0),
        label: None,
        label_index: Some(1),
        positive: &["yes"],
        note: "Hinglish hate",
    },
    SetSpec {
        name: "hasoc2019_en_train",
        task: Task::Abuse,
        file: "abuse/hasoc2019_en_train.tsv",
        text: None,
        label: Some("task_1"),
        label_index: None,
        positive: &["HOF"],
        note: "English, other source",
    },
    SetSpec {
        name: "trac1_agr_en_dev",
        task: Task::Abuse,
        file: "abuse/trac1_agr_en_dev.csv",
        text: Some(1),
        label: None,
        label_index: Some(2),
        positive: &["OAG", "CAG"],
        note: "English aggression (overt+covert)",
    },
    SetSpec {
        name: "tweeteval_sentiment_val",
        task: Task::Sentiment,
        file: "sentiment/tweeteval_sentiment_val_text.txt",
        text: None,
        label: None,
        label_index: None,
        positive: &[],
        note: "VADER about 0.57 (test)",
    },
];

fn read_set(dir: &Path, spec: &SetSpec) -> Result<Option<Vec<Row>>, TextError> {
    let path = dir.join(spec.file);
    if !path.exists() {
        return Ok(None);
    }
    let opts = TableOptions {
        text_column: spec.text.map(Column::Index),
        label_column: spec
            .label
            .map(|l| Column::Name(l.to_owned()))
            .or(spec.label_index.map(Column::Index)),
        delimiter: None,
    };
    dataset::read_labelled(&path, &opts).map(Some)
}

/// A dev set's name with each row's (score, abusive).
pub(crate) type ScoredSet = (&'static str, Vec<(f64, bool)>);

/// Each abuse dev set found under `data_dir` with `analyzer`'s score and the gold label of every row (for the
/// threshold curves, [`crate::calibration::dev_curves`]).
pub(crate) fn abuse_scores(
    data_dir: &Path,
    analyzer: &Analyzer,
) -> Result<Vec<ScoredSet>, TextError> {
    if !data_dir.is_dir() {
        return Err(TextError::DataMissing(data_dir.to_path_buf()));
    }
    let mut out = Vec::new();
    for spec in SETS.iter().filter(|s| s.task == Task::Abuse) {
        let Some(rows) = read_set(data_dir, spec)? else {
            continue;
        };
        let bar = crate::cli::progress_bar(rows.len() as u64, spec.name);
        let scored = rows
            .iter()
            .map(|r| {
                bar.inc(1);
                let gold = spec
                    .positive
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&r.label));
                (analyzer.analyze(&r.text).abuse.score, gold)
            })
            .collect();
        bar.finish_and_clear();
        out.push((spec.name, scored));
    }
    Ok(out)
}

/// Evaluate `analyzer` on the known sets under `data_dir`.
pub fn run(data_dir: &Path, analyzer: &Analyzer) -> Result<EvalReport, TextError> {
    if !data_dir.is_dir() {
        return Err(TextError::DataMissing(data_dir.to_path_buf()));
    }
    let mut report = EvalReport {
        data_dir: data_dir.to_path_buf(),
        ..EvalReport::default()
    };
    for spec in SETS {
        let Some(rows) = read_set(data_dir, spec)? else {
            report.missing.push(spec.name.to_owned());
            continue;
        };
        let bar = crate::cli::progress_bar(rows.len() as u64, spec.name);
        let start = Instant::now();
        let analyses: Vec<crate::Analysis> = rows
            .iter()
            .map(|r| {
                bar.inc(1);
                analyzer.analyze(&r.text)
            })
            .collect();
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        bar.finish_and_clear();
        let tps = rows.len() as f64 / secs;
        let result = match spec.task {
            Task::Abuse => {
                let gold: Vec<bool> = rows
                    .iter()
                    .map(|r| {
                        spec.positive
                            .iter()
                            .any(|p| p.eq_ignore_ascii_case(&r.label))
                    })
                    .collect();
                let pred: Vec<bool> = analyses.iter().map(|a| a.abuse.abusive).collect();
                let flagged = pred.iter().filter(|p| **p).count() as f64 / pred.len().max(1) as f64;
                SetResult {
                    name: spec.name.to_owned(),
                    task: spec.task,
                    rows: rows.len(),
                    metric: "macro_f1",
                    value: macro_f1(&gold, &pred),
                    predicted_positive: Some(flagged),
                    texts_per_second: tps,
                    confusion: Some(Confusion::count(&gold, &pred)),
                    note: spec.note,
                }
            }
            Task::Sentiment => {
                let gold: Vec<SentimentLabel> = rows
                    .iter()
                    .map(|r| match r.label.as_str() {
                        "0" => SentimentLabel::Negative,
                        "2" => SentimentLabel::Positive,
                        _ => SentimentLabel::Neutral,
                    })
                    .collect();
                let pred: Vec<SentimentLabel> =
                    analyses.iter().map(|a| a.sentiment.label).collect();
                SetResult {
                    name: spec.name.to_owned(),
                    task: spec.task,
                    rows: rows.len(),
                    metric: "macro_recall",
                    value: macro_recall(&gold, &pred),
                    predicted_positive: None,
                    texts_per_second: tps,
                    confusion: None,
                    note: spec.note,
                }
            }
        };
        report.sets.push(result);
    }
    Ok(report)
}

/// A binary confusion table (abusive is the positive class).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Flagged and abusive.
    pub true_positive: usize,
    /// Flagged but not abusive.
    pub false_positive: usize,
    /// Abusive but not flagged.
    pub false_negative: usize,
    /// Neither.
    pub true_negative: usize,
}

impl Confusion {
    /// Count from gold and predicted labels.
    pub fn count(gold: &[bool], pred: &[bool]) -> Self {
        let mut c = Confusion::default();
        for (g, p) in gold.iter().zip(pred) {
            match (g, p) {
                (true, true) => c.true_positive += 1,
                (false, true) => c.false_positive += 1,
                (true, false) => c.false_negative += 1,
                (false, false) => c.true_negative += 1,
            }
        }
        c
    }

    /// Share of flagged texts that are abusive (0 when nothing was flagged).
    pub fn precision(&self) -> f64 {
        let flagged = self.true_positive + self.false_positive;
        if flagged == 0 {
            0.0
        } else {
            self.true_positive as f64 / flagged as f64
        }
    }

    /// Share of abusive texts that were flagged (0 when there were none).
    pub fn recall(&self) -> f64 {
        let abusive = self.true_positive + self.false_negative;
        if abusive == 0 {
            0.0
        } else {
            self.true_positive as f64 / abusive as f64
        }
    }
}

/// What the shipped analyzer's verdict is worth on one kind of text: precision and recall at the
/// shipped threshold (score >= 0.5), measured on a dev set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExpectedQuality {
    /// The dev set ("tweeteval_offensive_val", ...).
    pub set: &'static str,
    /// What kind of text it is, for people ("English tweets", "Hindi (Devanagari) tweets", ...).
    pub kind: &'static str,
    /// The threshold the figures are for.
    pub threshold: f64,
    /// Share of flagged texts that were abusive.
    pub precision: f64,
    /// Share of abusive texts that were flagged.
    pub recall: f64,
}

/// Expected precision and recall of the shipped analyzer at its threshold, from the dev sets in
/// `../shared/data` (measured with `sangam eval --data ../shared/data`, which prints the same
/// table; see `model/README.md`). For a settings page: what a flag means for each kind of text.
pub fn expected_quality() -> &'static [ExpectedQuality] {
    const Q: &[ExpectedQuality] = &[
        ExpectedQuality {
            set: "tweeteval_offensive_val",
            kind: "English tweets (offensive language)",
            threshold: 0.5,
            precision: 0.750,
            recall: 0.458,
        },
        ExpectedQuality {
            set: "tweeteval_hate_val",
            kind: "English tweets (hate against immigrants and women)",
            threshold: 0.5,
            precision: 0.633,
            recall: 0.698,
        },
        ExpectedQuality {
            set: "hasoc2019_hi_train",
            kind: "Hindi tweets (Devanagari), hate and offensive",
            threshold: 0.5,
            precision: 0.835,
            recall: 0.697,
        },
        ExpectedQuality {
            set: "trac1_agr_hi_dev",
            kind: "Hinglish and Hindi Facebook comments (overt and covert aggression)",
            threshold: 0.5,
            precision: 0.956,
            recall: 0.288,
        },
        ExpectedQuality {
            set: "hasoc2019_en_train",
            kind: "English tweets, another source (hate and offensive)",
            threshold: 0.5,
            precision: 0.508,
            recall: 0.636,
        },
    ];
    Q
}

/// Throughput of the analysis against a baseline measured in the same run.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchReport {
    /// Texts analysed per pass.
    pub texts: usize,
    /// Mean characters per text.
    pub mean_chars: f64,
    /// Baseline: normalisation alone, texts/s on one core.
    pub normalise_per_second: f64,
    /// The whole `Analyzer::analyze` (language, sentiment, lexicons, model), texts/s on one core.
    pub analyze_per_second: f64,
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} texts, {:.0} characters on average, one core (its CPU time)",
            self.texts, self.mean_chars
        )?;
        writeln!(
            f,
            "baseline normalise only   {:>10.0} texts/s",
            self.normalise_per_second
        )?;
        writeln!(
            f,
            "analyze (fast path)       {:>10.0} texts/s  ({:.2} x baseline time; no second stage)",
            self.analyze_per_second,
            self.normalise_per_second / self.analyze_per_second.max(1e-9),
        )
    }
}

/// The texts of every set found under `data_dir` (for [`bench`]).
pub fn bench_texts(data_dir: &Path) -> Result<Vec<String>, TextError> {
    if !data_dir.is_dir() {
        return Err(TextError::DataMissing(data_dir.to_path_buf()));
    }
    let mut out = Vec::new();
    for spec in SETS {
        if let Some(rows) = read_set(data_dir, spec)? {
            out.extend(rows.into_iter().map(|r| r.text));
        }
    }
    Ok(out)
}

/// Seconds this thread has run on a CPU (Linux's /proc/thread-self/schedstat, in ns), or `None`
/// where that is not readable: per-core throughput that other processes on the machine do not
/// slow down.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Time `f`: CPU time of this thread where the system reports it, wall time otherwise.
fn timed(f: &mut dyn FnMut()) -> f64 {
    let cpu = thread_cpu_seconds();
    let wall = Instant::now();
    f();
    match (cpu, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall.elapsed().as_secs_f64(),
    }
}

/// Time normalisation alone and the whole analysis over `texts`, `passes` times each (best pass
/// kept), on the calling thread (its CPU time, so the figure is per core).
pub fn bench(analyzer: &Analyzer, texts: &[String], passes: usize) -> BenchReport {
    let passes = passes.max(1);
    let mut best_norm = f64::MAX;
    let mut best_an = f64::MAX;
    let mut sink = 0usize;
    for _ in 0..passes {
        best_norm = best_norm.min(timed(&mut || {
            for t in texts {
                sink = sink.wrapping_add(crate::normalise::normalise(t).len());
            }
        }));
        best_an = best_an.min(timed(&mut || {
            for t in texts {
                let a = analyzer.analyze(t);
                sink = sink.wrapping_add(usize::from(a.abuse.abusive));
            }
        }));
    }
    std::hint::black_box(sink);
    let n = texts.len().max(1) as f64;
    BenchReport {
        texts: texts.len(),
        mean_chars: texts.iter().map(|t| t.chars().count()).sum::<usize>() as f64 / n,
        normalise_per_second: texts.len() as f64 / best_norm.max(1e-9),
        analyze_per_second: texts.len() as f64 / best_an.max(1e-9),
    }
}

/// The texts of at most `max_chars` characters (the short messages of an inbox).
pub fn short_texts(texts: &[String], max_chars: usize) -> Vec<String> {
    texts
        .iter()
        .filter(|t| t.chars().count() <= max_chars)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_matches_a_hand_computed_example() {
        // gold: 1 1 1 0 0 0 0 0 ; pred: 1 1 0 1 0 0 0 0
        // class 1: tp 2, fp 1, fn 1 -> F1 = 4/6 = 0.6667
        // class 0: tp 4, fp 1, fn 1 -> F1 = 8/10 = 0.8
        // macro = 0.7333
        let gold = [true, true, true, false, false, false, false, false];
        let pred = [true, true, false, true, false, false, false, false];
        assert!((macro_f1(&gold, &pred) - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-12);
        // Perfect and all-wrong.
        assert!((macro_f1(&gold, &gold) - 1.0).abs() < 1e-12);
        let inv: Vec<bool> = gold.iter().map(|g| !g).collect();
        assert!(macro_f1(&gold, &inv).abs() < 1e-12);
    }

    #[test]
    fn expected_quality_names_known_sets_with_rates() {
        let q = expected_quality();
        assert!(q.len() >= 4);
        for e in q {
            assert!(SETS.iter().any(|s| s.name == e.set), "{}", e.set);
            assert!((0.0..=1.0).contains(&e.precision) && (0.0..=1.0).contains(&e.recall));
            assert!((e.threshold - 0.5).abs() < 1e-12);
        }
    }

    #[test]
    fn confusion_counts_and_rates() {
        let gold = [true, true, true, false, false];
        let pred = [true, false, true, true, false];
        let c = Confusion::count(&gold, &pred);
        assert_eq!(
            (
                c.true_positive,
                c.false_positive,
                c.false_negative,
                c.true_negative
            ),
            (2, 1, 1, 1)
        );
        assert!((c.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.recall() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Confusion::default().precision(), 0.0);
    }

    #[test]
    fn macro_recall_matches_a_hand_computed_example() {
        // gold: a a b b b c ; pred: a b b b a a
        // recall a = 1/2, b = 3/3... b predicted at 1,2,3 -> gold b at 2,3,4 -> positions 2,3 right -> 2/3
        let gold = ['a', 'a', 'b', 'b', 'b', 'c'];
        let pred = ['a', 'b', 'b', 'b', 'a', 'a'];
        // a: gold idx 0,1 -> pred a, b -> 1/2; b: gold idx 2,3,4 -> b, b, a -> 2/3; c: idx 5 -> a -> 0
        let want = (0.5 + 2.0 / 3.0 + 0.0) / 3.0;
        assert!((macro_recall(&gold, &pred) - want).abs() < 1e-12);
    }

    #[test]
    fn eval_says_when_the_folder_is_absent() {
        let a = Analyzer::without_model();
        let e = run(Path::new("/definitely/not/here/shared/data"), &a);
        let Err(err) = e else {
            panic!("expected an error")
        };
        assert_eq!(err.code(), "data_missing");
        assert!(err.to_string().contains("does not exist"));
    }
}
