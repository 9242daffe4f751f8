//! Outbound HTTP with care, shared by the real connectors: every request has a timeout, user-typed server addresses
//! must be https and public (no loopback, private or link-local ranges, checked again at every DNS lookup so a name
//! cannot be re-pointed inwards later), and rate-limit budgets are remembered per account so we back off before a
//! network has to refuse us.

use crate::{NetworkError, Outage, Rejection};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{StatusCode, Url};
use sangam_domain::Millis;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the connectors may reach the outside world.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// Lets plain `http://` and loopback / private addresses through. Only for tests and local peers: a real
    /// deployment keeps it off, so a user-typed instance address cannot make Sangam fetch from inside its network.
    pub allow_private: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            allow_private: false,
        }
    }
}

impl HttpConfig {
    /// For tests against peers on 127.0.0.1.
    pub fn loopback_for_tests() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            allow_private: true,
        }
    }

    /// A client that refuses private addresses at DNS time (unless allowed), with the timeouts set.
    pub fn client(&self) -> Result<reqwest::Client, NetworkError> {
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("Sangam/", env!("CARGO_PKG_VERSION")))
            // A redirect could lead anywhere, including inwards; the APIs we call do not redirect.
            .redirect(reqwest::redirect::Policy::none());
        if !self.allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        builder
            .build()
            .map_err(|e| NetworkError::unavailable(format!("could not set up HTTP: {e}")))
    }
}

/// Why a server address typed by a person cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    #[error("{0:?} is not a web address")]
    NotAUrl(String),
    #[error("the address must start with https://")]
    NotHttps,
    #[error("the address points to a private or local network, which Sangam does not contact")]
    Private,
}

/// Parses a server's base address (`mastodon.social`, `https://mastodon.social/`), adding `https://` when missing,
/// and refuses what Sangam must not contact. The path, query and fragment are dropped.
pub fn base_url(raw: &str, config: &HttpConfig) -> Result<Url, AddressProblem> {
    let raw = raw.trim().trim_end_matches('/');
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|_| AddressProblem::NotAUrl(raw.to_string()))?;
    if url.host_str().is_none_or(str::is_empty) || url.cannot_be_a_base() {
        return Err(AddressProblem::NotAUrl(raw.to_string()));
    }
    match url.scheme() {
        "https" => {}
        "http" if config.allow_private => {}
        _ => return Err(AddressProblem::NotHttps),
    }
    if !config.allow_private {
        let host = url.host_str().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = host.parse::<IpAddr>()
            && !is_public(ip)
        {
            return Err(AddressProblem::Private);
        }
        if host.eq_ignore_ascii_case("localhost") || host.ends_with(".localhost") {
            return Err(AddressProblem::Private);
        }
    }
    url.set_path("");
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
                || (a == 198 && (b == 18 || b == 19)) // benchmarking
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link local
                || first == 0x2001 && v6.segments()[1] == 0x0db8) // documentation
        }
    }
}

/// Resolves names and keeps only public addresses, so a public-looking name cannot lead to an inside address.
struct PublicOnly;

/// The lookup found only inside addresses; [`transport_error`] finds it in the error chain and says so as
/// [`Outage::NoPublicAddress`].
#[derive(Debug, thiserror::Error)]
#[error("{0} has no public address")]
struct NoPublicAddress(String);

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(NoPublicAddress(host)) as Box<_>);
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// Maps a transport failure: a timeout may mean the request arrived, anything else means it did not.
pub fn transport_error(e: &reqwest::Error) -> NetworkError {
    if e.is_timeout() {
        NetworkError::Timeout
    } else {
        // Walk the chain so "has no public address" and "connection refused" reach the person.
        let mut message = e.to_string();
        let mut cause = Outage::Down;
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            message = format!("{message}: {s}");
            if s.is::<NoPublicAddress>() {
                cause = Outage::NoPublicAddress;
            }
            source = s.source();
        }
        NetworkError::Unavailable {
            cause,
            detail: message,
        }
    }
}

/// Maps an error status that is not about authentication or limits.
pub fn status_error(status: StatusCode, detail: &str) -> NetworkError {
    let detail = detail.chars().take(300).collect::<String>();
    if status.is_server_error() {
        NetworkError::unavailable(format!("HTTP {}: {detail}", status.as_u16()))
    } else {
        NetworkError::Rejected {
            cause: Rejection::Status(status.as_u16()),
            detail: format!("HTTP {}: {detail}", status.as_u16()),
        }
    }
}

/// An answer that is not the JSON a connector expects: likely not that network's server at all.
pub fn not_understood(detail: &str) -> NetworkError {
    NetworkError::Rejected {
        cause: Rejection::NotUnderstood,
        detail: detail.to_string(),
    }
}

/// Reads a successful answer's JSON body.
pub async fn read_json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, NetworkError> {
    let bytes = response.bytes().await.map_err(|e| transport_error(&e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| not_understood(&format!("the answer was not JSON we understand: {e}")))
}

/// What a network last said about an account's remaining requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub remaining: i64,
    pub reset_at: Millis,
}

/// Rate-limit budgets per account (or per any key the connector chooses). When a budget is nearly spent, calls wait
/// for the reset instead of spending the last requests, which a person's manual actions may need.
#[derive(Debug, Default)]
pub struct Budgets {
    by_key: Mutex<HashMap<String, Budget>>,
}

/// Requests left untouched in every window.
pub const RESERVE: i64 = 3;

impl Budgets {
    /// Refuses with `RateLimited` while the budget for `key` is at or below the reserve and its window has not reset.
    pub fn check(&self, key: &str, now: Millis) -> Result<(), NetworkError> {
        let Ok(map) = self.by_key.lock() else {
            return Ok(());
        };
        match map.get(key) {
            Some(b) if b.remaining <= RESERVE && b.reset_at > now => {
                Err(NetworkError::RateLimited {
                    retry_after_ms: b.reset_at - now,
                })
            }
            _ => Ok(()),
        }
    }

    pub fn record(&self, key: &str, budget: Budget) {
        if let Ok(mut map) = self.by_key.lock() {
            map.insert(key.to_string(), budget);
        }
    }
}

/// Parses `rel="next"` / `rel="prev"` links out of a `Link` header.
pub fn link(header: Option<&reqwest::header::HeaderValue>, rel: &str) -> Option<Url> {
    let header = header?.to_str().ok()?;
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let wanted = params
            .split(';')
            .any(|p| p.trim() == format!("rel=\"{rel}\"") || p.trim() == format!("rel={rel}"));
        if !wanted {
            return None;
        }
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        Url::parse(target).ok()
    })
}

/// A query parameter of a URL.
pub fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn strict() -> HttpConfig {
        HttpConfig::default()
    }

    #[test]
    fn typed_instance_addresses_are_https_and_public() {
        assert_eq!(
            base_url("mastodon.social", &strict()).unwrap().as_str(),
            "https://mastodon.social/"
        );
        assert_eq!(
            base_url(" https://mastodon.social/@someone ", &strict())
                .unwrap()
                .as_str(),
            "https://mastodon.social/"
        );
        assert_eq!(
            base_url("http://mastodon.social", &strict()),
            Err(AddressProblem::NotHttps)
        );
        for inside in [
            "https://127.0.0.1",
            "https://10.1.2.3:8443",
            "https://192.168.0.1",
            "https://169.254.169.254",
            "https://[::1]",
            "https://[fd00::1]",
            "https://[::ffff:127.0.0.1]",
            "https://localhost",
            "https://0.0.0.0",
        ] {
            assert_eq!(
                base_url(inside, &strict()),
                Err(AddressProblem::Private),
                "{inside}"
            );
        }
        assert!(matches!(
            base_url("https://exa mple.org", &strict()),
            Err(AddressProblem::NotAUrl(_))
        ));
    }

    #[test]
    fn the_testing_switch_lets_loopback_peers_through() {
        let url = base_url("http://127.0.0.1:3000", &HttpConfig::loopback_for_tests()).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:3000/");
    }

    #[tokio::test]
    async fn names_that_resolve_inwards_are_refused_at_lookup_time() {
        let client = strict().client().unwrap();
        let err = client.get("http://localhost:9/").send().await.unwrap_err();
        let mapped = transport_error(&err);
        assert!(
            matches!(
                &mapped,
                NetworkError::Unavailable {
                    cause: Outage::NoPublicAddress,
                    ..
                }
            ),
            "{mapped:?}"
        );
    }

    #[test]
    fn a_nearly_spent_budget_waits_for_its_reset() {
        let budgets = Budgets::default();
        budgets.record(
            "a",
            Budget {
                remaining: 2,
                reset_at: 10_000,
            },
        );
        assert_eq!(
            budgets.check("a", 4_000),
            Err(NetworkError::RateLimited {
                retry_after_ms: 6_000
            })
        );
        assert_eq!(budgets.check("a", 10_000), Ok(()));
        assert_eq!(budgets.check("b", 4_000), Ok(()));
    }

    #[test]
    fn link_headers_give_next_and_prev() {
        let value = reqwest::header::HeaderValue::from_static(
            "<https://m.example/api/v1/notifications?max_id=7>; rel=\"next\", \
             <https://m.example/api/v1/notifications?min_id=9>; rel=\"prev\"",
        );
        let next = link(Some(&value), "next").unwrap();
        assert_eq!(query_param(&next, "max_id").as_deref(), Some("7"));
        let prev = link(Some(&value), "prev").unwrap();
        assert_eq!(query_param(&prev, "min_id").as_deref(), Some("9"));
        assert!(link(None, "next").is_none());
    }
}
