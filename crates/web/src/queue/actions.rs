//! Queue times: each profile's weekly slots, and "add to queue", which takes the next free one.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::queue::{Slot, next_free, parse_slots};
use sangam_domain::{Millis, now_millis};
use sangam_store::queue;
use sangam_store::users::User;

/// Sets a profile's slots from lines like `Mon-Fri 09:00 13:00`, read in `time_zone`.
pub async fn set(
    state: &AppState,
    user: &User,
    profile_id: i64,
    text: &str,
    time_zone: &str,
) -> Result<Vec<Slot>, AppError> {
    if jiff::tz::TimeZone::get(time_zone).is_err() {
        return Err(AppError::refuse(ErrorCode::TimeZoneUnknown).with("zone", time_zone));
    }
    let slots = parse_slots(text)
        .map_err(|e| AppError::refuse(ErrorCode::QueueSlotsInvalid).with("detail", e))?;
    queue::set_slots(&state.db, user.workspace_id, profile_id, time_zone, &slots).await?;
    crate::audit::log(
        state,
        user,
        "changed_queue",
        "profile",
        Some(profile_id),
        &format!("{} slots", slots.len()),
    )
    .await;
    Ok(slots)
}

/// The next slot of the first profile that is free on every chosen profile.
pub async fn next_time(
    state: &AppState,
    user: &User,
    profile_ids: &[i64],
) -> Result<Millis, AppError> {
    let Some(first) = profile_ids.first() else {
        return Err(sangam_domain::PostError::NoProfiles.into());
    };
    let (tz_name, slots) = queue::slots(&state.db, user.workspace_id, *first).await?;
    let tz = crate::time_fmt::zone(&tz_name);
    let now = now_millis();
    let taken = queue::taken(&state.db, profile_ids, now).await?;
    next_free(&slots, &tz, now, &taken).ok_or_else(|| AppError::refuse(ErrorCode::QueueEmpty))
}
