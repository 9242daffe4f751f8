//! A connected profile's standing: whether Sangam may act for the account on its network.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileStatus {
    /// The network accepts the stored credentials.
    Connected,
    /// The network stopped accepting the stored credentials: an Admin connects the account again.
    NeedsReconnect,
    /// Taken out of Sangam by a person: kept for the history that refers to it, left out of lists and of the
    /// engine's work.
    Removed,
}

impl ProfileStatus {
    pub const ALL: [ProfileStatus; 3] = [
        ProfileStatus::Connected,
        ProfileStatus::NeedsReconnect,
        ProfileStatus::Removed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProfileStatus::Connected => "connected",
            ProfileStatus::NeedsReconnect => "needs_reconnect",
            ProfileStatus::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<ProfileStatus> {
        ProfileStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl std::fmt::Display for ProfileStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ProfileStatus;

    #[test]
    fn each_status_reads_back_from_its_stored_word_and_its_json() {
        for status in ProfileStatus::ALL {
            assert_eq!(ProfileStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).ok(),
                Some(serde_json::json!(status.as_str()))
            );
        }
        assert_eq!(ProfileStatus::parse("Connected"), None);
    }
}
