//! In-app updates through `tauri-plugin-updater`. The GitHub release's `latest.json` (endpoint
//! and public key in `tauri.conf.json`, `plugins.updater`) is read at start and once a day; a
//! newer version is downloaded and its minisign signature checked in the background, and only
//! then does Ayarlar offer "Yeni sürüm hazır — Güncelle". Nothing installs without the owner's
//! click, and never while a link is being created (`gate`).

mod gate;
mod hooks;
pub mod prefs;
mod schedule;
#[cfg(test)]
mod tests;

pub use gate::{CreateTicket, Gate};

use crate::dto::pick;
use crate::dto::update::{UpdatePhase, UpdateStatusDto};
use crate::error::AppError;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};
use tahsildar_core::Lang;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime, Url};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterExt};

/// The event that tells the UI the status changed (payload: none; it asks `get_update_status`).
pub const STATUS_EVENT: &str = "update-status";

/// The plugin, with the public key from the config (in debug builds a test may name its own).
pub fn plugin<R: Runtime>() -> TauriPlugin<R, tauri_plugin_updater::Config> {
    let builder = tauri_plugin_updater::Builder::new();
    match hooks::pubkey() {
        Some(key) => builder.pubkey(key),
        None => builder,
    }
    .build()
}

/// A downloaded, signature-checked update waiting for the owner's click.
struct Ready {
    update: Update,
    bytes: Vec<u8>,
}

struct Inner {
    phase: UpdatePhase,
    version: Option<String>,
    ready: Option<Ready>,
    checks: bool,
    last_ok: Option<SystemTime>,
    last_try: Option<SystemTime>,
}

/// The updater's state, managed by the app.
pub struct Updates {
    data_dir: PathBuf,
    endpoint: Option<Url>,
    /// Whether `start` checks by itself: always in release builds; a debug build (`npm start`,
    /// the tests) only when a test names its endpoint, so it never asks GitHub nor offers to
    /// replace a development binary.
    background: bool,
    gate: Arc<Gate>,
    inner: Mutex<Inner>,
    wake: tokio::sync::Notify,
}

impl Updates {
    /// The endpoint comes from the config; only debug builds take `TAHSILDAR_UPDATE_URL`.
    pub fn new(data_dir: PathBuf) -> Updates {
        let endpoint = hooks::endpoint();
        let background = cfg!(not(debug_assertions)) || endpoint.is_some();
        Updates { background, ..Updates::with_endpoint(data_dir, endpoint) }
    }

    pub(crate) fn with_endpoint(data_dir: PathBuf, endpoint: Option<Url>) -> Updates {
        let checks = prefs::load(&data_dir).checks;
        Updates {
            data_dir,
            endpoint,
            background: true,
            gate: Arc::default(),
            inner: Mutex::new(Inner {
                phase: UpdatePhase::Idle,
                version: None,
                ready: None,
                checks,
                last_ok: None,
                last_try: None,
            }),
            wake: tokio::sync::Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn status(&self, current_version: &str, lang: Lang) -> UpdateStatusDto {
        let inner = self.lock();
        let version = inner.version.clone();
        let v = version.clone().unwrap_or_default();
        let message = match inner.phase {
            UpdatePhase::Refused => Some(pick(
                lang,
                format!(
                    "Yeni sürüm ({v}) indirildi ama imzası doğrulanamadı: bu dosya bizden gelmemiş ya da bozulmuş \
                     olabilir, bu yüzden kurulmadı. Bu sürümle çalışmaya devam edebilirsiniz."
                ),
                format!(
                    "The new version ({v}) was downloaded but its signature could not be verified: the file may \
                     not come from us or may be damaged, so it was not installed. You can keep using this version."
                ),
            )),
            UpdatePhase::Failed => Some(pick(
                lang,
                format!("Yeni sürüm ({v}) kurulamadı; bu sürüm çalışmaya devam ediyor. Daha sonra tekrar deneyin."),
                format!("The new version ({v}) could not be installed; this version keeps running. Try again later."),
            )),
            _ => None,
        };
        UpdateStatusDto {
            phase: inner.phase,
            checks: inner.checks,
            current_version: current_version.to_string(),
            version,
            message,
        }
    }

    /// Turns the daily check on or off (saved); turning it on checks soon.
    pub fn set_checks(&self, on: bool, lang: Lang) -> Result<(), AppError> {
        prefs::save(&self.data_dir, prefs::UpdatePrefs { checks: on }).map_err(|e| {
            log::error!("{}: {e}", prefs::FILE_NAME);
            AppError::internal(pick(
                lang,
                "Ayar kaydedilemedi; uygulamayı yeniden başlatıp tekrar deneyin.",
                "The setting could not be saved; restart the app and try again.",
            ))
        })?;
        self.lock().checks = on;
        self.wake.notify_one();
        Ok(())
    }

    pub(crate) fn due(&self, now: SystemTime) -> bool {
        let i = self.lock();
        let busy = matches!(i.phase, UpdatePhase::Checking | UpdatePhase::Installing);
        !busy && schedule::is_due(i.checks, i.last_ok, i.last_try, now)
    }

    pub fn gate(&self) -> &Arc<Gate> {
        &self.gate
    }
}

/// Tells the page the status changed; a lost event only costs a stale line in Ayarlar.
fn changed<R: Runtime>(app: &AppHandle<R>) {
    crate::events::publish(app, STATUS_EVENT, &());
}

/// What one check found.
enum Found {
    Nothing,
    Ready(Box<Ready>),
    /// Same version already downloaded and checked.
    AlreadyReady,
    Refused(String),
    Unreachable,
}

/// One check: ask the endpoint, download a newer version, verify its signature. Quiet when
/// offline. Does nothing while another check or an install runs.
pub async fn check_now<R: Runtime>(app: &AppHandle<R>) {
    let Some(updates) = app.try_state::<Updates>() else { return };
    let ready_version = {
        let mut i = updates.lock();
        if matches!(i.phase, UpdatePhase::Checking | UpdatePhase::Installing) {
            return;
        }
        i.last_try = Some(SystemTime::now());
        i.phase = UpdatePhase::Checking;
        i.ready.as_ref().map(|r| r.update.version.clone())
    };
    changed(app);
    let found = find(app, updates.endpoint.as_ref(), ready_version.as_deref()).await;
    {
        let mut i = updates.lock();
        if !matches!(found, Found::Unreachable) {
            i.last_ok = Some(SystemTime::now());
        }
        match found {
            Found::Nothing => {
                (i.phase, i.version, i.ready) = (UpdatePhase::UpToDate, None, None);
            }
            Found::AlreadyReady => i.phase = UpdatePhase::Ready,
            Found::Ready(ready) => {
                i.phase = UpdatePhase::Ready;
                i.version = Some(ready.update.version.clone());
                i.ready = Some(*ready);
            }
            Found::Refused(version) => {
                (i.phase, i.version, i.ready) = (UpdatePhase::Refused, Some(version), None);
            }
            // A download ready from an earlier check stays ready.
            Found::Unreachable => {
                i.phase = if i.ready.is_some() { UpdatePhase::Ready } else { UpdatePhase::Offline };
            }
        }
    }
    changed(app);
}

async fn find<R: Runtime>(app: &AppHandle<R>, endpoint: Option<&Url>, ready_version: Option<&str>) -> Found {
    let mut builder = app.updater_builder().timeout(Duration::from_secs(120));
    if let Some(url) = endpoint {
        builder = match builder.endpoints(vec![url.clone()]) {
            Ok(b) => b,
            Err(e) => {
                log::warn!("update endpoint refused: {e}");
                return Found::Unreachable;
            }
        };
    }
    let update = match builder.build() {
        Ok(updater) => updater.check().await,
        Err(e) => Err(e),
    };
    let update = match update {
        Ok(Some(update)) => update,
        Ok(None) => return Found::Nothing,
        Err(e) => {
            log::info!("update check failed: {e}");
            return Found::Unreachable;
        }
    };
    if ready_version == Some(update.version.as_str()) {
        return Found::AlreadyReady;
    }
    log::info!("update {} announced; downloading it", update.version);
    match update.download(|_, _| {}, || {}).await {
        Ok(bytes) => Found::Ready(Box::new(Ready { update, bytes })),
        Err(e) if is_signature_error(&e) => {
            log::warn!("update {} refused: {e}", update.version);
            Found::Refused(update.version)
        }
        Err(e) => {
            log::info!("update {} could not be downloaded: {e}", update.version);
            Found::Unreachable
        }
    }
}

fn is_signature_error(e: &UpdaterError) -> bool {
    matches!(
        e,
        UpdaterError::Minisign(_)
            | UpdaterError::Base64(_)
            | UpdaterError::SignatureUtf8(_)
            | UpdaterError::SignedVersionMismatch { .. }
            | UpdaterError::MissingSignedVersion
    )
}

/// Checks at start, then whenever one is due (see `schedule`), or when the switch turns on.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    if !app.try_state::<Updates>().is_some_and(|u| u.background) {
        log::info!("debug build without a test update endpoint: no update checks by themselves");
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let due = app.try_state::<Updates>().is_some_and(|u| u.due(SystemTime::now()));
            if due {
                check_now(&app).await;
            }
            let Some(updates) = app.try_state::<Updates>() else { return };
            tokio::select! {
                _ = tokio::time::sleep(schedule::TICK) => {}
                _ = updates.wake.notified() => {}
            }
        }
    });
}

/// Held by `create_link` for the whole create. `Ok(None)` when the app has no updater (tests).
pub fn creating<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> Result<Option<CreateTicket>, AppError> {
    let Some(updates) = app.try_state::<Updates>() else { return Ok(None) };
    match updates.gate.enter_create() {
        Some(ticket) => Ok(Some(ticket)),
        None => Err(wrong_state(
            lang,
            "Yeni sürüm kuruluyor; uygulama yeniden açılınca linki oluşturun.",
            "The new version is being installed; create the link when the app has restarted.",
        )),
    }
}

/// The owner's "Güncelle": installs the downloaded update and restarts. Refused while a link is
/// being created. On Windows the installer closes the app itself.
pub async fn install<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> Result<(), AppError> {
    let updates = app.state::<Updates>();
    let Some(ticket) = updates.gate.begin_install() else {
        return Err(wrong_state(
            lang,
            "Şu an bir link oluşturuluyor; bittikten sonra Güncelle'ye tekrar basın.",
            "A link is being created right now; press Update again when it is done.",
        ));
    };
    let Some(ready) = updates.lock().ready.take() else {
        return Err(wrong_state(
            lang,
            "Kurulmaya hazır bir yeni sürüm yok.",
            "There is no new version ready to install.",
        ));
    };
    updates.lock().phase = UpdatePhase::Installing;
    changed(app);
    let (update, bytes) = (ready.update.clone(), ready.bytes.clone());
    let result = tauri::async_runtime::spawn_blocking(move || update.install(bytes)).await;
    match result {
        Ok(Ok(())) => {
            log::info!("update {} installed; restarting", ready.update.version);
            app.restart()
        }
        Ok(Err(e)) => log::error!("update {} did not install: {e}", ready.update.version),
        Err(e) => log::error!("update {} did not install: {e}", ready.update.version),
    }
    drop(ticket);
    {
        // Still verified and in hand: "Güncelle" may be pressed again.
        let mut i = updates.lock();
        i.phase = UpdatePhase::Failed;
        i.ready = Some(ready);
    }
    changed(app);
    let status = updates.status("", lang);
    Err(AppError { kind: "internal", retryable: true, ..AppError::internal(status.message.unwrap_or_default()) })
}

fn wrong_state(lang: Lang, tr: &str, en: &str) -> AppError {
    AppError { kind: "wrong_state", retryable: true, ..AppError::internal(pick(lang, tr, en)) }
}
