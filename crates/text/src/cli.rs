//! The functions behind `sangam analyze`, `sangam model train` and `sangam eval`.

use crate::Analyzer;
use crate::dataset::{self, Column, TableOptions};
use crate::error::TextError;
use crate::eval::EvalReport;
use crate::model::{Hyper, Model};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, BufRead, Write};
use std::path::Path;

/// Options for [`train`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainOptions {
    /// Text column (name or index); default: a header named text/tweet/comment/..., or by position.
    pub text_column: Option<Column>,
    /// Label column (name or index); default: a header named label/class/task_1/..., or by position.
    pub label_column: Option<Column>,
    /// Label values that count as abusive (case-insensitive); empty: [`dataset::DEFAULT_POSITIVE`].
    pub positive: Vec<String>,
    /// Model size and training schedule.
    pub hyper: Hyper,
    /// Show a progress bar on stderr (only drawn on a terminal).
    pub progress: bool,
}

/// The progress bar of the long text work (drawn on stderr, only on a terminal).
pub fn progress_bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{prefix:>24} {bar:40} {pos}/{len} {per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    bar.set_prefix(what.to_owned());
    bar
}

/// `sangam analyze`: one text per input line, one JSON object per output line (same order; an
/// empty line gives an object too, so lines stay aligned). Returns the number of lines.
pub fn analyze_lines(
    analyzer: &Analyzer,
    input: impl BufRead,
    mut output: impl Write,
) -> io::Result<usize> {
    let mut n = 0;
    let mut line_buf = Vec::with_capacity(256);
    for line in input.lines() {
        let line = line?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let analysis = analyzer.analyze(line);
        line_buf.clear();
        serde_json::to_writer(&mut line_buf, &analysis).map_err(io::Error::other)?;
        line_buf.push(b'\n');
        output.write_all(&line_buf)?;
        n += 1;
    }
    output.flush()?;
    Ok(n)
}

/// Read (text, abusive) examples from a labelled file as [`train`] does, texts normalised.
pub fn read_examples(
    data: &Path,
    options: &TrainOptions,
) -> Result<Vec<(String, bool)>, TextError> {
    let table = TableOptions {
        text_column: options.text_column.clone(),
        label_column: options.label_column.clone(),
        delimiter: None,
    };
    let rows = dataset::read_labelled(data, &table)?;
    let mut ex = dataset::binarise(data, rows, &options.positive)?;
    for e in &mut ex {
        e.0 = crate::normalise::normalise(&e.0);
    }
    Ok(ex)
}

/// `sangam model train --data FILE`: train a model from one labelled CSV/TSV file or TweetEval
/// pair. Save it with [`Model::save`].
pub fn train(data: &Path, options: TrainOptions) -> Result<Model, TextError> {
    let examples = read_examples(data, &options)?;
    let name = data.file_name().map_or_else(
        || data.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(train_examples(&examples, vec![name], &options))
}

/// Train on examples already read (for several files at once, as the shipped model is).
pub fn train_examples(
    examples: &[(String, bool)],
    trained_on: Vec<String>,
    options: &TrainOptions,
) -> Model {
    let bar = if options.progress {
        progress_bar(0, "training")
    } else {
        ProgressBar::hidden()
    };
    let mut model = Model::train(examples, &options.hyper, &bar);
    bar.finish_and_clear();
    model.info.trained_on = trained_on;
    model
}

/// One "ship: yes" set: (file under `abuse/`, text column, label column, abusive labels).
pub type ShippedSet = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

/// The "ship: yes" sets the shipped model learns from (../shared/data/README.md), as (file under
/// `abuse/`, text column, label column, labels that count as abusive).
pub const SHIPPED_SETS: &[ShippedSet] = &[
    ("tweeteval_offensive_train_text.txt", None, None, &["1"]),
    ("tweeteval_hate_train_text.txt", None, None, &["1"]),
    // Davidson: class 0 hate, 1 offensive, 2 neither.
    (
        "davidson_labeled_data.csv",
        Some("tweet"),
        Some("class"),
        &["0", "1"],
    ),
];

/// `sangam model train --shipped --data DIR`: the shipped model, from the "ship: yes" sets under
/// `DIR/abuse/` only, with `hyper` (the defaults made `model/abuse.bin`; the seed fixes the
/// shuffles, so the same data and hyper-parameters give the same bytes).
pub fn train_shipped(data_dir: &Path, hyper: &Hyper, progress: bool) -> Result<Model, TextError> {
    if !data_dir.is_dir() {
        return Err(TextError::DataMissing(data_dir.to_path_buf()));
    }
    let mut examples = Vec::new();
    let mut names = Vec::new();
    for (file, text, label, positive) in SHIPPED_SETS {
        let opts = TrainOptions {
            text_column: text.map(|c| Column::Name(c.to_owned())),
            label_column: label.map(|c| Column::Name(c.to_owned())),
            positive: positive.iter().map(|p| (*p).to_owned()).collect(),
            ..TrainOptions::default()
        };
        examples.extend(read_examples(&data_dir.join("abuse").join(file), &opts)?);
        names.push((*file).to_owned());
    }
    let opts = TrainOptions {
        hyper: hyper.clone(),
        progress,
        ..TrainOptions::default()
    };
    Ok(train_examples(&examples, names, &opts))
}

/// `sangam eval --data DIR`: per set rows, macro-F1 (abuse) or macro-recall (sentiment), texts/s.
/// Fails with [`TextError::DataMissing`] when the folder is absent.
pub fn eval(data_dir: &Path, analyzer: &Analyzer) -> Result<EvalReport, TextError> {
    crate::eval::run(data_dir, analyzer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_lines_writes_one_json_object_per_line() {
        let a = Analyzer::shipped();
        let input =
            "you are a fucking idiot\nthanks, great service!\n\nbhai tu bahut bada chutiya hai\n";
        let mut out = Vec::new();
        let n = analyze_lines(&a, input.as_bytes(), &mut out);
        assert_eq!(n.ok(), Some(4));
        let text = String::from_utf8(out).unwrap_or_default();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        assert_eq!(lines.len(), 4);
        for v in &lines {
            let mut keys: Vec<&String> = v
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            keys.sort();
            assert_eq!(keys, ["abuse", "lang", "script", "sentiment"]);
            assert!(v["sentiment"]["compound"].is_number() && v["sentiment"]["label"].is_string());
            assert!(v["abuse"]["abusive"].is_boolean() && v["abuse"]["score"].is_number());
            assert!(v["abuse"]["labels"].is_array());
        }
        assert_eq!(lines[0]["abuse"]["abusive"], true);
        assert_eq!(lines[1]["abuse"]["abusive"], false);
        assert_eq!(lines[1]["sentiment"]["label"], "positive");
        assert_eq!(lines[2]["lang"], "und");
        assert_eq!(lines[3]["lang"], "hi");
        assert_eq!(lines[3]["script"], "Latn");
        assert_eq!(lines[3]["abuse"]["abusive"], true);
    }

    #[test]
    fn train_reads_a_csv_and_learns() {
        let dir = std::env::temp_dir().join(format!("sangam-text-train-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("mine.csv");
        let mut body = String::from("id,comment,is_abusive\n");
        for i in 0..30 {
            body.push_str(&format!("{i},\"you worthless clown number {i}\",yes\n"));
            body.push_str(&format!("{i},\"thank you for order number {i}\",no\n"));
        }
        let _ = std::fs::write(&path, body);
        let opts = TrainOptions {
            hyper: Hyper {
                bits: 14,
                holdout: 0.2,
                ..Hyper::default()
            },
            ..TrainOptions::default()
        };
        let m = train(&path, opts);
        assert!(m.is_ok(), "{m:?}");
        let Ok(m) = m else { return };
        assert_eq!(m.info.trained_on, vec!["mine.csv".to_string()]);
        assert_eq!(m.info.rows, 60);
        assert!(m.decision_score(m.predict("you worthless clown")) > 0.5);
        assert!(m.decision_score(m.predict("thank you for the order")) < 0.5);
    }
}
