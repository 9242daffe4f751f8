//! The OpenID Connect relying party: discovery, the authorisation request with PKCE, the code exchange, the ID
//! token's checks (signature against the provider's JWKS, issuer, audience, expiry, nonce) and the provider's signing
//! keys, fetched again when a token names a key we do not hold (at most once a minute per provider, so a stream of
//! made-up key ids cannot make us hammer it).
//!
//! Outbound HTTP follows `sangam_networks::http`: timeouts, no redirects, and https on public addresses only unless
//! the config allows a private issuer (`[sso] allow_private_issuer`, like `networks.allow_private_addresses`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use rand::RngCore;
use sangam_domain::Millis;
use sangam_networks::http::{self, AddressProblem, HttpConfig};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How long a provider's discovery document and keys are believed before they are read again.
pub const KEYS_MAX_AGE_MS: Millis = 60 * 60_000;
/// The shortest gap between two key fetches caused by a token naming a key we do not hold.
pub const UNKNOWN_KEY_REFETCH_GAP_MS: Millis = 60_000;
/// Clock skew forgiven on `exp` and `iat`, in seconds.
pub const LEEWAY_SECS: u64 = 60;

/// Signature algorithms we accept in ID tokens: asymmetric only (never `none`, never a shared-secret HMAC).
const ACCEPTED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// What went wrong talking to the provider or with what it sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcError {
    /// The issuer address is not one Sangam may contact (http, or a private address, without the config allowing it).
    #[error("the issuer address is not allowed: {0}")]
    AddressNotAllowed(AddressProblem),
    /// No answer: refused, timed out, no public address.
    #[error("the provider could not be reached: {0}")]
    Unreachable(String),
    /// It answered, but not as an OpenID provider for this issuer should (bad discovery, an error from the token
    /// endpoint, an error sent back to the callback).
    #[error("the provider answered: {0}")]
    Provider(String),
    #[error("the ID token was refused: {0:?}")]
    Token(TokenProblem),
}

/// Why an ID token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenProblem {
    /// Its signature does not verify, it names a key the provider does not publish, or it is not a signed JWT.
    Signature,
    /// Past its `exp` (beyond the leeway).
    Expired,
    /// Its `nonce` is not the one this sign-in sent.
    Nonce,
    /// Wrong issuer or audience, or a required claim missing or malformed: which, for the log.
    Claims(String),
}

/// The parts of the discovery document we use.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Vec<String>,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
}

impl Discovery {
    /// The algorithms we accept from this provider: those it says it signs ID tokens with that we accept (RS256,
    /// which every provider must support, when it does not say).
    pub fn algorithms(&self) -> Vec<Algorithm> {
        if self.id_token_signing_alg_values_supported.is_empty() {
            return vec![Algorithm::RS256];
        }
        self.id_token_signing_alg_values_supported
            .iter()
            .filter_map(|a| a.parse::<Algorithm>().ok())
            .filter(|a| ACCEPTED.contains(a))
            .collect()
    }

    /// `client_secret_post` only when the provider takes that and not `client_secret_basic` (the default).
    fn secret_in_body(&self) -> bool {
        let methods = &self.token_endpoint_auth_methods_supported;
        methods.iter().any(|m| m == "client_secret_post")
            && !methods.iter().any(|m| m == "client_secret_basic")
    }
}

/// The values one sign-in keeps between sending the person to the provider and their return.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub issuer: String,
    /// Where to land afterwards (a local path).
    pub next: String,
    pub started_at: Millis,
}

/// A random URL-safe string of `bytes` random bytes.
pub fn random_token(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut raw);
    URL_SAFE_NO_PAD.encode(raw)
}

/// The PKCE `S256` challenge of a verifier.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The fresh values of a sign-in: state, nonce and PKCE verifier (32 random bytes each, 43 characters).
pub fn begin(issuer: &str, next: &str, now: Millis) -> Pending {
    Pending {
        state: random_token(32),
        nonce: random_token(32),
        verifier: random_token(32),
        issuer: issuer.to_string(),
        next: next.to_string(),
        started_at: now,
    }
}

/// The address the person's browser is sent to.
pub fn authorization_url(
    discovery: &Discovery,
    client_id: &str,
    redirect_uri: &str,
    scopes: &str,
    pending: &Pending,
) -> Result<String, OidcError> {
    let mut url = reqwest::Url::parse(&discovery.authorization_endpoint)
        .map_err(|_| OidcError::Provider("the authorization endpoint is not a URL".into()))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", scopes)
        .append_pair("state", &pending.state)
        .append_pair("nonce", &pending.nonce)
        .append_pair("code_challenge", &challenge(&pending.verifier))
        .append_pair("code_challenge_method", "S256");
    Ok(url.into())
}

/// The claims of a verified ID token (or of the userinfo answer) that sign-in uses.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Identity {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    /// `true` (or the string "true", which some providers send); anything else is unverified.
    #[serde(default, deserialize_with = "truthy")]
    pub email_verified: bool,
    #[serde(default)]
    pub name: Option<String>,
}

fn truthy<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match value {
        Some(serde_json::Value::Bool(b)) => b,
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

#[derive(Deserialize)]
struct IdClaims {
    #[serde(flatten)]
    identity: Identity,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    aud: serde_json::Value,
    #[serde(default)]
    azp: Option<String>,
}

/// What an ID token must say to be this sign-in's.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub algorithms: &'a [Algorithm],
}

/// The key of `set` that signed a token with header `kid` and `alg`: the one with that id, or, when the token names
/// none, the only signing key of that kind.
pub fn key_for<'s>(set: &'s JwkSet, kid: Option<&str>, alg: Algorithm) -> Option<&'s Jwk> {
    let usable = |k: &&Jwk| {
        k.common
            .public_key_use
            .as_ref()
            .is_none_or(|u| *u == PublicKeyUse::Signature)
            && k.common
                .key_algorithm
                .is_none_or(|a| key_algorithm_is(a, alg))
    };
    match kid {
        Some(kid) => set
            .keys
            .iter()
            .filter(usable)
            .find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut fitting = set
                .keys
                .iter()
                .filter(usable)
                .filter(|k| DecodingKey::from_jwk(k).is_ok_and(|d| alg.family() == d.family()));
            match (fitting.next(), fitting.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
    }
}

fn key_algorithm_is(key: KeyAlgorithm, alg: Algorithm) -> bool {
    Algorithm::try_from(key).is_ok_and(|a| a == alg)
}

/// Checks an ID token against `key` and `expected`: signature, then issuer, audience (and `azp` when there are
/// several audiences), expiry, issue time and nonce. Returns who it names.
pub fn verify_id_token(
    token: &str,
    key: &Jwk,
    expected: &Expected<'_>,
) -> Result<Identity, TokenProblem> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| TokenProblem::Signature)?;
    if !expected.algorithms.contains(&header.alg) {
        return Err(TokenProblem::Signature);
    }
    let decoding = DecodingKey::from_jwk(key).map_err(|_| TokenProblem::Signature)?;
    let mut validation = Validation::new(header.alg);
    validation.leeway = LEEWAY_SECS;
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data =
        jsonwebtoken::decode::<IdClaims>(token, &decoding, &validation).map_err(|e| {
            match e.kind() {
                ErrorKind::ExpiredSignature => TokenProblem::Expired,
                ErrorKind::InvalidIssuer => TokenProblem::Claims("issuer".into()),
                ErrorKind::InvalidAudience => TokenProblem::Claims("audience".into()),
                ErrorKind::MissingRequiredClaim(c) => TokenProblem::Claims(format!("no {c}")),
                ErrorKind::InvalidClaimFormat(c) => TokenProblem::Claims(format!("malformed {c}")),
                ErrorKind::ImmatureSignature => TokenProblem::Claims("not valid yet".into()),
                ErrorKind::Json(_) => TokenProblem::Claims("malformed claims".into()),
                _ => TokenProblem::Signature,
            }
        })?;
    let claims = data.claims;
    if let serde_json::Value::Array(audiences) = &claims.aud
        && audiences.len() > 1
        && claims.azp.as_deref() != Some(expected.client_id)
    {
        return Err(TokenProblem::Claims("azp".into()));
    }
    if claims.nonce.as_deref() != Some(expected.nonce) {
        return Err(TokenProblem::Nonce);
    }
    Ok(claims.identity)
}

/// A provider's signing keys as last fetched.
#[derive(Debug, Clone)]
struct Keys {
    set: Arc<JwkSet>,
    fetched_at: Millis,
    /// When an unknown key id last made us fetch them again.
    refetched_for_unknown_at: Option<Millis>,
}

/// Whether to fetch a provider's keys before looking for `kid` in what we hold.
fn should_fetch(held: Option<&Keys>, kid: Option<&str>, alg: Algorithm, now: Millis) -> Fetch {
    let Some(held) = held else {
        return Fetch::First;
    };
    if now - held.fetched_at >= KEYS_MAX_AGE_MS {
        return Fetch::Stale;
    }
    if key_for(&held.set, kid, alg).is_some() {
        return Fetch::No;
    }
    match held.refetched_for_unknown_at {
        Some(at) if now - at < UNKNOWN_KEY_REFETCH_GAP_MS => Fetch::No,
        _ => Fetch::UnknownKey,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fetch {
    No,
    First,
    Stale,
    UnknownKey,
}

/// The relying party: one HTTP client and, per issuer, the discovery document and the signing keys.
pub struct Oidc {
    http: reqwest::Client,
    config: HttpConfig,
    discovery: Mutex<HashMap<String, (Millis, Arc<Discovery>)>>,
    keys: Mutex<HashMap<String, Keys>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("config", &self.config)
            .finish()
    }
}

impl Oidc {
    /// `allow_private`: the config's `[sso] allow_private_issuer`.
    pub fn new(allow_private: bool) -> Oidc {
        let config = HttpConfig {
            allow_private,
            ..HttpConfig::default()
        };
        // Building a client only fails without a TLS backend, which this build always has.
        let http = config.client().unwrap_or_default();
        Oidc {
            http,
            config,
            discovery: Mutex::new(HashMap::new()),
            keys: Mutex::new(HashMap::new()),
        }
    }

    pub fn allows_private(&self) -> bool {
        self.config.allow_private
    }

    /// Refuses an issuer (or endpoint) address Sangam must not contact.
    pub fn check_address(&self, url: &str) -> Result<(), OidcError> {
        http::base_url(url, &self.config)
            .map(|_| ())
            .map_err(OidcError::AddressNotAllowed)
    }

    /// The issuer's discovery document (`/.well-known/openid-configuration`), cached for an hour. Its `issuer` must
    /// be the one configured, and the endpoints Sangam calls itself must pass the address rules.
    pub async fn discover(&self, issuer: &str, now: Millis) -> Result<Arc<Discovery>, OidcError> {
        let issuer = issuer.trim_end_matches('/');
        if let Ok(cache) = self.discovery.lock()
            && let Some((at, doc)) = cache.get(issuer)
            && now - at < KEYS_MAX_AGE_MS
        {
            return Ok(doc.clone());
        }
        self.check_address(issuer)?;
        let url = format!("{issuer}/.well-known/openid-configuration");
        let doc: Discovery = self.get_json(&url, None).await?;
        if doc.issuer.trim_end_matches('/') != issuer {
            return Err(OidcError::Provider(format!(
                "its discovery document names the issuer {:?}",
                doc.issuer
            )));
        }
        for endpoint in [&doc.token_endpoint, &doc.jwks_uri]
            .into_iter()
            .chain(doc.userinfo_endpoint.as_ref())
        {
            self.check_address(endpoint)?;
        }
        if doc.algorithms().is_empty() {
            return Err(OidcError::Provider(
                "it signs ID tokens with no algorithm Sangam accepts".into(),
            ));
        }
        let doc = Arc::new(doc);
        if let Ok(mut cache) = self.discovery.lock() {
            cache.insert(issuer.to_string(), (now, doc.clone()));
        }
        Ok(doc)
    }

    /// Exchanges the code for tokens (with the PKCE verifier) and checks the ID token; reads the userinfo endpoint
    /// when the ID token carries no email.
    pub async fn finish(
        &self,
        discovery: &Discovery,
        client: &Client<'_>,
        pending: &Pending,
        code: &str,
        now: Millis,
    ) -> Result<Identity, OidcError> {
        let tokens = self.exchange(discovery, client, pending, code).await?;
        let header = jsonwebtoken::decode_header(&tokens.id_token)
            .map_err(|_| OidcError::Token(TokenProblem::Signature))?;
        let algorithms = discovery.algorithms();
        let key = self
            .key(&discovery.jwks_uri, header.kid.as_deref(), header.alg, now)
            .await?
            .ok_or(OidcError::Token(TokenProblem::Signature))?;
        let expected = Expected {
            issuer: &discovery.issuer,
            client_id: client.id,
            nonce: &pending.nonce,
            algorithms: &algorithms,
        };
        let identity =
            verify_id_token(&tokens.id_token, &key, &expected).map_err(OidcError::Token)?;
        if identity.email.is_some() {
            return Ok(identity);
        }
        let (Some(userinfo), Some(access)) = (&discovery.userinfo_endpoint, &tokens.access_token)
        else {
            return Ok(identity);
        };
        let info: Identity = self.get_json(userinfo, Some(access)).await?;
        if info.sub != identity.sub {
            return Err(OidcError::Token(TokenProblem::Claims(
                "userinfo names another subject".into(),
            )));
        }
        Ok(Identity {
            name: info.name.or(identity.name),
            ..info
        })
    }

    async fn exchange(
        &self,
        discovery: &Discovery,
        client: &Client<'_>,
        pending: &Pending,
        code: &str,
    ) -> Result<TokenAnswer, OidcError> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", client.redirect_uri),
            ("code_verifier", pending.verifier.as_str()),
        ];
        let mut request = self.http.post(&discovery.token_endpoint);
        match client.secret {
            Some(secret) if discovery.secret_in_body() => {
                form.push(("client_id", client.id));
                form.push(("client_secret", secret));
            }
            Some(secret) => {
                request = request.basic_auth(form_encode(client.id), Some(form_encode(secret)))
            }
            None => form.push(("client_id", client.id)),
        }
        let response = request
            .form(&form)
            .send()
            .await
            .map_err(|e| OidcError::Unreachable(e.to_string()))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| OidcError::Unreachable(e.to_string()))?;
        if !status.is_success() {
            let said: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            let error = said["error"].as_str().unwrap_or("no error code");
            return Err(OidcError::Provider(format!(
                "the token endpoint answered {} ({error})",
                status.as_u16()
            )));
        }
        serde_json::from_str(&body)
            .map_err(|_| OidcError::Provider("the token answer has no ID token".into()))
    }

    /// The key that signed a token, fetching the provider's keys first when we hold none, when they are an hour old,
    /// or when the token names a key we do not hold (rotation), at most once a minute for that last reason.
    async fn key(
        &self,
        jwks_uri: &str,
        kid: Option<&str>,
        alg: Algorithm,
        now: Millis,
    ) -> Result<Option<Jwk>, OidcError> {
        let held = self.keys.lock().ok().and_then(|k| k.get(jwks_uri).cloned());
        let fetch = should_fetch(held.as_ref(), kid, alg, now);
        let set = match (fetch, held) {
            (Fetch::No, Some(held)) => held.set,
            (fetch, held) => {
                let set: Arc<JwkSet> = Arc::new(self.get_json(jwks_uri, None).await?);
                let refetched_for_unknown_at = match fetch {
                    Fetch::UnknownKey => Some(now),
                    _ => held.and_then(|h| h.refetched_for_unknown_at),
                };
                let keys = Keys {
                    set: set.clone(),
                    fetched_at: now,
                    refetched_for_unknown_at,
                };
                if let Ok(mut cache) = self.keys.lock() {
                    cache.insert(jwks_uri.to_string(), keys);
                }
                set
            }
        };
        Ok(key_for(&set, kid, alg).cloned())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        bearer: Option<&str>,
    ) -> Result<T, OidcError> {
        let mut request = self.http.get(url).header("accept", "application/json");
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| OidcError::Unreachable(http::transport_error(&e).to_string()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(OidcError::Provider(format!(
                "{url} answered {}",
                status.as_u16()
            )));
        }
        response.json().await.map_err(|e| {
            OidcError::Provider(format!(
                "{url} did not answer what OpenID Connect says: {e}"
            ))
        })
    }
}

/// The client Sangam is at the provider.
pub struct Client<'a> {
    pub id: &'a str,
    pub secret: Option<&'a str>,
    pub redirect_uri: &'a str,
}

/// HTTP Basic client authentication form-encodes the id and secret first (RFC 6749, section 2.3.1).
fn form_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Deserialize)]
struct TokenAnswer {
    id_token: String,
    #[serde(default)]
    access_token: Option<String>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};

    /// An Ed25519 key of our own: PKCS#8 is a fixed 16-byte prefix and the 32-byte seed.
    fn key(kid: &str) -> (EncodingKey, Jwk) {
        let mut der = vec![
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20,
        ];
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        der.extend_from_slice(&seed);
        let encoding = EncodingKey::from_ed_der(&der);
        let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::EdDSA).unwrap();
        jwk.common.key_id = Some(kid.to_string());
        (encoding, jwk)
    }

    fn now_secs() -> i64 {
        sangam_domain::now_millis() / 1000
    }

    fn claims(nonce: &str, exp: i64) -> serde_json::Value {
        serde_json::json!({
            "iss": "https://id.example.com",
            "aud": "sangam",
            "sub": "person-1",
            "iat": now_secs(),
            "exp": exp,
            "nonce": nonce,
            "email": "asha@example.com",
            "email_verified": true,
            "name": "Asha",
        })
    }

    fn sign(key: &EncodingKey, kid: &str, claims: &serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.to_string());
        jsonwebtoken::encode(&header, claims, key).unwrap()
    }

    fn expected(nonce: &str) -> Expected<'_> {
        Expected {
            issuer: "https://id.example.com",
            client_id: "sangam",
            nonce,
            algorithms: &[Algorithm::EdDSA, Algorithm::RS256],
        }
    }

    #[test]
    fn a_token_signed_by_the_providers_key_for_this_sign_in_names_its_person() {
        let (enc, jwk) = key("k1");
        let token = sign(&enc, "k1", &claims("n-1", now_secs() + 300));
        let who = verify_id_token(&token, &jwk, &expected("n-1")).unwrap();
        assert_eq!(who.sub, "person-1");
        assert_eq!(who.email.as_deref(), Some("asha@example.com"));
        assert!(who.email_verified);
    }

    #[test]
    fn a_changed_payload_fails_the_signature() {
        let (enc, jwk) = key("k1");
        let token = sign(&enc, "k1", &claims("n-1", now_secs() + 300));
        let parts: Vec<&str> = token.split('.').collect();
        let mut forged = claims("n-1", now_secs() + 300);
        forged["email"] = "mallory@example.com".into();
        let body = URL_SAFE_NO_PAD.encode(forged.to_string());
        let tampered = format!("{}.{body}.{}", parts[0], parts[2]);
        assert_eq!(
            verify_id_token(&tampered, &jwk, &expected("n-1")),
            Err(TokenProblem::Signature)
        );
        let (_, other) = key("k1");
        assert_eq!(
            verify_id_token(&token, &other, &expected("n-1")),
            Err(TokenProblem::Signature),
            "another key with the same id"
        );
    }

    #[test]
    fn expired_tokens_wrong_nonces_issuers_and_audiences_are_refused_each_for_its_reason() {
        let (enc, jwk) = key("k1");
        let old = sign(&enc, "k1", &claims("n-1", now_secs() - 3600));
        assert_eq!(
            verify_id_token(&old, &jwk, &expected("n-1")),
            Err(TokenProblem::Expired)
        );
        let within_leeway = sign(&enc, "k1", &claims("n-1", now_secs() - 10));
        assert!(verify_id_token(&within_leeway, &jwk, &expected("n-1")).is_ok());
        let fresh = sign(&enc, "k1", &claims("n-1", now_secs() + 300));
        assert_eq!(
            verify_id_token(&fresh, &jwk, &expected("n-2")),
            Err(TokenProblem::Nonce)
        );
        let mut no_nonce = claims("x", now_secs() + 300);
        no_nonce.as_object_mut().unwrap().remove("nonce");
        assert_eq!(
            verify_id_token(&sign(&enc, "k1", &no_nonce), &jwk, &expected("n-1")),
            Err(TokenProblem::Nonce)
        );
        let mut elsewhere = claims("n-1", now_secs() + 300);
        elsewhere["iss"] = "https://evil.example.com".into();
        assert_eq!(
            verify_id_token(&sign(&enc, "k1", &elsewhere), &jwk, &expected("n-1")),
            Err(TokenProblem::Claims("issuer".into()))
        );
        let mut for_another = claims("n-1", now_secs() + 300);
        for_another["aud"] = "someone-else".into();
        assert_eq!(
            verify_id_token(&sign(&enc, "k1", &for_another), &jwk, &expected("n-1")),
            Err(TokenProblem::Claims("audience".into()))
        );
        let mut shared = claims("n-1", now_secs() + 300);
        shared["aud"] = serde_json::json!(["sangam", "someone-else"]);
        assert_eq!(
            verify_id_token(&sign(&enc, "k1", &shared), &jwk, &expected("n-1")),
            Err(TokenProblem::Claims("azp".into()))
        );
        shared["azp"] = "sangam".into();
        assert!(verify_id_token(&sign(&enc, "k1", &shared), &jwk, &expected("n-1")).is_ok());
    }

    #[test]
    fn unsigned_and_shared_secret_tokens_are_refused() {
        let (_, jwk) = key("k1");
        let body = URL_SAFE_NO_PAD.encode(claims("n-1", now_secs() + 300).to_string());
        let none = format!("{}.{body}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#));
        assert_eq!(
            verify_id_token(&none, &jwk, &expected("n-1")),
            Err(TokenProblem::Signature)
        );
        let hs = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims("n-1", now_secs() + 300),
            &EncodingKey::from_secret(b"client secret").unwrap(),
        )
        .unwrap();
        assert_eq!(
            verify_id_token(&hs, &jwk, &expected("n-1")),
            Err(TokenProblem::Signature)
        );
    }

    #[test]
    fn an_unverified_email_reads_as_unverified_and_the_string_true_as_verified() {
        let (enc, jwk) = key("k1");
        let mut c = claims("n-1", now_secs() + 300);
        c["email_verified"] = false.into();
        let who = verify_id_token(&sign(&enc, "k1", &c), &jwk, &expected("n-1")).unwrap();
        assert!(!who.email_verified);
        c["email_verified"] = "true".into();
        let who = verify_id_token(&sign(&enc, "k1", &c), &jwk, &expected("n-1")).unwrap();
        assert!(who.email_verified);
        c.as_object_mut().unwrap().remove("email_verified");
        let who = verify_id_token(&sign(&enc, "k1", &c), &jwk, &expected("n-1")).unwrap();
        assert!(!who.email_verified);
    }

    #[test]
    fn keys_are_found_by_id_or_as_the_only_one() {
        let (_, k1) = key("k1");
        let (_, k2) = key("k2");
        let one = JwkSet {
            keys: vec![k1.clone()],
        };
        assert_eq!(key_for(&one, Some("k1"), Algorithm::EdDSA), Some(&k1));
        assert_eq!(key_for(&one, None, Algorithm::EdDSA), Some(&k1));
        assert_eq!(key_for(&one, Some("k2"), Algorithm::EdDSA), None);
        assert_eq!(
            key_for(&one, Some("k1"), Algorithm::RS256),
            None,
            "an EdDSA key for an RS256 token"
        );
        let two = JwkSet {
            keys: vec![k1, k2.clone()],
        };
        assert_eq!(key_for(&two, None, Algorithm::EdDSA), None, "which one?");
        assert_eq!(key_for(&two, Some("k2"), Algorithm::EdDSA), Some(&k2));
    }

    #[test]
    fn an_unknown_key_id_fetches_the_keys_again_at_most_once_a_minute() {
        let (_, k1) = key("k1");
        let held = Keys {
            set: Arc::new(JwkSet { keys: vec![k1] }),
            fetched_at: 1_000,
            refetched_for_unknown_at: None,
        };
        let alg = Algorithm::EdDSA;
        assert_eq!(should_fetch(None, Some("k1"), alg, 1_000), Fetch::First);
        assert_eq!(should_fetch(Some(&held), Some("k1"), alg, 2_000), Fetch::No);
        assert_eq!(
            should_fetch(Some(&held), Some("k2"), alg, 2_000),
            Fetch::UnknownKey,
            "rotation: the first unknown key fetches at once"
        );
        let just_refetched = Keys {
            refetched_for_unknown_at: Some(2_000),
            fetched_at: 2_000,
            ..held.clone()
        };
        assert_eq!(
            should_fetch(
                Some(&just_refetched),
                Some("k3"),
                alg,
                2_000 + UNKNOWN_KEY_REFETCH_GAP_MS - 1
            ),
            Fetch::No,
            "another unknown key within the minute is not fetched for"
        );
        assert_eq!(
            should_fetch(
                Some(&just_refetched),
                Some("k3"),
                alg,
                2_000 + UNKNOWN_KEY_REFETCH_GAP_MS
            ),
            Fetch::UnknownKey
        );
        assert_eq!(
            should_fetch(Some(&held), Some("k1"), alg, 1_000 + KEYS_MAX_AGE_MS),
            Fetch::Stale
        );
    }

    #[test]
    fn the_pkce_challenge_is_s256_of_the_verifier() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let p = begin("https://id.example.com", "/", 0);
        assert_eq!(p.verifier.len(), 43);
        assert_ne!(p.state, p.nonce);
    }

    #[test]
    fn private_issuers_are_refused_unless_the_config_allows_them() {
        let strict = Oidc::new(false);
        assert!(matches!(
            strict.check_address("http://127.0.0.1:8080"),
            Err(OidcError::AddressNotAllowed(_))
        ));
        assert!(matches!(
            strict.check_address("https://10.0.0.5/realms/acme"),
            Err(OidcError::AddressNotAllowed(AddressProblem::Private))
        ));
        assert!(
            strict
                .check_address("https://id.example.com/realms/acme")
                .is_ok()
        );
        assert!(
            Oidc::new(true)
                .check_address("http://127.0.0.1:8080")
                .is_ok()
        );
    }
}
