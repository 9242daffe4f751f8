//! `sangam backup`, `sangam export` and `sangam import`: a copy to keep, and the whole database in one portable file
//! that moves a team from SQLite to PostgreSQL (or back). The work itself is `sangam_store::archive`; this is the
//! command line around it, with a progress bar for the long parts.

use super::{DbArgs, load_config};
use crate::config::Config;
use indicatif::{ProgressBar, ProgressStyle};
use sangam_store::archive;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct OutArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The file to write; it must not exist yet.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct InArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The archive `sangam export` (or `sangam backup` on PostgreSQL) wrote.
    #[arg(long = "in")]
    pub input: PathBuf,
}

fn bar(what: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{what} {{bar:40}} {{pos}}/{{len}} rows ({{elapsed}})"
    )) {
        bar.set_style(style);
    }
    bar
}

/// SQLite: `VACUUM INTO`, a consistent single-file copy made while the server keeps writing. PostgreSQL: the portable
/// archive of `sangam export` (read in one snapshot).
pub async fn backup(file: Option<&Path>, args: OutArgs) -> anyhow::Result<()> {
    let config = load_config(file, Config::default(), args.db.database.as_deref())?;
    let db = crate::runtime::open_db(&config).await?;
    match db.kind() {
        sangam_store::Backend::Sqlite => {
            let started = Instant::now();
            archive::backup_sqlite(&db, &args.out).await?;
            println!(
                "Backed up the SQLite database to {} in {:.1} s. Keep the secret key file with it: the network \
                 credentials inside stay sealed with that key.",
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        sangam_store::Backend::Postgres => write_archive(&db, &args.out).await,
    }
}

pub async fn export(file: Option<&Path>, args: OutArgs) -> anyhow::Result<()> {
    let config = load_config(file, Config::default(), args.db.database.as_deref())?;
    let db = crate::runtime::open_db(&config).await?;
    write_archive(&db, &args.out).await
}

async fn write_archive(db: &sangam_store::Db, out: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let progress = bar("exporting");
    let show = |done: u64, total: u64| {
        progress.set_length(total);
        progress.set_position(done);
    };
    let header = archive::export(
        db,
        out,
        env!("CARGO_PKG_VERSION"),
        sangam_domain::now_millis(),
        &show,
    )
    .await?;
    progress.finish_and_clear();
    println!(
        "Exported {} rows of {} tables (schema step {}) to {} in {:.1} s; SHA-256 {}. Network credentials stay \
         sealed: the database's secret key file is needed to use them after an import.",
        header.total_rows(),
        header.tables.len(),
        header.schema_version,
        out.display(),
        started.elapsed().as_secs_f64(),
        header.sha256
    );
    Ok(())
}

pub async fn import(file: Option<&Path>, args: InArgs) -> anyhow::Result<()> {
    let config = load_config(file, Config::default(), args.db.database.as_deref())?;
    let db = crate::runtime::open_db(&config).await?;
    let started = Instant::now();
    let progress = bar("importing");
    let show = |done: u64, total: u64| {
        progress.set_length(total);
        progress.set_position(done);
    };
    let header = archive::import(&db, &args.input, &show).await;
    progress.finish_and_clear();
    let header = header?;
    println!(
        "Imported {} rows of {} tables from {} (written by Sangam {} from {}) into the {} database in {:.1} s. Use \
         the same secret key file as the database it came from.",
        header.total_rows(),
        header.tables.len(),
        args.input.display(),
        header.app_version,
        header.source,
        db.backend(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
