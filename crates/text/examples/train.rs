//! `sangam model train --shipped` without building the whole binary (the same function):
//!
//! ```text
//! cargo run --release -p sangam-text --example train -- ../shared/data OUT [epochs] [l2] [bits]
//! ```

use sangam_text::Hyper;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "abuse.bin".into()));
    let d = Hyper::default();
    let hyper = Hyper {
        epochs: args.next().and_then(|a| a.parse().ok()).unwrap_or(d.epochs),
        l2: args.next().and_then(|a| a.parse().ok()).unwrap_or(d.l2),
        bits: args.next().and_then(|a| a.parse().ok()).unwrap_or(d.bits),
        ..d
    };
    let model = sangam_text::cli::train_shipped(&data, &hyper, false)?;
    model.save(&out)?;
    eprintln!(
        "wrote {} ({} bytes): {} rows, held-out macro-F1 {:.3} at threshold {:.3}, platt {:?}",
        out.display(),
        model.to_bytes().len(),
        model.info.rows,
        model.info.heldout_macro_f1.unwrap_or(f64::NAN),
        model.info.threshold,
        model.info.platt
    );
    Ok(())
}
