//! Headless-Chromium harness for browser tests (WebDriver via chromedriver + fantoccini).
//!
//! ```ignore
//! let Some(browser) = Browser::start().await else { return };
//! browser.goto(&format!("{base}/login")).await;
//! browser.fill("input[name=username]", "admin").await;
//! browser.click("button[type=submit]").await;
//! browser.wait_for_text("h1", "Dashboard").await;
//! browser.close().await;
//! ```
//!
//! Each `Browser` owns its own `chromedriver` process (on a free port, in its own process group) and a
//! fresh temporary Chromium profile. Dropping it kills chromedriver and every Chromium process it
//! started. When Chromium/chromedriver are not installed, `start` returns `None` after printing
//! [`SKIP_MESSAGE`] — unless `SANGAM_REQUIRE_BROWSER` is set (CI), in which case it panics.
//!
//! Helpers panic with a message naming the selector/URL instead of returning `Result`, so tests stay
//! short and failures say what was being waited for.
#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// Printed (or panicked with, under `SANGAM_REQUIRE_BROWSER`) when the browser is not installed.
pub const SKIP_MESSAGE: &str = "skipping browser test: chromium/chromedriver not found (install: apt-get install -y chromium chromium-driver)";

/// Env var that turns a missing browser into a test failure instead of a skip.
pub const REQUIRE_ENV: &str = "SANGAM_REQUIRE_BROWSER";

/// How long `wait_for*` helpers poll before panicking.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(10);
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// chromedriver readiness: at most this many `/status` polls, `POLL_INTERVAL` apart (~10 s).
const STATUS_TRIES: u32 = 100;

/// Exactly the Chromium flags the project runs with.
fn chromium_args(user_data_dir: &Path) -> Vec<String> {
    vec![
        "--headless".into(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--disable-quic".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", user_data_dir.display()),
    ]
}

pub struct Browser {
    pub client: Client,
    driver: Child,
    driver_log: PathBuf,
    // Declared last so it is removed after chromedriver/Chromium have been killed in `Drop`.
    profile: tempfile::TempDir,
}

impl Browser {
    /// Start chromedriver + headless Chromium. `None` (with a printed reason) when they are not
    /// installed and `SANGAM_REQUIRE_BROWSER` is unset; panics on any other startup failure.
    pub async fn start() -> Option<Browser> {
        let (Some(driver_bin), Some(chromium_bin)) = (find_chromedriver(), find_chromium()) else {
            if std::env::var_os(REQUIRE_ENV).is_some() {
                panic!("{SKIP_MESSAGE} [{REQUIRE_ENV} is set, so this is a failure]");
            }
            eprintln!("{SKIP_MESSAGE}");
            return None;
        };

        // fantoccini's rustls connector needs a process-wide rustls CryptoProvider; the dependency
        // graph enables both `ring` (reqwest) and `aws-lc-rs` (fantoccini -> hyper-rustls), so
        // rustls cannot pick one itself. Requires the dev-dependency
        // `rustls = { version = "0.23", default-features = false, features = ["ring"] }`.
        // `Err` just means another provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // Built before spawning chromedriver so a failure here cannot leak the process.
        let mut builder = ClientBuilder::rustls()
            .unwrap_or_else(|e| panic!("browser: cannot build rustls WebDriver client: {e}"));

        let profile = tempfile::Builder::new()
            .prefix("sangam-chromium-")
            .tempdir()
            .unwrap_or_else(|e| panic!("browser: cannot create temp profile dir: {e}"));
        let driver_log = profile.path().join("chromedriver.log");
        let user_data_dir = profile.path().join("profile");

        let port = free_port();
        let mut driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", driver_log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Own process group, so Drop can kill chromedriver *and* the Chromium it spawned.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("browser: cannot spawn {}: {e}", driver_bin.display()));

        let base = format!("http://127.0.0.1:{port}");
        if let Err(why) = wait_until_ready(&base, &mut driver).await {
            kill_group(&mut driver);
            panic!(
                "browser: chromedriver ({}) not ready on {base}: {why}; log: {}",
                driver_bin.display(),
                read_log(&driver_log)
            );
        }

        let mut chrome_options = serde_json::Map::new();
        chrome_options.insert(
            "binary".into(),
            serde_json::Value::String(chromium_bin.display().to_string()),
        );
        chrome_options.insert(
            "args".into(),
            serde_json::json!(chromium_args(&user_data_dir)),
        );
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), serde_json::json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::Value::Object(chrome_options),
        );

        builder.capabilities(caps);
        let client = match builder.connect(&base).await {
            Ok(client) => client,
            Err(e) => {
                kill_group(&mut driver);
                panic!(
                    "browser: cannot start Chromium ({}) via chromedriver: {e}; log: {}",
                    chromium_bin.display(),
                    read_log(&driver_log)
                );
            }
        };

        Some(Browser {
            client,
            driver,
            driver_log,
            profile,
        })
    }

    /// Navigate and wait for the page load to complete.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("browser: goto {url} failed: {e}"));
    }

    /// Wait for the element, clear it, and type `text` into it.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait_for(css).await;
        el.clear()
            .await
            .unwrap_or_else(|e| panic!("browser: clearing `{css}` failed: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("browser: typing into `{css}` failed: {e}"));
    }

    /// Wait for the element and click it.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("browser: clicking `{css}` failed: {e}"));
    }

    /// Wait for the element and return its rendered text.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("browser: reading text of `{css}` failed: {e}"))
    }

    /// The document title.
    pub async fn title(&self) -> String {
        self.client
            .title()
            .await
            .unwrap_or_else(|e| panic!("browser: reading title failed: {e}"))
    }

    /// The current URL.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_else(|e| panic!("browser: reading current URL failed: {e}"))
    }

    /// Poll (up to [`WAIT_TIMEOUT`]) until an element matches `css`; panic naming the selector.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(el) => return el,
                Err(e) if Instant::now() >= deadline => panic!(
                    "browser: timed out after {WAIT_TIMEOUT:?} waiting for selector `{css}` on {} (last error: {e})",
                    self.url().await
                ),
                Err(_) => tokio::time::sleep(POLL_INTERVAL).await,
            }
        }
    }

    /// Poll (up to [`WAIT_TIMEOUT`]) until the element matching `css` contains `needle` in its text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        let mut last = String::from("<no element>");
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
            if Instant::now() >= deadline {
                panic!(
                    "browser: timed out after {WAIT_TIMEOUT:?} waiting for `{css}` to contain {needle:?} on {}; last text: {last:?}",
                    self.url().await
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Save a PNG screenshot of the viewport (parent directories are created).
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("browser: screenshot failed: {e}"));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("browser: cannot create {}: {e}", dir.display()));
        }
        std::fs::write(path, png)
            .unwrap_or_else(|e| panic!("browser: cannot write {}: {e}", path.display()));
    }

    /// End the WebDriver session (closes Chromium), then stop chromedriver.
    pub async fn close(self) {
        // Errors are irrelevant here: Drop kills the whole process group regardless.
        let _ = self.client.clone().close().await;
        drop(self);
    }

    /// chromedriver's log file (inside the temp profile dir; gone after drop).
    pub fn driver_log(&self) -> String {
        read_log(&self.driver_log)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // `profile` (the TempDir) is removed after this, once nothing writes into it any more.
        kill_group(&mut self.driver);
    }
}

/// SIGKILL chromedriver's process group (chromedriver + Chromium and its helpers), then reap.
fn kill_group(child: &mut Child) {
    let pgid = child.id();
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

async fn wait_until_ready(base: &str, driver: &mut Child) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .map_err(|e| format!("http client: {e}"))?;
    let url = format!("{base}/status");
    let mut last = String::from("no response");
    for _ in 0..STATUS_TRIES {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited early with {status}"));
        }
        match http.get(&url).send().await {
            Ok(resp) => match resp.json::<serde_json::Value>().await {
                Ok(body) if body["value"]["ready"] == serde_json::Value::Bool(true) => {
                    return Ok(());
                }
                Ok(body) => last = format!("not ready: {body}"),
                Err(e) => last = format!("bad /status body: {e}"),
            },
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
    Err(format!(
        "gave up after {STATUS_TRIES} polls of {url}; last: {last}"
    ))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("browser: cannot find a free port: {e}"))
}

fn read_log(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(log) => {
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!("{} (last lines:\n{})", path.display(), tail.join("\n"))
        }
        Err(_) => format!("{} (unreadable)", path.display()),
    }
}

fn find_chromedriver() -> Option<PathBuf> {
    find_binary(&["/usr/bin/chromedriver"], &["chromedriver"])
}

fn find_chromium() -> Option<PathBuf> {
    find_binary(
        &["/usr/bin/chromium"],
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    )
}

fn find_binary(fixed: &[&str], names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = fixed.iter().map(PathBuf::from).find(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}
