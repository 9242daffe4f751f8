//! `sangam serve`: the web server and the engine.

use crate::config::Config;
use crate::runtime;
use std::path::Path;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "SANGAM_LISTEN")]
    pub listen: Option<String>,
    #[command(flatten)]
    pub db: super::DbArgs,
}

pub async fn run(file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let mut config = super::load_config(file, Config::default(), args.db.database.as_deref())?;
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    runtime::init_logging(&config);
    let db = runtime::open_db(&config).await?;
    let secrets = runtime::secret_box(&config, &db).await?;
    let sandbox = runtime::open_sandbox(&config).await?;
    runtime::serve(config, db, secrets, sandbox).await
}
