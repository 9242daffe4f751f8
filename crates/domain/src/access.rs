//! Who may do what. The whole permission matrix lives here, in one table, so that a reviewer reads it in one place and
//! the route-by-role test in the web crate can walk it.

use serde::{Deserialize, Serialize};

/// A person's role in a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Connects profiles, manages people and roles, settings, the crisis switch.
    Admin,
    /// The marketing leader: approves, assigns, sets goals, reads team reports.
    Manager,
    /// A social media manager: composes, schedules, answers the inbox.
    Member,
    /// Approves or rejects what is sent to them; may be outside the team.
    Approver,
    /// Other departments: reads reports and shared dashboards.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Manager,
        Role::Member,
        Role::Approver,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Member => "member",
            Role::Approver => "approver",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role holds `permission`. See [`MATRIX`].
    pub fn can(self, permission: Permission) -> bool {
        MATRIX
            .iter()
            .find(|(p, _)| *p == permission)
            .is_some_and(|(_, roles)| roles.contains(&self))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a person can be allowed to do. Every route names exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the dashboard and charts.
    ViewDashboard,
    /// See posts, their deliveries and the calendar.
    ViewPosts,
    /// Write, schedule and retry posts.
    ComposePosts,
    /// Edit, reschedule or delete a post someone else wrote (before it has gone out); one's own needs only
    /// [`Permission::ComposePosts`].
    ChangeOthersPosts,
    /// See connected profiles.
    ViewProfiles,
    /// Connect, change and remove profiles.
    ManageProfiles,
    /// Add people and change their roles.
    ManagePeople,
    /// Change one's own language, time zone, password and API tokens.
    ManageOwnAccount,
    /// Approve, reject, ask for changes or comment on posts sent for approval.
    ReviewPosts,
    /// Set who needs approval and the workflow's steps.
    ManageApprovals,
    /// Pull the crisis switch: pause and resume publishing.
    PausePublishing,
    /// Read the audit log.
    ViewAudit,
    /// See the inbox: messages from the public, their conversations and reply timers.
    ViewInbox,
    /// Answer, assign, tag, note and close inbox messages; open shielded ones when opted in.
    AnswerInbox,
    /// Moderation rules, saved replies, the reply-timer SLA and the exposure budget.
    ManageInbox,
    /// See one's own workload and wellbeing figures and check-in history; check in; send editor heartbeats.
    ViewOwnWellbeing,
    /// The team's care page: each person's load, exposure and after-hours; check-ins only as aggregates of three or
    /// more people, never anyone's note.
    ViewTeamCare,
    /// Read reports (profiles, posts, tags, inbox and team), export them and print them.
    ViewReports,
    /// Make read-only report links for people without an account.
    ShareReports,
    /// Set and change goals.
    ManageGoals,
    /// Tracked links and return: UTM presets, conversions (import, API), campaign spend, the currency.
    ManageTracking,
    /// Each person's hourly cost, which only Admins ever see.
    ManageCosts,
    /// Subscribe outside systems to events (outgoing webhooks), see their delivery logs.
    ManageWebhooks,
    /// Add competitors to watch and stop watching them (their report is read with [`Permission::ViewReports`]).
    ManageCompetitors,
    /// Add, change and remove listening topics (what they hear is read with [`Permission::ViewReports`]).
    ManageListening,
    /// Define, change and delete target audience segments (their reach is read with [`Permission::ViewReports`]).
    ManageSegments,
}

const EVERYONE: &[Role] = &Role::ALL;
const TEAM: &[Role] = &[Role::Admin, Role::Manager, Role::Member];

/// The permission matrix: each permission and the roles that hold it.
pub const MATRIX: &[(Permission, &[Role])] = &[
    (
        Permission::ViewDashboard,
        &[Role::Admin, Role::Manager, Role::Member, Role::Viewer],
    ),
    (
        Permission::ViewPosts,
        &[Role::Admin, Role::Manager, Role::Member, Role::Approver],
    ),
    (Permission::ComposePosts, TEAM),
    (Permission::ChangeOthersPosts, &[Role::Admin, Role::Manager]),
    (Permission::ViewProfiles, TEAM),
    (Permission::ManageProfiles, &[Role::Admin]),
    (Permission::ManagePeople, &[Role::Admin]),
    (Permission::ManageOwnAccount, EVERYONE),
    (
        Permission::ReviewPosts,
        &[Role::Admin, Role::Manager, Role::Approver],
    ),
    (Permission::ManageApprovals, &[Role::Admin, Role::Manager]),
    (Permission::PausePublishing, &[Role::Admin, Role::Manager]),
    (Permission::ViewAudit, &[Role::Admin, Role::Manager]),
    (Permission::ViewInbox, TEAM),
    (Permission::AnswerInbox, TEAM),
    (Permission::ManageInbox, &[Role::Admin, Role::Manager]),
    (Permission::ViewOwnWellbeing, EVERYONE),
    (Permission::ViewTeamCare, &[Role::Admin, Role::Manager]),
    (
        Permission::ViewReports,
        &[Role::Admin, Role::Manager, Role::Member, Role::Viewer],
    ),
    (Permission::ShareReports, TEAM),
    (Permission::ManageGoals, &[Role::Admin, Role::Manager]),
    (Permission::ManageTracking, &[Role::Admin, Role::Manager]),
    (Permission::ManageCosts, &[Role::Admin]),
    (Permission::ManageWebhooks, &[Role::Admin]),
    (Permission::ManageCompetitors, TEAM),
    (Permission::ManageListening, TEAM),
    (Permission::ManageSegments, TEAM),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_has_a_row_in_the_matrix() {
        use Permission::*;
        for p in [
            ViewDashboard,
            ViewPosts,
            ComposePosts,
            ChangeOthersPosts,
            ViewProfiles,
            ManageProfiles,
            ManagePeople,
            ManageOwnAccount,
            ReviewPosts,
            ManageApprovals,
            PausePublishing,
            ViewAudit,
            ViewInbox,
            AnswerInbox,
            ManageInbox,
            ViewOwnWellbeing,
            ViewTeamCare,
            ViewReports,
            ShareReports,
            ManageGoals,
            ManageTracking,
            ManageCosts,
            ManageWebhooks,
            ManageCompetitors,
            ManageListening,
            ManageSegments,
        ] {
            assert!(
                MATRIX.iter().any(|(q, _)| *q == p),
                "{p:?} is missing from the matrix"
            );
        }
    }

    #[test]
    fn viewers_read_reports_but_never_compose() {
        assert!(Role::Viewer.can(Permission::ViewDashboard));
        assert!(!Role::Viewer.can(Permission::ComposePosts));
        assert!(!Role::Viewer.can(Permission::ViewProfiles));
    }

    #[test]
    fn only_admins_manage_people_and_profiles() {
        for role in Role::ALL {
            assert_eq!(role.can(Permission::ManagePeople), role == Role::Admin);
            assert_eq!(role.can(Permission::ManageProfiles), role == Role::Admin);
        }
    }

    #[test]
    fn only_leads_change_posts_others_wrote_and_only_approvers_review_without_composing() {
        for role in Role::ALL {
            assert_eq!(
                role.can(Permission::ChangeOthersPosts),
                matches!(role, Role::Admin | Role::Manager)
            );
            assert_eq!(
                role.can(Permission::ReviewPosts) && !role.can(Permission::ComposePosts),
                role == Role::Approver
            );
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
