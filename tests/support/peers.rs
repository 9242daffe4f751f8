//! The real Bluesky and Mastodon peers for product-level tests: `@atproto/dev-env` (a whole local Bluesky network,
//! run by `scripts/bsky-dev-env.mjs` under Node 22) and the PyPI `mastodon_mock`. `scripts/install-peers.sh` installs
//! both and prints the variables read here (`SANGAM_NODE`, `SANGAM_ATPROTO_DEV_ENV`, `SANGAM_MASTODON_MOCK`).
//!
//! Without them a test says why and skips; with `SANGAM_REQUIRE_PEERS` set (CI) it fails instead.
//!
//! The start-up and the raw calls are lifted from the connector tests (`crates/networks/tests/bluesky_peer.rs` and
//! `mastodon_peer.rs`, which live in another crate and keep their own copy), grown with what the product tests need:
//! accounts made on the fly, records read back from the PDS, and a loopback proxy in front of the PDS that counts
//! the calls Sangam makes and can swallow an answer (to kill the server between intent and answer).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

pub const REQUIRE_ENV: &str = "SANGAM_REQUIRE_PEERS";

/// `None` (after saying why) when the variable is unset and peers are not required; panics when they are.
fn peer_var(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var_os(REQUIRE_ENV).is_none(),
                "{REQUIRE_ENV} is set but {name} is not: run `eval \"$(scripts/install-peers.sh)\"`"
            );
            eprintln!(
                "SKIPPED: {name} is not set; run `eval \"$(scripts/install-peers.sh)\"` to test the product against \
                 the real Bluesky and Mastodon peers"
            );
            None
        }
    }
}

/// Whether both peers are installed (after saying why not).
pub fn peers_available() -> bool {
    let node = peer_var("SANGAM_NODE").is_some();
    let script = peer_var("SANGAM_ATPROTO_DEV_ENV").is_some();
    let mastodon = peer_var("SANGAM_MASTODON_MOCK").is_some();
    node && script && mastodon
}

// ---------------------------------------------------------------------------------------------------------------
// Bluesky: @atproto/dev-env

/// One dev network at a time: the script drops the schemas of earlier runs when it starts.
static DEV_ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct DevEnv {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    ready: serde_json::Value,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// An account on a peer: who it is and how to speak as it.
#[derive(Clone, Debug)]
pub struct BskyAccount {
    pub did: String,
    pub handle: String,
    pub password: String,
}

impl DevEnv {
    pub async fn start() -> Option<DevEnv> {
        let node = peer_var("SANGAM_NODE")?;
        let script = peer_var("SANGAM_ATPROTO_DEV_ENV")?;
        let turn = DEV_ENV_LOCK.lock().await;
        let db = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut child = tokio::process::Command::new(&node)
            .arg(&script)
            .env("DB_POSTGRES_URL", db)
            .env(
                "REDIS_HOST",
                std::env::var("REDIS_HOST").unwrap_or_else(|_| "127.0.0.1:6379".into()),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {node} {script}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut env = DevEnv {
            child,
            stdin,
            lines,
            ready: serde_json::Value::Null,
            _turn: turn,
        };
        env.ready = env.next_message("ready").await;
        Some(env)
    }

    async fn next_message(&mut self, key: &str) -> serde_json::Value {
        let wait = tokio::time::timeout(Duration::from_secs(240), async {
            while let Some(line) = self.lines.next_line().await.unwrap() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
                    && v.get(key).is_some()
                {
                    return v;
                }
            }
            panic!("the Bluesky dev network stopped before saying {key}");
        });
        wait.await
            .unwrap_or_else(|_| panic!("the Bluesky dev network did not say {key} in time"))
    }

    /// Waits until the AppView has indexed everything written so far (notifications, counts, threads).
    pub async fn process(&mut self) {
        self.stdin.write_all(b"process\n").await.unwrap();
        self.stdin.flush().await.unwrap();
        self.next_message("processed").await;
    }

    pub fn pds(&self) -> String {
        self.ready["pds"]
            .as_str()
            .unwrap()
            .trim_end_matches('/')
            .to_string()
    }

    /// The AppView, which answers public reads (profiles, feeds) without a session, as Bluesky's public one does.
    pub fn appview(&self) -> String {
        self.ready["appview"]
            .as_str()
            .expect("the dev network names its AppView (scripts/bsky-dev-env.mjs)")
            .trim_end_matches('/')
            .to_string()
    }

    /// `alice` or `bob`, made by the script.
    pub fn account(&self, name: &str) -> BskyAccount {
        let a = &self.ready["accounts"][name];
        BskyAccount {
            did: a["did"].as_str().unwrap().into(),
            handle: a["handle"].as_str().unwrap().into(),
            password: a["password"].as_str().unwrap().into(),
        }
    }

    /// Closes the script's stdin, which shuts the network down and drops its schemas.
    pub async fn stop(self) {
        let DevEnv {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = tokio::time::timeout(Duration::from_secs(30), child.wait()).await;
    }
}

/// A raw XRPC call, as another Bluesky client would make it. Panics unless it succeeds.
pub async fn xrpc(
    pds: &str,
    token: Option<&str>,
    nsid: &str,
    body: Option<serde_json::Value>,
    query: &[(&str, &str)],
) -> serde_json::Value {
    let (status, v) = xrpc_status(pds, token, nsid, body, query).await;
    assert!(status.is_success(), "{nsid}: {status} {v}");
    v
}

/// A raw XRPC call and its status, for calls expected to fail.
pub async fn xrpc_status(
    pds: &str,
    token: Option<&str>,
    nsid: &str,
    body: Option<serde_json::Value>,
    query: &[(&str, &str)],
) -> (reqwest::StatusCode, serde_json::Value) {
    let client = reqwest::Client::new();
    let url = format!("{pds}/xrpc/{nsid}");
    let mut req = match &body {
        Some(b) => client.post(url).json(b),
        None => client.get(url).query(query),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or_default())
}

/// Logs in as the account (its own password, as its owner's app would); returns the access token.
pub async fn bsky_login(pds: &str, account: &BskyAccount) -> String {
    let s = xrpc(
        pds,
        None,
        "com.atproto.server.createSession",
        Some(serde_json::json!({"identifier": account.handle, "password": account.password})),
        &[],
    )
    .await;
    s["accessJwt"].as_str().unwrap().to_string()
}

/// Makes an app password named `name` for Sangam.
pub async fn bsky_app_password(pds: &str, token: &str, name: &str) -> String {
    xrpc(
        pds,
        Some(token),
        "com.atproto.server.createAppPassword",
        Some(serde_json::json!({"name": name})),
        &[],
    )
    .await["password"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every record of `collection` in the account's repository, read from the PDS (the far end, not our database).
pub async fn bsky_records(pds: &str, did: &str, collection: &str) -> Vec<serde_json::Value> {
    let v = xrpc(
        pds,
        None,
        "com.atproto.repo.listRecords",
        None,
        &[("repo", did), ("collection", collection), ("limit", "100")],
    )
    .await;
    v["records"].as_array().cloned().unwrap_or_default()
}

/// Writes a record as the account (`token` from [`bsky_login`]); returns `{uri, cid}`.
pub async fn bsky_create(
    pds: &str,
    token: &str,
    did: &str,
    collection: &str,
    record: serde_json::Value,
) -> serde_json::Value {
    let v = xrpc(
        pds,
        Some(token),
        "com.atproto.repo.createRecord",
        Some(serde_json::json!({"repo": did, "collection": collection, "record": record})),
        &[],
    )
    .await;
    serde_json::json!({"uri": v["uri"], "cid": v["cid"]})
}

/// A post by `did` with a mention facet for each `(handle, did)` found in `text`.
pub fn bsky_post(text: &str, mentions: &[(&str, &str)]) -> serde_json::Value {
    let facets: Vec<serde_json::Value> = mentions
        .iter()
        .filter_map(|(handle, did)| {
            let at = format!("@{handle}");
            let start = text.find(&at)?;
            Some(serde_json::json!({
                "index": {"byteStart": start, "byteEnd": start + at.len()},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
            }))
        })
        .collect();
    serde_json::json!({
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": jiff::Timestamp::now().to_string(),
        "facets": facets,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// A proxy in front of the PDS

/// A loopback TCP proxy in front of a peer. It notes the XRPC method of every request that passes (so a test can
/// say "no login happened") and, when told to, lets a request through but never returns its answer: the network
/// has the post, Sangam hears nothing, as when a connection dies after the send.
#[derive(Clone)]
pub struct Proxy {
    pub url: String,
    seen: Arc<Mutex<Vec<String>>>,
    swallow: Arc<Mutex<Option<String>>>,
}

impl Proxy {
    pub async fn start(upstream: &str) -> Proxy {
        let upstream_addr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .replace("localhost", "127.0.0.1");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Proxy {
            url: format!("http://{}", listener.local_addr().unwrap()),
            seen: Arc::default(),
            swallow: Arc::default(),
        };
        let (seen, swallow) = (proxy.seen.clone(), proxy.swallow.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream_addr).await else {
                    continue;
                };
                tokio::spawn(pipe(client, server, seen.clone(), swallow.clone()));
            }
        });
        proxy
    }

    /// From now on, answers to requests for `nsid` are swallowed (the request still reaches the peer).
    pub fn swallow_answers_to(&self, nsid: Option<&str>) {
        *self.swallow.lock().unwrap() = nsid.map(str::to_string);
    }

    /// The XRPC methods requested so far, in order.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self, nsid: &str) -> usize {
        self.seen().iter().filter(|s| *s == nsid).count()
    }

    pub fn forget(&self) {
        self.seen.lock().unwrap().clear();
    }
}

async fn pipe(
    client: tokio::net::TcpStream,
    server: tokio::net::TcpStream,
    seen: Arc<Mutex<Vec<String>>>,
    swallow: Arc<Mutex<Option<String>>>,
) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let muted = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let muted_up = muted.clone();
    let up = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let chunk = String::from_utf8_lossy(&buf[..n]);
            for nsid in request_methods(&chunk) {
                if swallow.lock().unwrap().as_deref() == Some(nsid.as_str()) {
                    muted_up.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                seen.lock().unwrap().push(nsid);
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if muted.load(std::sync::atomic::Ordering::SeqCst) {
                continue;
            }
            if client_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(up, down);
}

/// The XRPC methods named by request lines in a chunk of a client's stream.
fn request_methods(chunk: &str) -> Vec<String> {
    chunk
        .match_indices("/xrpc/")
        .filter(|(i, _)| {
            let line_start = chunk[..*i].rfind('\n').map(|p| p + 1).unwrap_or(0);
            let head = &chunk[line_start..*i];
            head == "GET " || head == "POST "
        })
        .map(|(i, _)| {
            chunk[i + 6..]
                .split(['?', ' ', '\r', '\n'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Mastodon: mastodon_mock

pub struct MastodonPeer {
    pub base: String,
    _child: tokio::process::Child,
}

/// An account on the Mastodon peer.
#[derive(Clone, Debug)]
pub struct MastodonAccount {
    pub id: String,
    pub username: String,
    pub token: String,
}

impl MastodonPeer {
    pub async fn start() -> Option<MastodonPeer> {
        let exe = peer_var("SANGAM_MASTODON_MOCK")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = tokio::process::Command::new(&exe)
            .args(["serve", "--in-memory", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .args(["--log-level", "warning"])
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {exe}: {e}"));
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{base}/api/v1/instance")).send().await
                && r.status().is_success()
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "mastodon_mock did not start on {base}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Some(MastodonPeer {
            base,
            _child: child,
        })
    }

    /// A fresh local account with an access token (the mock's developer shortcut).
    pub async fn account(&self, username: &str) -> MastodonAccount {
        let body: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/_mock/dev_user", self.base))
            .json(&serde_json::json!({"username": username}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        MastodonAccount {
            id: body["id"].as_str().unwrap().to_string(),
            username: username.to_string(),
            token: body["access_token"].as_str().unwrap().to_string(),
        }
    }

    /// Another access token for an existing account, as making a new application on the instance would give.
    pub async fn new_token(&self, username: &str) -> String {
        let body: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/_mock/login", self.base))
            .json(&serde_json::json!({"username": username}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    /// Revokes a token, as the account's owner does under Preferences > Account > Authorized apps.
    pub async fn revoke(&self, token: &str) {
        let r = reqwest::Client::new()
            .post(format!("{}/oauth/revoke", self.base))
            .form(&[("token", token)])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    /// `GET` as the token; panics unless it succeeds.
    pub async fn get(&self, token: &str, path: &str) -> serde_json::Value {
        let r = reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status.is_success(), "GET {path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// `POST` (JSON) as the token; panics unless it succeeds.
    pub async fn post(
        &self,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status.is_success(), "POST {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or_default()
    }

    /// An account's public statuses, newest first, read from the peer as an anonymous visitor would.
    pub async fn statuses_of(&self, account_id: &str) -> Vec<serde_json::Value> {
        let r = reqwest::Client::new()
            .get(format!(
                "{}/api/v1/accounts/{account_id}/statuses?limit=40",
                self.base
            ))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(
            status.is_success(),
            "statuses of {account_id}: {status} {text}"
        );
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap()
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// A small PNG (`n` picks one of two distinct images, so two uploads are two blobs).
pub fn png(n: u8) -> Vec<u8> {
    let mut bytes = TINY_PNG.to_vec();
    // A tEXt chunk before IEND makes a different file with the same picture.
    let text = format!("Comment\0image {n}");
    let mut chunk = Vec::new();
    chunk.extend_from_slice(&(text.len() as u32).to_be_bytes());
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(text.as_bytes());
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let iend = bytes.len() - 12;
    bytes.splice(iend..iend, chunk);
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            let mask = (!(crc & 1)).wrapping_add(1);
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

/// A 1x1 transparent PNG.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
