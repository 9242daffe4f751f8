//! The conversions page: import a CSV (preview first, then import the good rows; every bad line is listed with its
//! reason), the snippet to place on the brand's site, spend per campaign, the currency, and what came in lately.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::conversions::actions::{self, BadRow, Imported};
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::metrics::Currency;
use sangam_domain::roi::{money, parse_money};
use sangam_domain::{ErrorCode, Millis, now_millis};
use sangam_store::conversions::{self, Source};
use sangam_store::roi;
use sangam_store::users::User;

/// How far back the page lists conversions and spend.
const RECENT_MS: Millis = 90 * 86_400_000;

pub struct PreviewRow {
    pub line: usize,
    pub date: String,
    pub campaign: String,
    pub link: String,
    pub count: i64,
    pub value: String,
    pub currency: String,
    pub external_id: String,
}

pub struct RecentRow {
    pub date: String,
    pub campaign: String,
    pub link: String,
    pub count: i64,
    pub value: String,
    pub currency: String,
    pub external_id: String,
    pub source: String,
}

pub struct SpendRow {
    pub date: String,
    pub campaign: String,
    pub amount: String,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/conversions.html")]
pub struct ConversionsPage {
    pub page: Chrome,
    pub error: Option<String>,
    /// The CSV being previewed, sent again by the import button.
    pub csv: String,
    pub preview: Vec<PreviewRow>,
    pub bad: Vec<(BadRow, String)>,
    pub imported: Option<Imported>,
    pub recent: Vec<RecentRow>,
    pub spend: Vec<SpendRow>,
    pub campaigns: Vec<String>,
    pub currency: String,
    pub currencies: Vec<String>,
    pub snippet: String,
    pub today: String,
}

impl ConversionsPage {
    pub fn previewing(&self) -> bool {
        !self.csv.is_empty() && self.imported.is_none()
    }
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
) -> Result<ConversionsPage, PageError> {
    let page = Chrome::new(user, "conversions", "conversions-title");
    let t = &page.t;
    let now = now_millis();
    let day = |at: Millis| crate::reports::day_in(at, t.zone());
    let recent = conversions::list(&state.db, user.workspace_id, now - RECENT_MS, now + 1, None)
        .await
        .for_user(user)?
        .into_iter()
        .rev()
        .take(100)
        .map(|c| RecentRow {
            date: day(c.at),
            campaign: c.campaign.unwrap_or_default(),
            link: c.link_code.unwrap_or_default(),
            count: c.count,
            value: money(c.value_minor),
            currency: c.currency,
            external_id: c.external_id.unwrap_or_default(),
            source: t.t(&format!("conversions-source-{}", c.source)),
        })
        .collect();
    let spend = roi::spend(&state.db, user.workspace_id, now - RECENT_MS, now + 1, None)
        .await
        .for_user(user)?
        .into_iter()
        .rev()
        .map(|s| SpendRow {
            date: day(s.spent_at),
            campaign: s.campaign,
            amount: money(s.amount_minor),
            note: s.note,
        })
        .collect();
    Ok(ConversionsPage {
        error,
        csv: String::new(),
        preview: vec![],
        bad: vec![],
        imported: None,
        recent,
        spend,
        campaigns: roi::campaigns(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        currency: roi::currency(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        currencies: ["INR", "USD", "EUR", "GBP"].map(String::from).to_vec(),
        snippet: format!(
            "<script src=\"{}\" async></script>",
            state.config.absolute("/t.js")
        ),
        today: day(now),
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ConversionsPage, PageError> {
    render(&state, &user, None).await
}

/// The CSV of a preview form: the uploaded file, else the pasted text.
async fn csv_of(mut form: Multipart) -> Result<String, AppError> {
    let (mut file, mut pasted) = (String::new(), String::new());
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| AppError::refuse(ErrorCode::ConversionCsvInvalid))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| AppError::refuse(ErrorCode::ConversionCsvInvalid))?;
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| AppError::refuse(ErrorCode::ConversionCsvInvalid))?;
        match name.as_str() {
            "file" => file = text,
            "csv" => pasted = text,
            _ => {}
        }
    }
    Ok(if file.trim().is_empty() { pasted } else { file })
}

fn bad_rows(t: &crate::i18n::Tr, bad: &[BadRow]) -> Vec<(BadRow, String)> {
    bad.iter()
        .map(|b| (b.clone(), t.t(&format!("conversion-row-{}", b.reason))))
        .collect()
}

/// `POST /conversions/preview`: what the file holds, row by row, before anything is stored.
pub async fn preview(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    form: Multipart,
) -> Result<Response, PageError> {
    let csv = csv_of(form).await.for_user(&user)?;
    let tz = crate::time_fmt::zone(&user.time_zone);
    let read = match actions::read_csv(&state, &user, &csv, &tz).await {
        Ok(r) => r,
        Err(e) => {
            let (status, message) = super::said_on_page(e, &user)?;
            return Ok((status, render(&state, &user, Some(message)).await?).into_response());
        }
    };
    let mut page = render(&state, &user, None).await?;
    let day = |at: Millis| crate::reports::day_in(at, page.page.t.zone());
    page.preview = read
        .good
        .iter()
        .map(|(line, c, link)| PreviewRow {
            line: *line,
            date: day(c.at),
            campaign: c.campaign.clone().unwrap_or_default(),
            link: link.clone().unwrap_or_default(),
            count: c.count,
            value: money(c.value_minor),
            currency: c.currency.clone(),
            external_id: c.external_id.clone().unwrap_or_default(),
        })
        .collect();
    page.bad = bad_rows(&page.page.t, &read.bad);
    page.csv = csv;
    Ok(page.into_response())
}

#[derive(serde::Deserialize)]
pub struct ImportForm {
    csv: String,
}

/// `POST /conversions/import`: stores the good rows of the previewed file and lists the bad ones again.
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ImportForm>,
) -> Result<ConversionsPage, PageError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let read = actions::read_csv(&state, &user, &form.csv, &tz)
        .await
        .for_user(&user)?;
    let done = actions::import(&state, &user, read, Source::Csv)
        .await
        .for_user(&user)?;
    let mut page = render(&state, &user, None).await?;
    page.bad = bad_rows(&page.page.t, &done.rejected);
    page.csv = form.csv;
    page.imported = Some(done);
    Ok(page)
}

#[derive(serde::Deserialize)]
pub struct SpendForm {
    campaign: String,
    date: String,
    amount: String,
    #[serde(default)]
    note: String,
}

/// `POST /conversions/spend`: money spent on a campaign, on a day.
pub async fn add_spend(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<SpendForm>,
) -> Result<Response, PageError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let checked = (|| {
        let campaign = actions::campaign_name(&form.campaign)
            .ok_or_else(|| AppError::refuse(ErrorCode::CampaignInvalid))?;
        let at = actions::parse_date(form.date.trim(), &tz)
            .ok_or_else(|| AppError::refuse(ErrorCode::ReportDateInvalid).with("field", "date"))?;
        let amount = parse_money(&form.amount)
            .filter(|a| *a > 0)
            .ok_or_else(|| AppError::refuse(ErrorCode::MoneyInvalid))?;
        crate::input::check_length(ErrorCode::ConversionInvalid, &form.note, 500)?;
        Ok::<_, AppError>((campaign, at, amount))
    })();
    match checked {
        Ok((campaign, at, amount)) => {
            roi::add_spend(
                &state.db,
                user.workspace_id,
                &campaign,
                at,
                amount,
                form.note.trim(),
                user.id,
                now_millis(),
            )
            .await
            .for_user(&user)?;
            crate::audit::log(&state, &user, "spend_added", "campaign", None, &campaign).await;
            Ok(Redirect::to("/conversions#spend").into_response())
        }
        Err(e) => {
            let (status, message) = super::said_on_page(e, &user)?;
            Ok((status, render(&state, &user, Some(message)).await?).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
pub struct CurrencyForm {
    currency: String,
}

pub async fn set_currency(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<CurrencyForm>,
) -> Result<Response, PageError> {
    let Some(currency) = Currency::parse(&form.currency) else {
        let (status, message) =
            super::said_on_page(AppError::refuse(ErrorCode::CurrencyInvalid), &user)?;
        return Ok((status, render(&state, &user, Some(message)).await?).into_response());
    };
    roi::set_currency(&state.db, user.workspace_id, currency.code(), now_millis())
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/conversions").into_response())
}
