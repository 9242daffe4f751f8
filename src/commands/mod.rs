//! The `sangam` subcommands.

pub mod archive;
#[cfg(feature = "bench")]
pub mod bench;
pub mod demo;
pub mod rollups;
pub mod serve;
pub mod text;
pub mod user;

use crate::config::Config;
use std::path::Path;

/// Flags shared by commands that open the database.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Database URL (sqlite://file.db or postgres://...); overrides the config.
    #[arg(long, env = "SANGAM_DATABASE_URL")]
    pub database: Option<String>,
}

pub fn load_config(
    file: Option<&Path>,
    base: Config,
    database: Option<&str>,
) -> anyhow::Result<Config> {
    let mut config = Config::load(file, base)?;
    if let Some(url) = database {
        config.database_url = url.to_string();
    }
    Ok(config)
}

pub async fn migrate(file: Option<&Path>, args: DbArgs) -> anyhow::Result<()> {
    let config = load_config(file, Config::default(), args.database.as_deref())?;
    let db = crate::runtime::open_db(&config).await?;
    println!("The {} database is up to date.", db.backend());
    Ok(())
}
