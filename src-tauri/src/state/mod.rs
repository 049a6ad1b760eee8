//! What the app holds for its whole life: the settings store, the keychain, the mode it runs in
//! (demo with the in-process sandbox, or live with the owner's keys) and that mode's "books": its
//! own link store, link service and payment tracker (see [`books`]).
//!
//! Locks: `current`, `books` and `prefs` are std locks, only ever held for a copy in or out,
//! never across an `.await`; `rebuild_lock` (tokio) serialises the rebuilds that follow a
//! credentials or settings change. Store and keychain calls block, so they run on the blocking
//! pool.

pub mod books;
mod clients;
mod credentials;
pub mod folder;
pub mod hooks;
pub mod notify;
mod payments;
pub mod prefs;
pub mod startup;

use crate::dto::UiLang;
use crate::error::AppError;
use crate::tracking::UiEvent;
use books::Books;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tahsildar_core::links::LinkService;
use tahsildar_core::providers::iyzico::IyzicoClient;
use tahsildar_core::providers::paynet::PaynetClient;
use tahsildar_core::providers::paytr::PaytrClient;
use tahsildar_core::providers::Provider;
use tahsildar_core::sandbox::Sandbox;
use tahsildar_core::secrets::{CredentialStatus, Field, Keychain, KeyringBackend, SecretBackend, SecretsError};
use tahsildar_core::store::{Store, StoreError};
use tahsildar_core::tracker::{Clients, TrackerConfig};
use tahsildar_core::Lang;
use tokio::sync::broadcast;

#[cfg(debug_assertions)]
pub use hooks::{DEMO_SANDBOX_LISTEN_ENV, IYZICO_URL_ENV, PAYNET_URL_ENV, PAYTR_URL_ENV};
/// Another keychain service name, so tests and E2E never touch the owner's real entries.
pub const KEYCHAIN_SERVICE_ENV: &str = "TAHSILDAR_KEYCHAIN_SERVICE";
/// Another data folder (tests, E2E).
pub const DATA_DIR_ENV: &str = "TAHSILDAR_DATA_DIR";

/// Any [`SecretBackend`] behind an `Arc`: the OS keychain in the app, a test double in tests.
#[derive(Clone)]
pub struct SharedBackend(pub Arc<dyn SecretBackend>);

impl SecretBackend for SharedBackend {
    fn get(&self, field: Field) -> Result<Option<secrecy::SecretString>, SecretsError> {
        self.0.get(field)
    }
    fn set(&self, field: Field, value: &secrecy::SecretString) -> Result<(), SecretsError> {
        self.0.set(field, value)
    }
    fn delete(&self, field: Field) -> Result<(), SecretsError> {
        self.0.delete(field)
    }
    // Forwarded, or the keychain's one-connection read would be lost behind the `Arc`.
    fn get_many(&self, fields: &[Field]) -> Result<Vec<Option<secrecy::SecretString>>, SecretsError> {
        self.0.get_many(fields)
    }
}

impl std::fmt::Debug for SharedBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedBackend")
    }
}

/// Everything [`AppState::open`] needs, read from the environment in the app.
pub struct StateConfig {
    pub data_dir: PathBuf,
    pub secrets: Arc<dyn SecretBackend>,
    pub demo_listen: Option<SocketAddr>,
    /// Overrides of the providers' hosts (E2E points saved keys at a sandbox).
    pub paynet_url: Option<String>,
    pub paytr_url: Option<String>,
    pub iyzico_url: Option<String>,
    /// How often the payment tracker looks (tests make it fast).
    pub tracker: TrackerConfig,
}

fn env_text(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

impl StateConfig {
    /// The app's configuration: the OS keychain (service [`tahsildar_core::secrets::SERVICE`] or
    /// `TAHSILDAR_KEYCHAIN_SERVICE`), the data folder (see [`custom_data_dir`]), and in debug builds the
    /// test hooks ([`hooks`]).
    pub fn from_env(data_dir: PathBuf) -> Result<StateConfig, String> {
        let service = env_text(KEYCHAIN_SERVICE_ENV).unwrap_or_else(|| tahsildar_core::secrets::SERVICE.to_string());
        let hooks = hooks::from_env()?;
        Ok(StateConfig {
            data_dir,
            secrets: Arc::new(KeyringBackend::new(service)),
            demo_listen: hooks.demo_listen,
            paynet_url: hooks.paynet_url,
            paytr_url: hooks.paytr_url,
            iyzico_url: hooks.iyzico_url,
            tracker: TrackerConfig::default(),
        })
    }
}

/// `TAHSILDAR_DATA_DIR`: another data folder (tests, E2E, a second book).
pub fn custom_data_dir() -> Option<PathBuf> {
    env_text(DATA_DIR_ENV).map(PathBuf::from)
}

/// The mode and clients in force; swapped whole by a rebuild.
#[derive(Clone, Default)]
struct Current {
    /// Set in demo mode only.
    sandbox: Option<Arc<Sandbox>>,
    paynet: Option<PaynetClient>,
    paytr: Option<PaytrClient>,
    iyzico: Option<IyzicoClient>,
    credentials: CredentialStatus,
    /// Why the keychain could not be read at the last rebuild.
    keychain_error: Option<SecretsError>,
}

pub struct AppState {
    /// The live file: the owner's settings (both modes) and the live links.
    settings_store: Arc<Mutex<Store>>,
    /// The current mode's links; `None` only while [`AppState::open`] runs.
    books: RwLock<Option<Arc<Books>>>,
    keychain: Arc<Keychain<SharedBackend>>,
    current: RwLock<Current>,
    rebuild_lock: tokio::sync::Mutex<()>,
    data_dir: PathBuf,
    demo_listen: Option<SocketAddr>,
    paynet_url: Option<String>,
    paytr_url: Option<String>,
    iyzico_url: Option<String>,
    prefs: Arc<RwLock<prefs::Prefs>>,
    /// `settings.closeToTray`, cached: the window's close handler cannot wait for the store.
    close_to_tray: AtomicBool,
    tracker_config: TrackerConfig,
    /// What the UI should hear (tracker events made ready for it); see [`crate::tracking`].
    ui: broadcast::Sender<UiEvent>,
    /// Damaged books moved aside since the last look (for a message box at start).
    set_aside: Arc<Mutex<Vec<PathBuf>>>,
    /// Whether the OS shows our notifications (checked at start).
    notifications: RwLock<notify::Notifications>,
    /// The one HTTPS client every provider client shares: one read of the root certificates and
    /// one connection pool, instead of one per client and per rebuild.
    http: reqwest::Client,
}

impl Current {
    fn clients(&self) -> Clients {
        Clients::default().with(self.paynet.clone()).with(self.paytr.clone()).with(self.iyzico.clone())
    }

    fn set_clients(&mut self, c: Clients) {
        (self.paynet, self.paytr, self.iyzico) = (c.get().cloned(), c.get().cloned(), c.get().cloned());
    }

    fn has_clients(&self) -> bool {
        self.paynet.is_some() || self.paytr.is_some() || self.iyzico.is_some()
    }
}

/// Whether `p`'s keys were saved, as of the last keychain read.
pub(crate) fn has_keys(c: CredentialStatus, p: Provider) -> bool {
    match p {
        Provider::Paynet => c.paynet,
        Provider::Paytr => c.paytr,
        Provider::Iyzico => c.iyzico,
    }
}

fn read<T: Clone>(l: &RwLock<T>) -> T {
    l.read().unwrap_or_else(|p| p.into_inner()).clone()
}

fn write<T>(l: &RwLock<T>, value: T) {
    *l.write().unwrap_or_else(|p| p.into_inner()) = value;
}

impl AppState {
    /// Opens the settings store (migrating it, and marking creates cut off by a crash as
    /// unknown), reads which keys are saved and starts in demo or live mode accordingly, with
    /// that mode's links and payment tracker.
    pub async fn open(config: StateConfig) -> Result<AppState, startup::StartError> {
        let t0 = std::time::Instant::now();
        let path = config.data_dir.join(tahsildar_core::store::FILE_NAME);
        // Unreadable provider answers are kept (redacted) here for the support package.
        tahsildar_core::diagnostics::set_dir(Some(config.data_dir.join(tahsildar_core::diagnostics::DIR_NAME)));
        let prefs = prefs::load(&config.data_dir);
        let os_lang: Lang = prefs::os_lang().into();
        let path2 = path.clone();
        let store = tokio::task::spawn_blocking(move || -> Result<(Store, bool, Option<PathBuf>), StoreError> {
            let opened = books::open_store(&path2)?;
            let store = opened.store;
            let mut s = store.settings()?;
            if prefs.lang_follows_os && s.lang != os_lang {
                s.lang = os_lang;
                store.save_settings(&s)?;
            }
            Ok((store, s.close_to_tray, opened.set_aside))
        })
        .await
        .map_err(|e| format!("the database task failed: {e}"))?
        .map_err(|e| startup::StartError::store(e, path))?;
        let (store, close_to_tray, set_aside) = store;
        let t_store = t0.elapsed();
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| format!("could not set up HTTPS (the certificate store): {e}"))?;
        let t_http = t0.elapsed();
        let (ui, _) = broadcast::channel(256);
        let state = AppState {
            settings_store: Arc::new(Mutex::new(store)),
            books: RwLock::new(None),
            keychain: Arc::new(Keychain::with_backend(SharedBackend(config.secrets))),
            current: RwLock::new(Current::default()),
            rebuild_lock: tokio::sync::Mutex::new(()),
            data_dir: config.data_dir,
            demo_listen: config.demo_listen,
            paynet_url: config.paynet_url,
            paytr_url: config.paytr_url,
            iyzico_url: config.iyzico_url,
            prefs: Arc::new(RwLock::new(prefs)),
            close_to_tray: AtomicBool::new(close_to_tray),
            tracker_config: config.tracker,
            ui,
            set_aside: Arc::new(Mutex::new(set_aside.into_iter().collect())),
            notifications: RwLock::new(notify::Notifications::default()),
            http,
        };
        state.rebuild().await.map_err(|e| e.message)?;
        log::info!(
            "start-up: book {} ms, HTTPS client {} ms, keychain + mode {} ms",
            t_store.as_millis(),
            (t_http - t_store).as_millis(),
            (t0.elapsed() - t_http).as_millis()
        );
        Ok(state)
    }

    /// The current mode's links, store and tracker.
    pub fn books(&self) -> Result<Arc<Books>, AppError> {
        read(&self.books).ok_or_else(|| AppError::internal("the link records are not open yet"))
    }

    /// The current mode's link service.
    pub fn links(&self) -> Result<Arc<LinkService>, AppError> {
        self.books().map(|b| b.links.clone())
    }

    /// Receives what the UI should hear, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<UiEvent> {
        self.ui.subscribe()
    }

    pub(crate) fn publish(&self, event: UiEvent) {
        // Nobody listening (no window yet, tests) is fine.
        let _ = self.ui.send(event);
    }

    /// Whether closing the window hides it (tracking goes on) instead of quitting.
    pub fn close_to_tray(&self) -> bool {
        self.close_to_tray.load(Ordering::Relaxed)
    }

    /// Stops the payment tracker after the sweep in progress, if any. For a clean exit.
    pub async fn shutdown(&self) {
        if let Some(books) = read(&self.books) {
            books.tracker.shutdown().await;
        }
    }

    /// The damaged books moved aside (and fresh ones started) since the last call.
    pub fn take_set_aside(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.set_aside.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn notifications(&self) -> notify::Notifications {
        read(&self.notifications)
    }

    pub fn set_notifications(&self, n: notify::Notifications) {
        write(&self.notifications, n);
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub fn is_demo(&self) -> bool {
        read(&self.current).sandbox.is_some()
    }

    /// The demo sandbox, in demo mode.
    pub fn sandbox(&self) -> Option<Arc<Sandbox>> {
        read(&self.current).sandbox
    }

    pub fn sandbox_url(&self) -> Option<String> {
        self.sandbox().map(|s| s.base_url().to_string())
    }

    /// The clients in force (for the payment tracker, which must follow credential changes).
    pub fn clients(&self) -> Clients {
        read(&self.current).clients()
    }

    /// Which providers have keys saved, as of the last keychain read.
    pub fn credentials(&self) -> CredentialStatus {
        read(&self.current).credentials
    }

    pub fn keychain_error(&self) -> Option<SecretsError> {
        read(&self.current).keychain_error
    }

    pub fn lang_follows_os(&self) -> bool {
        read(&self.prefs).lang_follows_os
    }

    /// The language to answer in: the command's own, else the saved one.
    pub async fn lang(&self, asked: Option<Lang>) -> Lang {
        match asked {
            Some(l) => l,
            None => self.db(|s| s.settings().map(|st| st.lang)).await.unwrap_or_default(),
        }
    }

    /// Runs `f` with the settings store on the blocking pool; the lock is never held across an
    /// `.await`. Links are read with [`AppState::links_db`].
    pub async fn db<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        books::blocking(self.settings_store.clone(), f).await
    }

    /// Runs `f` with the current mode's link store on the blocking pool.
    pub async fn links_db<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = read(&self.books)
            .map(|b| b.store.clone())
            .ok_or_else(|| StoreError::Corrupt("the link records are not open yet".into()))?;
        books::blocking(store, f).await
    }

    /// Saves the settings; a `null` language follows the OS from now on.
    pub async fn save_settings(&self, dto: &crate::dto::settings::SettingsDto, lang: Lang) -> Result<(), AppError> {
        let follow = dto.lang.is_none();
        let os: UiLang = prefs::os_lang();
        let dto2 = dto.clone();
        let (before, after) = self
            .db(move |s| {
                let before = s.settings()?;
                let after = dto2.apply(before.clone(), os);
                s.save_settings(&after)?;
                Ok((before, after))
            })
            .await
            .map_err(|e| AppError::store(&e, lang))?;
        if follow != self.lang_follows_os() {
            let mut p = read(&self.prefs);
            p.lang_follows_os = follow;
            self.save_prefs(p)?;
        }
        self.close_to_tray.store(after.close_to_tray, Ordering::Relaxed);
        self.copy_settings_to_demo(&after, lang).await?;
        // The hosts are part of the clients; which providers are in use is read per call.
        let hosts_changed = before.paynet_host != after.paynet_host || before.iyzico_host != after.iyzico_host;
        if hosts_changed && !self.is_demo() {
            self.rebuild().await?;
        }
        Ok(())
    }

    pub(crate) fn prefs(&self) -> prefs::Prefs {
        read(&self.prefs)
    }

    pub(crate) fn save_prefs(&self, p: prefs::Prefs) -> Result<(), AppError> {
        prefs::save(&self.data_dir, p).map_err(|e| AppError::internal(format!("{}: {e}", prefs::FILE_NAME)))?;
        write(&self.prefs, p);
        Ok(())
    }
}
