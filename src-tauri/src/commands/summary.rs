//! "Gün sonu": the Linkler summary strip's totals for the list's filter, and the day report
//! (shown for printing, and saved as CSV).

use super::share::ask_save_path;
use crate::dto::form::LinkFilterDto;
use crate::dto::link::ExportResultDto;
use crate::dto::summary::{DayReportDto, LinkSummaryDto};
use crate::dto::{pick, LinkStatusDto, ProviderId};
use crate::error::AppError;
use crate::state::AppState;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;
use tahsildar_core::store::report::DayReport;
use tahsildar_core::store::summary::{istanbul_day, istanbul_days_ms};
use tahsildar_core::store::{now_ms, write_report_csv};
use tahsildar_core::time::parse_date;
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};

/// The totals of every link the Linkler filter matches (the same arguments as `list_links`;
/// paging is ignored).
#[allow(clippy::too_many_arguments)] // the filter fields arrive as top-level arguments, as for list_links
#[tauri::command]
pub async fn link_summary(
    state: State<'_, AppState>,
    text: Option<String>,
    statuses: Option<Vec<LinkStatusDto>>,
    provider: Option<ProviderId>,
    from: Option<String>,
    to: Option<String>,
    to_remind: Option<bool>,
    lang: Option<Lang>,
) -> Result<LinkSummaryDto, AppError> {
    let lang = state.lang(lang).await;
    let filter = LinkFilterDto { text, statuses, provider, from, to, offset: None, limit: None, to_remind: None }
        .to_core(lang)
        .map_err(|e| AppError::form(vec![e], lang))?;
    // With "Hatırlatılacak" on, the totals of the links due a reminder, as the list shows them.
    let summary = state
        .links_db(move |s| match to_remind {
            Some(true) => s.summary_to_remind(&filter, s.settings()?.remind_window(now_ms())),
            _ => s.summary(&filter),
        })
        .await
        .map_err(|e| AppError::store(&e, lang))?;
    Ok(LinkSummaryDto::new(&summary, istanbul_day(now_ms())))
}

/// The Turkish days `from`..=`to` (`YYYY-MM-DD`; a missing one is today, or the other day).
fn report_days(from: Option<String>, to: Option<String>, lang: Lang) -> Result<(NaiveDate, NaiveDate), AppError> {
    let day = |field: &str, text: Option<String>| -> Result<Option<NaiveDate>, AppError> {
        let Some(t) = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) else { return Ok(None) };
        parse_date(&t, &["%Y-%m-%d"]).map(Some).ok_or_else(|| {
            AppError::invalid(
                field,
                "date_invalid",
                pick(lang, "Tarihi YYYY-AA-GG biçiminde seçin.", "Pick the date as YYYY-MM-DD."),
            )
        })
    };
    let (from, to) = (day("from", from)?, day("to", to)?);
    let today = istanbul_day(now_ms());
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f),
        (None, Some(t)) => (t, t),
        (None, None) => (today, today),
    };
    if to < from {
        return Err(AppError::invalid(
            "to",
            "date_order",
            pick(lang, "Bitiş günü başlangıçtan önce olamaz.", "The last day cannot be before the first."),
        ));
    }
    Ok((from, to))
}

async fn read_report(state: &AppState, from: NaiveDate, to: NaiveDate, lang: Lang) -> Result<DayReport, AppError> {
    let (start, end) = istanbul_days_ms(from, to);
    state.links_db(move |s| s.day_report(start, end)).await.map_err(|e| AppError::store(&e, lang))
}

/// "Gün sonu raporu" for Turkish days `from`..=`to` (today when neither is given).
#[tauri::command]
pub async fn day_report(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<Lang>,
) -> Result<DayReportDto, AppError> {
    let lang = state.lang(lang).await;
    let (from, to) = report_days(from, to, lang)?;
    let report = read_report(&state, from, to, lang).await?;
    Ok(DayReportDto::new(&report, from, to))
}

/// The day report's rows as CSV, where the owner picks; `None` when the dialog is cancelled.
#[tauri::command]
pub async fn export_day_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<Lang>,
) -> Result<Option<ExportResultDto>, AppError> {
    let lang = state.lang(lang).await;
    let (from, to) = report_days(from, to, lang)?;
    let name = if from == to {
        format!("tahsildar-gun-sonu-{}.csv", from.format("%Y-%m-%d"))
    } else {
        format!("tahsildar-gun-sonu-{}_{}.csv", from.format("%Y-%m-%d"), to.format("%Y-%m-%d"))
    };
    let Some(path) = ask_save_path(&app, name, ("CSV", &["csv"])).await else { return Ok(None) };
    let rows = write_report(&state, from, to, path.clone(), lang).await?;
    Ok(Some(ExportResultDto { path: path.display().to_string(), rows }))
}

/// Writes the report's CSV to `path` through a temporary file beside it (never half a file).
pub async fn write_report(
    state: &AppState,
    from: NaiveDate,
    to: NaiveDate,
    path: PathBuf,
    lang: Lang,
) -> Result<usize, AppError> {
    let report = read_report(state, from, to, lang).await?;
    let shown = path.display().to_string();
    let tmp = path.with_extension("csv.part");
    let written = (|| -> std::io::Result<usize> {
        let mut file = std::fs::File::create(&tmp)?;
        let rows = write_report_csv(&report, &mut file)?;
        file.flush().and_then(|_| file.sync_all())?;
        std::fs::rename(&tmp, &path)?;
        Ok(rows)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        log::warn!("day report CSV failed: {e}");
        AppError::internal(pick(lang, format!("{shown} yazılamadı: {e}"), format!("Could not write {shown}: {e}")))
    })
}
