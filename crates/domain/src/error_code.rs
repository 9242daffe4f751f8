//! Every error code a person or an API client can meet, in one list: its snake_case name on the wire, its HTTP status,
//! and (in the web crate's locales) its sentence under `error-<code>`. A code is a promise to clients: never rename
//! one; add a new one here, give it a sentence in every locale, and the catalogue test holds the rest together.

use serde::{Deserialize, Serialize};

/// Declares the catalogue once: the enum, its wire names, its statuses and the list of all codes, so no code can be
/// in one and missing from another. The OpenAPI schema reads the names from `rename_all`; the tests hold them equal
/// to the written ones.
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $status:literal; )+) => {
        /// A stable code naming what went wrong, `{"error": "<code>"}` in every error answer.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $code)] $variant, )+
        }

        impl ErrorCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as clients see it, e.g. `post_too_long`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                }
            }

            /// The HTTP status an answer with this code carries.
            pub const fn status(self) -> u16 {
                match self {
                    $(ErrorCode::$variant => $status,)+
                }
            }
        }
    };
}

catalogue! {
    // Who is asking, and may they.
    Unauthenticated = "unauthenticated", 401;
    Forbidden = "forbidden", 403;
    CrossSiteRequest = "cross_site_request", 403;
    TooManyAttempts = "too_many_attempts", 429;
    NotFound = "not_found", 404;
    Conflict = "conflict", 409;
    InternalError = "internal_error", 500;

    // The request itself, before any handler reads it.
    InvalidRequest = "invalid_request", 422;
    InvalidJson = "invalid_json", 422;
    InvalidForm = "invalid_form", 422;
    InvalidHost = "invalid_host", 422;
    BodyTooLarge = "body_too_large", 413;
    RequestTooLarge = "request_too_large", 413;
    UnsupportedMediaType = "unsupported_media_type", 415;
    MethodNotAllowed = "method_not_allowed", 405;
    TextContainsNul = "text_contains_nul", 422;
    TextTooLong = "text_too_long", 422;
    TimeOutOfRange = "time_out_of_range", 422;
    DateOutOfRange = "date_out_of_range", 422;
    ValueNotStorable = "value_not_storable", 422;
    IdempotencyKeyInvalid = "idempotency_key_invalid", 422;
    IdempotencyKeyReused = "idempotency_key_reused", 422;
    IdempotencyRequestInProgress = "idempotency_request_in_progress", 409;

    // People and their accounts.
    PasswordTooShort = "password_too_short", 422;
    CurrentPasswordWrong = "current_password_wrong", 422;
    EmailInvalid = "email_invalid", 422;
    NameMissing = "name_missing", 422;
    LinkExpired = "link_expired", 422;
    LastAdmin = "last_admin", 422;
    DeactivateSelf = "deactivate_self", 422;
    PersonDeactivated = "person_deactivated", 422;
    PersonInvalid = "person_invalid", 422;
    PreferencesInvalid = "preferences_invalid", 422;
    TokenNameInvalid = "token_name_invalid", 422;

    // Writing and scheduling posts.
    PostEmpty = "post_empty", 422;
    PostVariantRepeated = "post_variant_repeated", 422;
    PostTooLong = "post_too_long", 422;
    PostNoProfiles = "post_no_profiles", 422;
    PostTooManyImages = "post_too_many_images", 422;
    PostLanguageInvalid = "post_language_invalid", 422;
    PostWarningTooLong = "post_warning_too_long", 422;
    PostScheduledInPast = "post_scheduled_in_past", 422;
    PostTimeInvalid = "post_time_invalid", 422;
    PostAlreadySent = "post_already_sent", 422;
    PostNotDraft = "post_not_draft", 422;
    DeliveryNotRetryable = "delivery_not_retryable", 422;
    DeliveryNotUnknown = "delivery_not_unknown", 422;
    RangeInvalid = "range_invalid", 422;

    // The weekly review's meeting and insight cards.
    ReviewItemInvalid = "review_item_invalid", 422;
    InsightInvalid = "insight_invalid", 422;

    // Images.
    ImageEmpty = "image_empty", 422;
    ImageMissing = "image_missing", 422;
    ImageTooLarge = "image_too_large", 422;
    ImageTooLargeForNetwork = "image_too_large_for_network", 422;
    ImageTypeUnsupported = "image_type_unsupported", 422;
    ImageAltTooLong = "image_alt_too_long", 422;
    ImageNotFound = "image_not_found", 422;
    ImageInUse = "image_in_use", 422;
    ImageRepeated = "image_repeated", 422;
    /// A public image address (for networks that fetch images) that Sangam did not sign, or whose time is up.
    PublicImageExpired = "public_image_expired", 404;

    // Approvals and review links.
    PostNotWaiting = "post_not_waiting", 422;
    OwnPostApproval = "own_post_approval", 422;
    NotAnApproverOfThisStep = "not_an_approver_of_this_step", 422;
    LinkForAnotherStep = "link_for_another_step", 422;
    ReviewDecisionInvalid = "review_decision_invalid", 422;
    ReviewReasonMissing = "review_reason_missing", 422;
    ReviewNoteTooLong = "review_note_too_long", 422;
    ReviewerNameInvalid = "reviewer_name_invalid", 422;
    LinkDaysInvalid = "link_days_invalid", 422;
    ApprovalStepWithoutApprovers = "approval_step_without_approvers", 422;

    // The queue and the crisis pause.
    TimeZoneUnknown = "time_zone_unknown", 422;
    QueueSlotsInvalid = "queue_slots_invalid", 422;
    QueueEmpty = "queue_empty", 422;
    PauseReasonMissing = "pause_reason_missing", 422;
    PauseReasonTooLong = "pause_reason_too_long", 422;
    HeldPostNotApproved = "held_post_not_approved", 422;
    HeldActionInvalid = "held_action_invalid", 422;

    // Connecting profiles.
    ProfileHandleInvalid = "profile_handle_invalid", 422;
    ConnectAddressNotHttps = "connect_address_not_https", 422;
    ConnectAddressPrivate = "connect_address_private", 422;
    ConnectAddressInvalid = "connect_address_invalid", 422;
    ConnectUnreachable = "connect_unreachable", 422;
    ConnectNotTheNetwork = "connect_not_the_network", 422;
    ConnectWrongCredentials = "connect_wrong_credentials", 422;
    ConnectRefused = "connect_refused", 422;
    ConnectOtherAccount = "connect_other_account", 422;
    ConnectOauthExpired = "connect_oauth_expired", 422;
    ConnectDeclined = "connect_declined", 422;
    ConnectNotSupported = "connect_not_supported", 422;
    /// No Admin has entered the workspace's own app for this network yet.
    ConnectAppMissing = "connect_app_missing", 422;
    /// The person declined on the network's consent screen (`error=access_denied`).
    ConnectOauthDenied = "connect_oauth_denied", 422;
    /// The callback's `state` is not one this session started, or it was used or is over ten minutes old.
    ConnectOauthState = "connect_oauth_state", 422;
    /// The network would not trade the code for tokens (a wrong client secret, a redirect URL not registered...).
    ConnectExchangeRefused = "connect_exchange_refused", 422;
    /// This network is not reached through a workspace app, or its connector is not configured.
    NetworkAppUnknown = "network_app_unknown", 404;
    /// A client id and a client secret are both needed.
    NetworkAppInvalid = "network_app_invalid", 422;

    // The inbox.
    CursorInvalid = "cursor_invalid", 422;
    DirectionInvalid = "direction_invalid", 422;
    BulkSelectionInvalid = "bulk_selection_invalid", 422;
    BulkActionInvalid = "bulk_action_invalid", 422;
    TagInvalid = "tag_invalid", 422;
    NoteInvalid = "note_invalid", 422;
    ReplyInvalid = "reply_invalid", 422;
    SavedReplyInvalid = "saved_reply_invalid", 422;
    SavedReplyNameInvalid = "saved_reply_name_invalid", 422;
    ShieldNotOptedIn = "shield_not_opted_in", 422;
    ShieldBudgetReached = "shield_budget_reached", 422;
    ShieldThresholdInvalid = "shield_threshold_invalid", 422;
    MuteActionInvalid = "mute_action_invalid", 422;
    RuleNameInvalid = "rule_name_invalid", 422;
    RuleWithoutConditions = "rule_without_conditions", 422;
    RuleWithoutActions = "rule_without_actions", 422;
    RuleFactUnknown = "rule_fact_unknown", 422;
    InboxSettingsInvalid = "inbox_settings_invalid", 422;
    BusinessHoursInvalid = "business_hours_invalid", 422;

    // Care, goals and reports.
    FocusKindInvalid = "focus_kind_invalid", 422;
    CheckinInvalid = "checkin_invalid", 422;
    CheckinNoteTooLong = "checkin_note_too_long", 422;
    GoalObjectiveInvalid = "goal_objective_invalid", 422;
    GoalMetricInvalid = "goal_metric_invalid", 422;
    GoalTargetInvalid = "goal_target_invalid", 422;
    GoalDatesInvalid = "goal_dates_invalid", 422;
    GoalProfilesInvalid = "goal_profiles_invalid", 422;
    UtmPresetInvalid = "utm_preset_invalid", 422;
    SegmentInvalid = "segment_invalid", 422;
    SegmentNameTaken = "segment_name_taken", 409;
    ConversionInvalid = "conversion_invalid", 422;
    ConversionCsvInvalid = "conversion_csv_invalid", 422;
    ClickUnknown = "click_unknown", 404;
    MoneyInvalid = "money_invalid", 422;
    CurrencyInvalid = "currency_invalid", 422;
    CampaignInvalid = "campaign_invalid", 422;
    ReportUnknown = "report_unknown", 422;
    ReportDateInvalid = "report_date_invalid", 422;
    ReportPeriodInvalid = "report_period_invalid", 422;
    ReportPeriodTooLong = "report_period_too_long", 422;
    ReportCompareInvalid = "report_compare_invalid", 422;

    // Competitors.
    /// The network has no account by the typed handle.
    CompetitorNotFound = "competitor_not_found", 422;
    /// Competitors can be read on Bluesky, Mastodon and the sandbox only.
    CompetitorNetworkUnsupported = "competitor_network_unsupported", 422;
    /// The network could not be reached (or refused to answer) while looking the account up. 422 like
    /// `connect_unreachable`: what was typed cannot be used now; Sangam itself did not fail.
    CompetitorUnreachable = "competitor_unreachable", 422;
    /// A competitor report compares at most 20 competitors.
    CompetitorTooMany = "competitor_too_many", 422;
    /// No handle was typed.
    CompetitorHandleEmpty = "competitor_handle_empty", 422;

    // Listening topics. A bad query says what is wrong and at which character ({ $at }).
    TopicQueryEmpty = "topic_query_empty", 422;
    TopicQueryUnbalancedQuote = "topic_query_unbalanced_quote", 422;
    TopicQueryUnbalancedParenthesis = "topic_query_unbalanced_parenthesis", 422;
    TopicQueryEmptyNot = "topic_query_empty_not", 422;
    TopicQueryDanglingOperator = "topic_query_dangling_operator", 422;
    TopicQueryEmptyGroup = "topic_query_empty_group", 422;
    TopicQueryEmptyFilter = "topic_query_empty_filter", 422;
    TopicQueryNothingToFind = "topic_query_nothing_to_find", 422;
    /// A topic needs a name.
    TopicNameEmpty = "topic_name_empty", 422;
    /// A topic searches at least one network that can be searched.
    TopicNetworksInvalid = "topic_networks_invalid", 422;
    /// A competitor's topic names the competitor; the voice is none, ours or competitor.
    TopicVoiceInvalid = "topic_voice_invalid", 422;

    // Single sign-on (OpenID Connect).
    SsoNotConfigured = "sso_not_configured", 422;
    SsoProviderUnreachable = "sso_provider_unreachable", 502;
    SsoProviderError = "sso_provider_error", 502;
    SsoIssuerNotAllowed = "sso_issuer_not_allowed", 422;
    SsoStateMismatch = "sso_state_mismatch", 422;
    SsoTokenInvalid = "sso_token_invalid", 422;
    SsoTokenSignatureInvalid = "sso_token_signature_invalid", 422;
    SsoTokenExpired = "sso_token_expired", 422;
    SsoNonceMismatch = "sso_nonce_mismatch", 422;
    SsoEmailNotVerified = "sso_email_not_verified", 403;
    SsoAccountRefused = "sso_account_refused", 403;
    SsoPasswordsOff = "sso_passwords_off", 403;
    SsoSettingsInvalid = "sso_settings_invalid", 422;
    SsoManagedByConfig = "sso_managed_by_config", 409;

    // Outgoing webhooks.
    WebhookUrlInvalid = "webhook_url_invalid", 422;
    WebhookUrlNotHttps = "webhook_url_not_https", 422;
    WebhookUrlPrivate = "webhook_url_private", 422;
    WebhookEventsInvalid = "webhook_events_invalid", 422;
    WebhookDescriptionTooLong = "webhook_description_too_long", 422;

    // Bulk scheduling: a CSV file or a spreadsheet's rows.
    BulkFileTooLarge = "bulk_file_too_large", 413;
    BulkFileUnreadable = "bulk_file_unreadable", 422;
    BulkColumnUnknown = "bulk_column_unknown", 422;
    BulkColumnMissing = "bulk_column_missing", 422;
    BulkNoRows = "bulk_no_rows", 422;
    BulkTooManyRows = "bulk_too_many_rows", 422;
    BulkProfileUnknown = "bulk_profile_unknown", 422;
    BulkTimeInvalid = "bulk_time_invalid", 422;
    BulkZoneUnknown = "bulk_zone_unknown", 422;
    BulkImageNotUploaded = "bulk_image_not_uploaded", 422;
    BulkImageUnreachable = "bulk_image_unreachable", 422;
}

impl ErrorCode {
    /// The code named `code`, if the catalogue has it.
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// The Fluent message that says this error in a person's language.
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str())
    }

    /// A failure to connect a profile: the profiles page explains these in its own words.
    pub fn is_connect(self) -> bool {
        self.as_str().starts_with("connect_")
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets callers and tests compare a code with its wire name (`err.code() == "conflict"`).
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_name_is_the_serde_name_and_parses_back() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::json!(code.as_str()));
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
    }

    #[test]
    fn codes_are_unique_snake_case_with_an_error_status() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert!((400..600).contains(&code.status()), "{name}");
        }
    }

    #[test]
    fn connect_codes_are_the_connect_family() {
        let connect: Vec<_> = ErrorCode::ALL.iter().filter(|c| c.is_connect()).collect();
        assert_eq!(connect.len(), 15);
        assert!(connect.contains(&&ErrorCode::ConnectOtherAccount));
        // The app networks' OAuth refusals are explained on the profiles page like the others.
        assert!(connect.contains(&&ErrorCode::ConnectExchangeRefused));
    }
}
