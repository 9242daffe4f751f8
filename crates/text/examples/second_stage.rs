//! The experiment behind the second stage's band and weight (model/README.md, "Fourth round"): on
//! each abuse dev set, the fast path's macro-F1, the share of texts in each unsure band, and the
//! macro-F1 when the texts in the band are rescored with the encoder head, for several bands and
//! weights; then throughput on one core at each band's rate of use.
//!
//! ```text
//! RAYON_NUM_THREADS=1 cargo run --release -p sangam-text --features encoder --example second_stage -- \
//!     ../shared/data ENCODER_DIR [HEAD.tsv]
//! ```
//!
//! Only the texts in the widest band are embedded (once each). Hindi and Hinglish sets are read on
//! a seeded sample of 1,500 rows to keep the run short; their fast-path figure is given on the same
//! sample.

use sangam_text::Analyzer;
use sangam_text::dataset::{self, Column, TableOptions};
use sangam_text::encoder::{Encoder, Head};
use sangam_text::eval::macro_f1;
use std::path::{Path, PathBuf};
use std::time::Instant;

const BANDS: &[f64] = &[0.1, 0.2, 0.3];
const WEIGHTS: &[f64] = &[0.5, 0.75, 1.0];
const HINDI_SAMPLE: usize = 1500;

/// (name, file under abuse/, text column, label column, abusive labels, Hindi or Hinglish).
type Set = (
    &'static str,
    &'static str,
    Column,
    Column,
    &'static [&'static str],
    bool,
);

fn sets() -> Vec<Set> {
    use Column::{Index, Name};
    vec![
        (
            "tweeteval_offensive_val",
            "tweeteval_offensive_val_text.txt",
            Index(0),
            Index(1),
            &["1"],
            false,
        ),
        (
            "tweeteval_hate_val",
            "tweeteval_hate_val_text.txt",
            Index(0),
            Index(1),
            &["1"],
            false,
        ),
        (
            "hasoc2019_en_train",
            "hasoc2019_en_train.tsv",
            Name("text".into()),
            Name("task_1".into()),
            &["HOF"],
            false,
        ),
        (
            "trac1_agr_en_dev",
            "trac1_agr_en_dev.csv",
            Index(1),
            Index(2),
            &["OAG", "CAG"],
            false,
        ),
        (
            "hasoc2019_hi_train",
            "hasoc2019_hi_train.tsv",
            Name("text".into()),
            Name("task_1".into()),
            &["HOF"],
            true,
        ),
        (
            "trac1_agr_hi_dev",
            "trac1_agr_hi_dev.csv",
            Index(1),
            Index(2),
            &["OAG", "CAG"],
            true,
        ),
        (
            "bohra_hinglish_hate",
            "bohra_hinglish_hate.tsv",
            Index(0),
            Index(1),
            &["yes"],
            true,
        ),
    ]
}

fn read(data: &Path, set: &Set) -> Result<Vec<(String, bool)>, Box<dyn std::error::Error>> {
    let path = data.join("abuse").join(set.1);
    let tweeteval = set.1.ends_with("_text.txt");
    let rows = if tweeteval {
        let labels = PathBuf::from(path.to_string_lossy().replace("_text.txt", "_labels.txt"));
        dataset::read_tweeteval(&path, &labels)?
    } else {
        let opts = TableOptions {
            text_column: Some(set.2.clone()),
            label_column: Some(set.3.clone()),
            delimiter: None,
        };
        dataset::read_labelled(&path, &opts)?
    };
    let mut rows: Vec<(String, bool)> = rows
        .into_iter()
        .map(|r| {
            let y = set.4.iter().any(|p| p.eq_ignore_ascii_case(&r.label));
            (r.text, y)
        })
        .collect();
    if set.5 && rows.len() > HINDI_SAMPLE {
        // Every k-th row: a fixed, spread-out sample.
        let k = rows.len() / HINDI_SAMPLE;
        rows = rows.into_iter().step_by(k).take(HINDI_SAMPLE).collect();
    }
    Ok(rows)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, encoder_dir, rest @ ..] = args.as_slice() else {
        return Err("usage: second_stage DATA_DIR ENCODER_DIR [HEAD.tsv]".into());
    };
    let head = match rest.first() {
        Some(p) => Head::parse(&std::fs::read_to_string(p)?)?,
        None => Head::shipped()?,
    };
    let data = PathBuf::from(data);
    let encoder = Encoder::load(&PathBuf::from(encoder_dir))?;
    let fast = Analyzer::shipped().with_second_stage(None);
    // SECOND_STAGE_DUMP=FILE writes each embedded text's set, gold, fast score, language and
    // embedding, for trying other heads and mixes without embedding again.
    let mut dump = match std::env::var_os("SECOND_STAGE_DUMP") {
        Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let widest = BANDS.iter().copied().fold(0.0, f64::max);
    let (mut fast_secs, mut fast_texts, mut enc_secs, mut enc_texts) = (0.0, 0usize, 0.0, 0usize);
    let mut english_in_band = vec![0usize; BANDS.len()];
    let mut english_rows = 0usize;
    println!(
        "set                        rows  fast_F1 | band share  F1(w=0.5) F1(w=0.75) F1(w=1.0)"
    );
    for set in sets() {
        let rows = read(&data, &set)?;
        let start = Instant::now();
        let analyses: Vec<_> = rows.iter().map(|r| fast.analyze(&r.0)).collect();
        fast_secs += start.elapsed().as_secs_f64();
        fast_texts += rows.len();
        let gold: Vec<bool> = rows.iter().map(|r| r.1).collect();
        let fast_pred: Vec<bool> = analyses.iter().map(|a| a.abuse.abusive).collect();
        // The head's probability for every text in the widest band.
        let start = Instant::now();
        let mut p: Vec<Option<f64>> = Vec::with_capacity(rows.len());
        for (r, a) in rows.iter().zip(&analyses) {
            p.push(if (a.abuse.score - 0.5).abs() < widest {
                enc_texts += 1;
                let e = encoder.embed(&r.0)?;
                if let Some(out) = dump.as_mut() {
                    use std::io::Write;
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        set.0,
                        u8::from(r.1),
                        a.abuse.score,
                        a.lang,
                        serde_json::to_string(&e)?
                    )?;
                }
                Some(head.probability(&e))
            } else {
                None
            });
        }
        enc_secs += start.elapsed().as_secs_f64();
        println!(
            "{:<26} {:>5}  {:.3}",
            set.0,
            rows.len(),
            macro_f1(&gold, &fast_pred)
        );
        if !set.5 {
            english_rows += rows.len();
        }
        for (b, &band) in BANDS.iter().enumerate() {
            let in_band = analyses
                .iter()
                .filter(|a| (a.abuse.score - 0.5).abs() < band)
                .count();
            if !set.5 {
                english_in_band[b] += in_band;
            }
            let mut line = format!(
                "{:<26} {:>5}  {:>7} | {:.1}  {:>5.1}%",
                "",
                "",
                "",
                band,
                100.0 * in_band as f64 / rows.len().max(1) as f64
            );
            for &w in WEIGHTS {
                let pred: Vec<bool> = analyses
                    .iter()
                    .zip(&p)
                    .map(|(a, p)| match p {
                        Some(p) if (a.abuse.score - 0.5).abs() < band => {
                            (1.0 - w) * a.abuse.score + w * p >= 0.5
                        }
                        _ => a.abuse.abusive,
                    })
                    .collect();
                line.push_str(&format!("  {:.3}    ", macro_f1(&gold, &pred)));
            }
            println!("{line}");
        }
    }
    let fast_per_text = fast_secs / fast_texts.max(1) as f64;
    let enc_per_text = enc_secs / enc_texts.max(1) as f64;
    println!();
    println!(
        "one thread: fast path {:.0} texts/s ({fast_texts} texts); encoder {:.1} texts/s ({enc_texts} texts, one at a time)",
        1.0 / fast_per_text,
        1.0 / enc_per_text
    );
    for (b, &band) in BANDS.iter().enumerate() {
        let share = english_in_band[b] as f64 / english_rows.max(1) as f64;
        println!(
            "band {band:.1}: {:.1}% of English texts to the encoder -> {:.0} texts/s with the second stage (fast path alone {:.0})",
            100.0 * share,
            1.0 / (fast_per_text + share * enc_per_text),
            1.0 / fast_per_text
        );
    }
    Ok(())
}
