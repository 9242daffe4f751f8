//! Connecting a profile: what a person typed (an instance address, a handle, a password or token) becomes the
//! credentials a connector stores, or an error the settings page can explain.

use crate::http::AddressProblem;
use crate::{NetworkError, Outage, Rejection};
use sangam_domain::ErrorCode;

/// A connected account, ready to be stored as a profile.
#[derive(Clone, PartialEq, Eq)]
pub struct Connected {
    /// The handle shown in Sangam, e.g. `@acme@mastodon.social` or `acme.bsky.social`.
    pub handle: String,
    pub display_name: String,
    /// What the connector needs to speak as the account; sealed before it is stored.
    pub credentials: serde_json::Value,
}

impl std::fmt::Debug for Connected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connected")
            .field("handle", &self.handle)
            .field("display_name", &self.display_name)
            .field("credentials", &"<redacted>")
            .finish()
    }
}

/// Why connecting did not work, in terms a person can act on. `code()` names the message the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    #[error("the server address cannot be used: {0}")]
    Address(#[from] AddressProblem),
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    #[error("the server does not answer like a {0} server")]
    NotTheNetwork(&'static str),
    #[error("the server did not accept the credentials: {0}")]
    WrongCredentials(String),
    #[error("the server refused: {0}")]
    Refused(String),
}

impl ConnectError {
    /// The catalogue code the UI and the JSON API say this with.
    pub fn code(&self) -> ErrorCode {
        match self {
            ConnectError::Address(AddressProblem::NotHttps) => ErrorCode::ConnectAddressNotHttps,
            ConnectError::Address(AddressProblem::Private) => ErrorCode::ConnectAddressPrivate,
            ConnectError::Address(AddressProblem::NotAUrl(_)) => ErrorCode::ConnectAddressInvalid,
            ConnectError::Unreachable(_) => ErrorCode::ConnectUnreachable,
            ConnectError::NotTheNetwork(_) => ErrorCode::ConnectNotTheNetwork,
            ConnectError::WrongCredentials(_) => ErrorCode::ConnectWrongCredentials,
            ConnectError::Refused(_) => ErrorCode::ConnectRefused,
        }
    }

    /// Reads a connector's error during connection: an auth failure means wrong credentials, a missing endpoint or an
    /// answer that is not its JSON means the address is not such a server, a name with only inside addresses is a
    /// private address.
    pub(crate) fn from_network(e: NetworkError, network: &'static str) -> ConnectError {
        match e {
            NetworkError::AuthExpired(m) => ConnectError::WrongCredentials(m),
            NetworkError::Timeout => ConnectError::Unreachable("no answer in time".into()),
            NetworkError::Unavailable {
                cause: Outage::NoPublicAddress,
                ..
            } => ConnectError::Address(AddressProblem::Private),
            NetworkError::Unavailable { detail, .. } => ConnectError::Unreachable(detail),
            NetworkError::RateLimited { retry_after_ms } => ConnectError::Refused(format!(
                "too many attempts; try again in {} s",
                (retry_after_ms / 1000).max(1)
            )),
            NetworkError::Rejected {
                cause: Rejection::Status(404) | Rejection::NotUnderstood,
                ..
            } => ConnectError::NotTheNetwork(network),
            NetworkError::Rejected { detail, .. } => ConnectError::Refused(detail),
        }
    }
}
