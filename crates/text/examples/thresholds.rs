//! `sangam model thresholds` without building the whole binary (the same function): the shipped analyser's
//! confusion table on each abuse dev set at each threshold, written to `crates/text/model/thresholds.tsv`.
//!
//! ```text
//! cargo run -p sangam-text --example thresholds -- ../shared/data crates/text/model/thresholds.tsv
//! ```

use sangam_text::{Analyzer, calibration};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "crates/text/model/thresholds.tsv".into()),
    );
    let curves = calibration::dev_curves(&data, &Analyzer::shipped())?;
    std::fs::write(&out, calibration::format_curves(&curves))?;
    println!("Wrote {} ({} sets)", out.display(), curves.len());
    Ok(())
}
