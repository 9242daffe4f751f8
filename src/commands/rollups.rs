//! `sangam rollups rebuild`: the report rollups made again from the raw snapshots (after an import of raw rows, a
//! restore, or to prove they agree), with a progress bar; `sangam rollups check` says how many rows differ.

use super::{DbArgs, load_config};
use crate::config::Config;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;

#[derive(clap::Subcommand)]
pub enum RollupsCommand {
    /// Make every rollup again from the raw snapshots.
    Rebuild(DbArgs),
    /// Count the rollup rows that differ from the raw snapshots (0 when they agree); exits 1 when some do.
    Check(DbArgs),
}

pub async fn run(file: Option<&Path>, cmd: RollupsCommand) -> anyhow::Result<()> {
    let args = match &cmd {
        RollupsCommand::Rebuild(a) | RollupsCommand::Check(a) => a.clone(),
    };
    let config = load_config(file, Config::default(), args.database.as_deref())?;
    let db = crate::runtime::open_db(&config).await?;
    match cmd {
        RollupsCommand::Rebuild(_) => {
            let bar = ProgressBar::new(0).with_style(ProgressStyle::with_template(
                "rebuilding rollups {bar:40} {pos}/{len} posts and profiles ({eta} left)",
            )?);
            let written = sangam_store::rollups::rebuild(&db, |done, of| {
                bar.set_length(of as u64);
                bar.set_position(done as u64);
            })
            .await?;
            bar.finish_and_clear();
            println!(
                "Rebuilt {} post rollups and {} profile days from the raw snapshots.",
                written.post_rollups, written.profile_days
            );
        }
        RollupsCommand::Check(_) => {
            let drift = sangam_store::rollups::drift(&db).await?;
            println!("{drift} rollup rows differ from the raw snapshots.");
            if drift > 0 {
                anyhow::bail!("run `sangam rollups rebuild` to make them again");
            }
        }
    }
    Ok(())
}
