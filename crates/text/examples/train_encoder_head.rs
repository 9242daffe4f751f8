//! Trains the second stage's logistic head (model/encoder_head.tsv) on all-MiniLM-L6-v2 embeddings
//! of a seeded sample of the "ship: yes" sets:
//!
//! ```text
//! cargo run --release -p sangam-text --features encoder --example train_encoder_head -- \
//!     ../shared/data ENCODER_DIR OUT [rows per set, default 2500]
//! ```
//!
//! Each set gives the same number of rows (the sets differ in size and in their share of abuse);
//! four fifths train, one fifth picks the L2 penalty, and the head is then refitted on all rows.

use sangam_text::dataset::{self, Column, TableOptions};
use sangam_text::encoder::{Encoder, Head};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Fixed, so the same data gives the same head.
const SEED: u64 = 19;
const L2_GRID: &[f32] = &[1e-5, 1e-4, 1e-3, 1e-2];
const EPOCHS: usize = 3000;
const BATCH: usize = 32;

/// splitmix64: a seeded shuffle without a dependency.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn shuffle<T>(v: &mut [T], state: &mut u64) {
    for i in (1..v.len()).rev() {
        let j = (next(state) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// Raw texts (the encoder reads what people wrote, not the fast path's normalised form).
fn sample(
    data: &Path,
    per_set: usize,
    state: &mut u64,
) -> Result<Vec<(String, bool)>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for (file, text, label, positive) in sangam_text::cli::SHIPPED_SETS {
        let path = data.join("abuse").join(file);
        let opts = TableOptions {
            text_column: text.map(|c| Column::Name(c.to_owned())),
            label_column: label.map(|c| Column::Name(c.to_owned())),
            delimiter: None,
        };
        let rows = dataset::read_labelled(&path, &opts)?;
        let positive: Vec<String> = positive.iter().map(|p| (*p).to_owned()).collect();
        let mut rows = dataset::binarise(&path, rows, &positive)?;
        shuffle(&mut rows, state);
        rows.truncate(per_set);
        eprintln!(
            "{file}: {} rows, {} abusive",
            rows.len(),
            rows.iter().filter(|r| r.1).count()
        );
        out.extend(rows);
    }
    Ok(out)
}

fn embed_all(
    encoder: &Encoder,
    texts: &[&str],
) -> Result<Vec<Vec<f32>>, Box<dyn std::error::Error>> {
    // Batches of similar length waste little on padding.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| texts[i].len());
    let mut out = vec![Vec::new(); texts.len()];
    let start = Instant::now();
    for chunk in order.chunks(BATCH) {
        let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
        for (&i, e) in chunk.iter().zip(encoder.embed_batch(&batch)?) {
            out[i] = e;
        }
    }
    eprintln!(
        "embedded {} texts in {:.1}s ({:.0} texts/s, batches of {BATCH})",
        texts.len(),
        start.elapsed().as_secs_f64(),
        texts.len() as f64 / start.elapsed().as_secs_f64()
    );
    Ok(out)
}

/// `ENCODER_EMBED_CACHE=FILE` keeps the embeddings (JSON lines, one per sampled row) between
/// runs that try other penalties; it is only read when it has one line per row.
fn cached(encoder: &Encoder, texts: &[&str]) -> Result<Vec<Vec<f32>>, Box<dyn std::error::Error>> {
    let Some(path) = std::env::var_os("ENCODER_EMBED_CACHE").map(PathBuf::from) else {
        return embed_all(encoder, texts);
    };
    if let Ok(text) = std::fs::read_to_string(&path) {
        let x: Vec<Vec<f32>> = text
            .lines()
            .map(serde_json::from_str)
            .collect::<Result<_, _>>()?;
        if x.len() == texts.len() {
            eprintln!("embeddings from {}", path.display());
            return Ok(x);
        }
    }
    let x = embed_all(encoder, texts)?;
    let lines: Vec<String> = x
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<_, _>>()?;
    std::fs::write(&path, lines.join("\n"))?;
    Ok(x)
}

fn macro_f1(head: &Head, x: &[Vec<f32>], y: &[bool]) -> f64 {
    let pred: Vec<bool> = x.iter().map(|e| head.probability(e) >= 0.5).collect();
    sangam_text::eval::macro_f1(y, &pred)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, encoder_dir, out, rest @ ..] = args.as_slice() else {
        return Err("usage: train_encoder_head DATA_DIR ENCODER_DIR OUT [rows per set]".into());
    };
    let per_set: usize = rest.first().map_or(Ok(2500), |r| r.parse())?;
    let mut state = SEED;
    let rows = sample(&PathBuf::from(data), per_set, &mut state)?;
    let encoder = Encoder::load(&PathBuf::from(encoder_dir))?;
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let x = cached(&encoder, &texts)?;
    let y: Vec<bool> = rows.iter().map(|r| r.1).collect();
    let mut idx: Vec<usize> = (0..x.len()).collect();
    shuffle(&mut idx, &mut state);
    let cut = idx.len() * 4 / 5;
    let pick = |ids: &[usize]| -> (Vec<Vec<f32>>, Vec<bool>) {
        (
            ids.iter().map(|&i| x[i].clone()).collect(),
            ids.iter().map(|&i| y[i]).collect(),
        )
    };
    let (train_x, train_y) = pick(&idx[..cut]);
    let (held_x, held_y) = pick(&idx[cut..]);
    let mut best = (f64::MIN, L2_GRID[0]);
    for &l2 in L2_GRID {
        let head = Head::fit(&train_x, &train_y, l2, EPOCHS);
        let f1 = macro_f1(&head, &held_x, &held_y);
        eprintln!("l2 {l2:e}: held-out macro-F1 {f1:.3}");
        if f1 > best.0 {
            best = (f1, l2);
        }
    }
    let head = Head::fit(&x, &y, best.1, EPOCHS);
    let comment = vec![
        "Logistic head on all-MiniLM-L6-v2 mean-pooled, L2-normalised embeddings: P(abusive) = sigmoid(w . e + bias).".to_owned(),
        format!(
            "Trained by the train_encoder_head example: {} rows ({per_set} per \"ship: yes\" set, seed {SEED}), l2 {:e}, {EPOCHS} epochs; held-out macro-F1 {:.3}.",
            x.len(),
            best.1,
            best.0
        ),
    ];
    std::fs::write(out, head.to_tsv(&comment))?;
    eprintln!(
        "wrote {out}: l2 {:e}, held-out macro-F1 {:.3}",
        best.1, best.0
    );
    Ok(())
}
