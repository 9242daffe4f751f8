//! Reproduce the shipped abuse model from the "ship: yes" sets only:
//!
//! ```text
//! cargo run --release -p sangam-text --example train_shipped -- ../shared/data
//! ```
//!
//! Reads abuse/tweeteval_offensive_train_*, abuse/tweeteval_hate_train_* and
//! abuse/davidson_labeled_data.csv, and writes crates/text/model/abuse.bin.

use sangam_text::cli::{TrainOptions, read_examples, train_examples};
use sangam_text::{Column, TextError};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    if !data.is_dir() {
        return Err(Box::new(TextError::DataMissing(data)));
    }
    let abuse = data.join("abuse");
    let mut examples = Vec::new();
    let mut names = Vec::new();
    let mut add = |file: &str, opts: TrainOptions| -> Result<(), TextError> {
        let ex = read_examples(&abuse.join(file), &opts)?;
        let pos = ex.iter().filter(|e| e.1).count();
        eprintln!("{file}: {} rows, {pos} abusive", ex.len());
        examples.extend(ex);
        names.push(file.to_owned());
        Ok(())
    };
    let ones = TrainOptions {
        positive: vec!["1".into()],
        ..TrainOptions::default()
    };
    add("tweeteval_offensive_train_text.txt", ones.clone())?;
    add("tweeteval_hate_train_text.txt", ones)?;
    // Davidson: class 0 hate, 1 offensive, 2 neither.
    add(
        "davidson_labeled_data.csv",
        TrainOptions {
            text_column: Some(Column::Name("tweet".into())),
            label_column: Some(Column::Name("class".into())),
            positive: vec!["0".into(), "1".into()],
            ..TrainOptions::default()
        },
    )?;
    let opts = TrainOptions {
        progress: true,
        ..TrainOptions::default()
    };
    let model = train_examples(&examples, names, &opts);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("model/abuse.bin");
    model.save(&out)?;
    eprintln!(
        "wrote {} ({} bytes): {} rows, {} abusive, held-out macro-F1 {:.3} at threshold {:.3}",
        out.display(),
        std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0),
        model.info.rows,
        model.info.positives,
        model.info.heldout_macro_f1.unwrap_or(f64::NAN),
        model.info.threshold
    );
    Ok(())
}
