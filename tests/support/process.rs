//! The real `sangam` binary as a child process, for tests that kill it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct Served {
    pub child: Child,
    pub base: String,
}

/// What a `sangam serve` process is pointed at.
#[derive(Clone, Debug)]
pub struct Setup {
    pub database_url: String,
    pub dir: PathBuf,
    /// Extra `SANGAM_*` variables.
    pub env: Vec<(String, String)>,
}

impl Setup {
    pub fn new(database_url: String, dir: &Path) -> Setup {
        Setup {
            database_url,
            dir: dir.to_path_buf(),
            env: vec![],
        }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Setup {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    pub fn sandbox_path(&self) -> PathBuf {
        self.dir.join("sandbox.db")
    }

    pub fn key_path(&self) -> PathBuf {
        self.dir.join("sangam.key")
    }

    /// Starts `sangam serve` and waits until it says where it listens.
    pub async fn serve(&self) -> Served {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sangam"));
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .current_dir(&self.dir)
            .env("SANGAM_DATABASE_URL", &self.database_url)
            .env("SANGAM_SANDBOX__PATH", self.sandbox_path())
            .env("SANGAM_SECRET_KEY_FILE", self.key_path())
            .env("SANGAM_LOG", "warn")
            .env("SANGAM_SANDBOX__MESSAGES_PER_HOUR", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for (k, v) in &self.env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the sangam binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("Sangam is listening on ") {
                    return url.trim().to_string();
                }
            }
            panic!("sangam serve exited before listening");
        })
        .await
        .expect("sangam serve listens within a minute");
        // Keep draining stdout so the child never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Served { child, base }
    }
}

impl Served {
    /// SIGKILL: no chance to clean up, as in a power cut or an OOM kill.
    pub async fn kill_hard(mut self) {
        self.child.kill().await.expect("kill");
    }
}
