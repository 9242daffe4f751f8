//! A real OpenID Connect provider on loopback: the npm package `oidc-provider`, run by `oidc_provider.mjs` (beside
//! this file) under Node, with one confidential client whose only redirect URI is the Sangam under test.
//! `scripts/install-oidc-provider.sh` installs it and prints the variables read here (`SANGAM_OIDC_PROVIDER_DIR`,
//! `SANGAM_OIDC_NODE`). Without them a test says why and skips; with `SANGAM_REQUIRE_PEERS` set (CI) it fails.
//!
//! The script takes test switches on stdin: accounts, a signing-key rotation, and a spoiled next ID token (tampered,
//! expired, or with another nonce, each re-signed with the provider's own key where the check is not the signature).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::peers::REQUIRE_ENV;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const SCRIPT: &str = include_str!("oidc_provider.mjs");

pub struct OidcProvider {
    _child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// A spoiled ID token for the next code exchange.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// The payload changed under the old signature.
    Tamper,
    /// Re-signed with `exp` an hour ago.
    Expired,
    /// Re-signed with a nonce Sangam never sent.
    WrongNonce,
}

fn var(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var_os(REQUIRE_ENV).is_none(),
                "{REQUIRE_ENV} is set but {name} is not: run `eval \"$(scripts/install-oidc-provider.sh)\"`"
            );
            eprintln!(
                "SKIPPED: {name} is not set; run `eval \"$(scripts/install-oidc-provider.sh)\"` to test single \
                 sign-on against a real OpenID Connect provider"
            );
            None
        }
    }
}

impl OidcProvider {
    /// Starts the provider for a Sangam whose callback is `redirect_uri`; `None` (after saying why) when it is not
    /// installed and not required.
    pub async fn start(redirect_uri: &str) -> Option<OidcProvider> {
        let dir = var("SANGAM_OIDC_PROVIDER_DIR")?;
        let node = std::env::var("SANGAM_OIDC_NODE").unwrap_or_else(|_| "node".into());
        let mut child = tokio::process::Command::new(&node)
            .args(["--input-type=module", "--eval", SCRIPT])
            .current_dir(&dir)
            .env("OIDC_REDIRECT_URI", redirect_uri)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {node} with the provider in {dir}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut provider = OidcProvider {
            _child: child,
            stdin,
            lines,
            issuer: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
        };
        let ready = provider.next_message("ready").await;
        provider.issuer = ready["ready"]["issuer"].as_str().unwrap().to_string();
        provider.client_id = ready["ready"]["client_id"].as_str().unwrap().to_string();
        provider.client_secret = ready["ready"]["client_secret"]
            .as_str()
            .unwrap()
            .to_string();
        Some(provider)
    }

    async fn next_message(&mut self, key: &str) -> serde_json::Value {
        let wait = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = self.lines.next_line().await.unwrap() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    assert!(v.get("error").is_none(), "the provider said {v}");
                    if v.get(key).is_some() {
                        return v;
                    }
                }
            }
            panic!("the OpenID provider stopped before saying {key}");
        });
        wait.await
            .unwrap_or_else(|_| panic!("the OpenID provider did not say {key} in time"))
    }

    async fn say(&mut self, command: serde_json::Value, answer: &str) -> serde_json::Value {
        let line = format!("{command}\n");
        self.stdin.write_all(line.as_bytes()).await.unwrap();
        self.stdin.flush().await.unwrap();
        self.next_message(answer).await
    }

    /// Adds (or changes) an account at the provider; returns its subject.
    pub async fn account(&mut self, email: &str, verified: bool, name: &str) -> String {
        let cmd = serde_json::json!({"cmd": "account", "email": email, "email_verified": verified, "name": name});
        let answer = self.say(cmd, "account").await;
        answer["account"].as_str().unwrap().to_string()
    }

    /// A new signing key, first in the provider's JWKS (the old one stays published); returns its key id.
    pub async fn rotate_key(&mut self) -> String {
        let answer = self
            .say(serde_json::json!({"cmd": "rotate"}), "rotated")
            .await;
        answer["rotated"].as_str().unwrap().to_string()
    }

    /// Spoils the next ID token the provider hands out.
    pub async fn spoil_next_token(&mut self, fault: Fault) {
        let kind = match fault {
            Fault::Tamper => "tamper",
            Fault::Expired => "expired",
            Fault::WrongNonce => "wrong_nonce",
        };
        self.say(serde_json::json!({"cmd": "fault", "kind": kind}), "fault")
            .await;
    }

    /// The provider's published key ids, as a relying party reads them.
    pub async fn key_ids(&self) -> Vec<String> {
        let jwks: serde_json::Value = reqwest::get(format!("{}/jwks", self.issuer))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_string())
            .collect()
    }
}

/// What came of one sign-in through the provider, driven by an HTTP client as a browser would.
pub struct Outcome {
    /// Sangam's final answer (after the callback): a redirect when signed in, the sign-in page when refused.
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Outcome {
    /// The catalogue code the sign-in page shows, if it shows one.
    pub fn error_code(&self) -> Option<String> {
        let at = self.body.find("data-code=\"")? + "data-code=\"".len();
        let rest = &self.body[at..];
        Some(rest[..rest.find('"')?].to_string())
    }
}

/// Clicks "Sign in with ..." on Sangam (`base`), signs in at the provider as `email`, and follows the redirects
/// back to Sangam's answer. `client` keeps cookies and does not follow redirects.
pub async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> Outcome {
    let mut url = format!("{base}/login/sso?next=/");
    // Follow redirects by hand until the provider's sign-in form, then until Sangam answers without a redirect
    // (or with one to its own pages).
    let mut submitted = false;
    for _ in 0..20 {
        let response = client.get(&url).send().await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        let body = response.text().await.unwrap();
        let here = reqwest::Url::parse(&url).unwrap();
        let on_sangam = url.starts_with(base);
        match location {
            Some(to) if (300..400).contains(&status) => {
                let next = here.join(&to).unwrap().to_string();
                if on_sangam && url.contains("/login/sso/callback") {
                    return Outcome {
                        status,
                        location: Some(next),
                        body,
                    };
                }
                url = next;
            }
            _ if url.contains("/interaction/") && !submitted => {
                assert!(
                    body.contains("provider-email"),
                    "the provider's sign-in form: {body}"
                );
                let action = here.join(&format!("{}/login", here.path())).unwrap();
                let response = client
                    .post(action)
                    .form(&[("email", email)])
                    .send()
                    .await
                    .unwrap();
                submitted = true;
                let status = response.status().as_u16();
                let to = response
                    .headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_string())
                    .unwrap_or_else(|| {
                        panic!("the provider did not accept {email} (HTTP {status})")
                    });
                url = here.join(&to).unwrap().to_string();
            }
            _ => {
                return Outcome {
                    status,
                    location: None,
                    body,
                };
            }
        }
    }
    panic!("too many redirects signing in as {email}");
}
