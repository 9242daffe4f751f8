//! What the inbox page shows around its list, read in one statement: the workspace's inbox settings, the team (for
//! the assign menus and the rows' reply clocks), the viewer's own facts (their shield opt-in and hours, read even
//! when they are not on the team), the profiles and the tags in use (for the filters). Each is a handful of rows;
//! one statement for all of them is one hand-off to the database instead of five.

use super::settings::{Person, Settings};
use crate::profiles::Profile;
use crate::{Db, Result, Sql, StoreError};

/// The page's surroundings, each as the read of its own would give it ([`super::settings`], [`super::people`],
/// [`super::person`], [`crate::profiles::list`], [`super::tags`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Surroundings {
    pub settings: Settings,
    /// The people who answer the inbox, in id order.
    pub people: Vec<Person>,
    /// The viewer.
    pub viewer: Person,
    /// The profiles that are not removed, by name.
    pub profiles: Vec<Profile>,
    /// The tags on a message of the workspace, in order.
    pub tags: Vec<String>,
}

/// One row of the statement: `part` says which read it belongs to, the other columns are that read's, in order.
#[derive(sqlx::FromRow)]
struct Part {
    part: i64,
    id: i64,
    a: i64,
    b: i64,
    c: i64,
    s1: Option<String>,
    s2: Option<String>,
    s3: Option<String>,
    s4: Option<String>,
}

const SETTINGS: i64 = 0;
const TEAM: i64 = 1;
const VIEWER: i64 = 2;
const PROFILE: i64 = 3;
const TAG: i64 = 4;

/// The five reads as one `UNION ALL`, every column typed alike in every branch (PostgreSQL asks that of a union), and
/// ordered as each read orders its own rows: the team by id, profiles by name then id, tags by tag. Each branch goes
/// through its own key (`inbox_settings`' workspace, the users of a workspace, a user's id, the profiles of a
/// workspace, `inbox_tag_counts`' workspace).
const SURROUNDINGS: &str = "
    SELECT CAST(0 AS BIGINT) AS part, CAST(0 AS BIGINT) AS id, CAST(sla_minutes AS BIGINT) AS a,
        CAST(exposure_budget AS BIGINT) AS b, CAST(0 AS BIGINT) AS c, CAST(NULL AS TEXT) AS s1,
        CAST(NULL AS TEXT) AS s2, CAST(NULL AS TEXT) AS s3, CAST(NULL AS TEXT) AS s4, CAST('' AS TEXT) AS sort
        FROM inbox_settings WHERE workspace_id = $1
    UNION ALL
    SELECT CAST(1 AS BIGINT), u.id, CAST(CASE WHEN COALESCE(ip.shield_opt_in, FALSE) THEN 1 ELSE 0 END AS BIGINT),
        CAST(COALESCE(ip.work_start_min, 540) AS BIGINT), CAST(COALESCE(ip.work_end_min, 1020) AS BIGINT),
        u.name, u.role, u.time_zone, CAST(NULL AS TEXT), CAST('' AS TEXT)
        FROM users u LEFT JOIN inbox_people ip ON ip.user_id = u.id
        WHERE u.workspace_id = $1 AND u.role IN ('admin', 'manager', 'member') AND u.deactivated_at IS NULL
    UNION ALL
    SELECT CAST(2 AS BIGINT), u.id, CAST(CASE WHEN COALESCE(ip.shield_opt_in, FALSE) THEN 1 ELSE 0 END AS BIGINT),
        CAST(COALESCE(ip.work_start_min, 540) AS BIGINT), CAST(COALESCE(ip.work_end_min, 1020) AS BIGINT),
        u.name, u.role, u.time_zone, CAST(NULL AS TEXT), CAST('' AS TEXT)
        FROM users u LEFT JOIN inbox_people ip ON ip.user_id = u.id WHERE u.id = $2
    UNION ALL
    SELECT CAST(3 AS BIGINT), id, workspace_id, created_at, CAST(0 AS BIGINT), network, handle, display_name, status,
        display_name
        FROM profiles WHERE workspace_id = $1 AND status <> 'removed'
    UNION ALL
    SELECT CAST(4 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), tag,
        CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), tag
        FROM inbox_tag_counts WHERE workspace_id = $1 AND n > 0
    ORDER BY 1, 10, 2";

/// A text column the part always fills; a missing one is corrupt data.
fn text(value: Option<String>, what: &str) -> Result<String> {
    value.ok_or_else(|| StoreError::Corrupt(format!("the inbox page's {what} read as NULL")))
}

/// A stored word read back into its enum.
fn word<T: TryFrom<String, Error = sangam_domain::word::UnknownWord>>(
    value: Option<String>,
    what: &str,
) -> Result<T> {
    T::try_from(text(value, what)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn person(p: Part) -> Result<Person> {
    Ok(Person {
        user_id: p.id,
        shield_opt_in: p.a != 0,
        work_start_min: p.b,
        work_end_min: p.c,
        name: text(p.s1, "person's name")?,
        role: text(p.s2, "person's role")?,
        time_zone: text(p.s3, "person's time zone")?,
    })
}

/// The surroundings of `viewer`'s inbox page in `workspace_id`; a viewer who is not there is not found.
pub async fn surroundings(db: &Db, workspace_id: i64, viewer: i64) -> Result<Surroundings> {
    let parts: Vec<Part> = db
        .fetch_all(Sql::new(SURROUNDINGS).bind(workspace_id).bind(viewer))
        .await?;
    let mut settings = Settings::default();
    let mut people = Vec::new();
    let mut me = None;
    let mut profiles = Vec::new();
    let mut tags = Vec::new();
    for p in parts {
        match p.part {
            SETTINGS => {
                settings = Settings {
                    sla_minutes: p.a,
                    exposure_budget: p.b,
                }
            }
            TEAM => people.push(person(p)?),
            VIEWER => me = Some(person(p)?),
            PROFILE => profiles.push(Profile {
                id: p.id,
                workspace_id: p.a,
                created_at: p.b,
                network: word(p.s1, "profile's network")?,
                handle: text(p.s2, "profile's handle")?,
                display_name: text(p.s3, "profile's name")?,
                status: word(p.s4, "profile's status")?,
            }),
            TAG => tags.push(text(p.s1, "tag")?),
            other => {
                return Err(StoreError::Corrupt(format!(
                    "the inbox page's read gave a part {other}"
                )));
            }
        }
    }
    Ok(Surroundings {
        settings,
        people,
        viewer: me.ok_or(StoreError::NotFound("The person"))?,
        profiles,
        tags,
    })
}
