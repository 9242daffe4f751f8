//! `sangam user add`: add a person from the command line (the first Admin of a fresh install, for instance).

use crate::config::Config;
use anyhow::Context;
use sangam_domain::{Role, now_millis};
use sangam_store::users::{self, NewUser};
use sangam_store::workspaces;
use std::path::Path;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add a person. The password is read from SANGAM_PASSWORD, or asked for on the terminal.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, manager, member, approver or viewer.
        #[arg(long, default_value = "member")]
        role: String,
        /// Name of the workspace to create when there is none yet.
        #[arg(long, default_value = "My team")]
        workspace: String,
        #[command(flatten)]
        db: super::DbArgs,
    },
}

pub async fn run(file: Option<&Path>, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        email,
        name,
        role,
        workspace,
        db,
    } = command;
    let role = Role::parse(&role).with_context(|| {
        format!("{role:?} is not a role; use admin, manager, member, approver or viewer")
    })?;
    let config = super::load_config(file, Config::default(), db.database.as_deref())?;
    let password = match std::env::var("SANGAM_PASSWORD") {
        Ok(p) => p,
        Err(_) => read_password()?,
    };
    sangam_web::auth::password::check_strength(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = crate::runtime::open_db(&config).await?;
    let ws = match workspaces::first(&db).await? {
        Some(ws) => ws,
        None => workspaces::create(&db, &workspace, now_millis()).await?,
    };
    let hash = sangam_web::auth::password::hash(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = users::create(
        &db,
        NewUser {
            workspace_id: ws.id,
            email: &email,
            name: &name,
            password_hash: &hash,
            role,
        },
        now_millis(),
    )
    .await?;
    println!(
        "Added {} <{}> as {} of {}.",
        user.name, user.email, user.role, ws.name
    );
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    eprint!("Password for the new person (at least 10 characters): ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("Reading the password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
