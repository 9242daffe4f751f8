//! Sending webhook deliveries. Each delivery is a job on the lease (`deliver_webhook`): the runner claims it, this
//! module sends the event's fixed envelope, signed, to the webhook's URL under the connectors' outbound rules (https
//! and public addresses only unless `networks.allow_private_addresses`), logs the attempt, and either ends the job or
//! asks for a retry with exponential back-off and jitter.
//!
//! At least once, never again after a success is on record: the attempt and the `delivered` state are written in one
//! transaction as soon as the answer is read, well inside the lease (the request timeout is held below it), and a
//! delivery that is not `pending` is never sent. If the process dies after the receiver answered but before that
//! write, the lease runs out and the event is sent again under the same event id, which the receiver drops.

use crate::JobError;
use crate::publisher::Next;
use reqwest::Url;
use sangam_domain::webhook::{self, DeliveryStatus, EVENT_ID_HEADER, EVENT_TYPE_HEADER};
use sangam_domain::{Millis, now_millis};
use sangam_networks::http::{AddressProblem, HttpConfig, is_public, transport_error};
use sangam_store::Db;
use sangam_store::secrets::{SecretBox, hex, hmac_sha256};
use sangam_store::webhooks::{self, Attempt, Outgoing};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// How webhooks are sent.
#[derive(Debug, Clone)]
pub struct WebhookPolicy {
    /// Whole-request timeout for one attempt. Kept below the job lease, so a success is recorded while the lease is
    /// still ours.
    pub timeout_ms: u64,
    /// The first retry's delay; each later one doubles, up to `retry_cap_ms`, with jitter.
    pub retry_base_ms: i64,
    pub retry_cap_ms: i64,
    /// The connectors' rule: plain http and loopback / private addresses only when the install allows them.
    pub allow_private: bool,
}

impl Default for WebhookPolicy {
    fn default() -> Self {
        WebhookPolicy {
            timeout_ms: 10_000,
            retry_base_ms: 30_000,
            retry_cap_ms: 6 * 3_600_000,
            allow_private: false,
        }
    }
}

/// Checks a webhook address a person typed: a full URL (path and query kept), https, on a public address, unless
/// private addresses are allowed. A name is checked again at every lookup by the client.
pub fn target(raw: &str, allow_private: bool) -> Result<Url, AddressProblem> {
    let raw = raw.trim();
    let url = Url::parse(raw).map_err(|_| AddressProblem::NotAUrl(raw.to_string()))?;
    let host = url.host_str().unwrap_or_default();
    if host.is_empty() || url.cannot_be_a_base() || raw.len() > 2_000 {
        return Err(AddressProblem::NotAUrl(raw.to_string()));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err(AddressProblem::NotHttps),
        _ => return Err(AddressProblem::NotAUrl(raw.to_string())),
    }
    if !allow_private {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let private_ip = bare.parse::<IpAddr>().is_ok_and(|ip| !is_public(ip));
        let local_name = bare.eq_ignore_ascii_case("localhost") || bare.ends_with(".localhost");
        if private_ip || local_name {
            return Err(AddressProblem::Private);
        }
    }
    Ok(url)
}

/// The signature header's value for `body` at `timestamp` (Unix seconds) under each secret, newest first.
pub fn sign(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let signed = webhook::signed_bytes(timestamp, body);
    let signatures: Vec<String> = secrets
        .iter()
        .map(|s| hex(&hmac_sha256(s.as_bytes(), &signed)))
        .collect();
    webhook::signature_value(timestamp, &signatures)
}

/// A fresh signing secret: `whsec_` and 32 random bytes in hex. The receiver uses the whole string as the key.
pub fn new_secret() -> String {
    format!("whsec_{}", SecretBox::generate_hex())
}

/// Sends deliveries. One client for the process, with the timeouts and address rules set.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    policy: WebhookPolicy,
}

impl Sender {
    pub fn new(policy: WebhookPolicy) -> Result<Sender, sangam_networks::NetworkError> {
        let timeout = Duration::from_millis(policy.timeout_ms.max(1));
        let client = HttpConfig {
            timeout,
            connect_timeout: timeout.min(Duration::from_secs(5)),
            allow_private: policy.allow_private,
        }
        .client()?;
        Ok(Sender { client, policy })
    }

    pub fn policy(&self) -> &WebhookPolicy {
        &self.policy
    }

    /// One attempt at delivery `delivery_id`. `last` says the job has no attempts left: a failure now is final.
    pub async fn deliver(
        &self,
        db: &Db,
        secrets: &SecretBox,
        delivery_id: i64,
        last: bool,
    ) -> Result<Next, JobError> {
        let Some(out) = webhooks::outgoing(db, delivery_id).await? else {
            return Ok(Next::Done);
        };
        if out.state != DeliveryStatus::Pending {
            // Delivered (or given up) already: a second run of the job after a lost lease sends nothing.
            return Ok(Next::Done);
        }
        let started_at = now_millis();
        let clock = Instant::now();
        let tried = self.attempt(secrets, &out, started_at).await;
        let latency_ms = clock.elapsed().as_millis() as i64;
        let (status, error, response, permanent) = match &tried {
            Ok((status, response)) => (Some(i64::from(*status)), None, response.as_str(), false),
            Err(Refused::Permanent(why)) => (None, Some(why.as_str()), "", true),
            Err(Refused::Transient(why)) => (None, Some(why.as_str()), "", false),
        };
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        let after = if delivered {
            DeliveryStatus::Delivered
        } else if last || permanent {
            DeliveryStatus::Failed
        } else {
            DeliveryStatus::Pending
        };
        let attempt = Attempt {
            started_at,
            latency_ms,
            status,
            error,
            response,
        };
        let number =
            webhooks::record_attempt(db, delivery_id, attempt, after, now_millis()).await?;
        if after != DeliveryStatus::Pending {
            return Ok(Next::Done);
        }
        let reason = match (status, error) {
            (Some(s), _) => format!("the receiver answered HTTP {s}"),
            (None, Some(e)) => e.to_string(),
            (None, None) => "no answer".to_string(),
        };
        let p = &self.policy;
        let after_ms = webhook::backoff_ms(number, p.retry_base_ms, p.retry_cap_ms, rand::random());
        Ok(Next::Retry { reason, after_ms })
    }

    /// Signs and posts the envelope; the status and the first bytes of the answer.
    async fn attempt(
        &self,
        secrets: &SecretBox,
        out: &Outgoing,
        now: Millis,
    ) -> Result<(u16, String), Refused> {
        let url = target(&out.url, self.policy.allow_private).map_err(|e| {
            Refused::Permanent(format!("the address is not one Sangam contacts: {e}"))
        })?;
        let mut keys = vec![open(secrets, &out.secret)?];
        if let Some(previous) = &out.previous_secret
            && out.previous_until.is_some_and(|until| until > now)
        {
            keys.push(open(secrets, previous)?);
        }
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let signature = sign(&keys, now / 1000, out.body.as_bytes());
        let sent = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(webhook::SIGNATURE_HEADER, signature)
            .header(EVENT_ID_HEADER, &out.event_id)
            .header(EVENT_TYPE_HEADER, out.event_type.as_str())
            .body(out.body.clone())
            .send()
            .await
            .map_err(|e| Refused::Transient(transport_error(&e).to_string()))?;
        let status = sent.status().as_u16();
        Ok((status, first_bytes(sent).await))
    }
}

/// Why an attempt got no answer: worth trying again later, or not.
enum Refused {
    Transient(String),
    Permanent(String),
}

fn open(secrets: &SecretBox, sealed: &str) -> Result<String, Refused> {
    secrets.open(sealed).map_err(|_| {
        Refused::Transient(
            "the webhook's signing secret could not be opened with this install's key; rotate the secret".into(),
        )
    })
}

/// The first [`webhook::RESPONSE_KEPT_BYTES`] of the answer as text (cut on a character boundary), reading no more
/// of it than that.
async fn first_bytes(mut response: reqwest::Response) -> String {
    let mut kept = Vec::new();
    while kept.len() < webhook::RESPONSE_KEPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            _ => break,
        }
    }
    kept.truncate(webhook::RESPONSE_KEPT_BYTES);
    let text = String::from_utf8_lossy(&kept).into_owned();
    // A multi-byte character cut at the end shows as one replacement character; drop it.
    text.trim_end_matches('\u{fffd}').to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn webhook_addresses_follow_the_connectors_rules() {
        assert!(target("https://hooks.example.com/in?x=1", false).is_ok());
        assert_eq!(
            target("https://hooks.example.com/in?x=1", false)
                .unwrap()
                .as_str(),
            "https://hooks.example.com/in?x=1"
        );
        assert_eq!(
            target("http://hooks.example.com/in", false),
            Err(AddressProblem::NotHttps)
        );
        for inside in [
            "https://127.0.0.1/hook",
            "https://10.0.0.8/hook",
            "https://[::1]/hook",
            "https://169.254.169.254/latest",
            "https://localhost:8443/",
        ] {
            assert_eq!(
                target(inside, false),
                Err(AddressProblem::Private),
                "{inside}"
            );
        }
        assert!(target("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(matches!(
            target("ftp://x.example", true),
            Err(AddressProblem::NotAUrl(_))
        ));
        assert!(matches!(
            target("not a url", false),
            Err(AddressProblem::NotAUrl(_))
        ));
    }

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_dot_body() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // RFC 4231 test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        let header = sign(&["whsec_a", "whsec_b"], 1_700_000_000, b"{}");
        let expected_a = hex(&hmac_sha256(b"whsec_a", b"1700000000.{}"));
        let expected_b = hex(&hmac_sha256(b"whsec_b", b"1700000000.{}"));
        assert_eq!(
            header,
            format!("t=1700000000,v1={expected_a},v1={expected_b}")
        );
        assert!(new_secret().starts_with("whsec_") && new_secret().len() == 70);
    }
}
