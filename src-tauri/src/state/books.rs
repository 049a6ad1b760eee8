//! A mode's "books": its own link store, link service and payment tracker. Demo links live in
//! `tahsildar-demo.sqlite3`, live links in `tahsildar.sqlite3`, so a practice link can never be
//! cancelled, counted or exported as a real one. The owner's settings stay in the live file (one
//! set for both modes); the demo file keeps a copy because the link service reads its language
//! there.

use super::{read, write, AppState};
use crate::error::AppError;
use crate::tracking::pump::Pump;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tahsildar_core::links::LinkService;
use tahsildar_core::store::recover::{self, Opened};
use tahsildar_core::store::{Settings, Store, StoreError, FILE_NAME};
use tahsildar_core::tracker::{Clients, SqliteTrackerStore, Tracker, TrackerHandle};
use tahsildar_core::Lang;

/// How often the app looks at its book for links it did not make itself (the CLI's).
const LOOK_AGAIN: std::time::Duration = std::time::Duration::from_secs(30);
use tokio::sync::broadcast;

pub use tahsildar_core::store::DEMO_FILE_NAME;

pub struct Books {
    pub demo: bool,
    pub store: Arc<Mutex<Store>>,
    /// The tracker's view of the same file (PayTR sales waiting for the owner's pick).
    pub sales: Arc<SqliteTrackerStore>,
    pub links: Arc<LinkService>,
    pub tracker: TrackerHandle,
}

impl std::fmt::Debug for Books {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Books").field("demo", &self.demo).finish_non_exhaustive()
    }
}

/// Opens (migrating) a link file and marks creates cut off by a crash as unknown, for the
/// tracker or "Kontrol et" to reconcile. A damaged file is moved aside and a fresh one started
/// (see [`recover`]); a newer or locked one is an error.
pub fn open_store(path: &Path) -> Result<Opened, StoreError> {
    recover::open_or_set_aside(path, chrono::Utc::now(), |p| {
        let store = Store::open(p)?;
        let recovered = store.recover_interrupted()?;
        if recovered > 0 {
            log::warn!("{recovered} link(s) were being created when the app stopped; marked unknown");
        }
        Ok(store)
    })
}

/// Runs `f` with `store` on the blocking pool; the lock is never held across an `.await`.
pub async fn blocking<T, F>(store: Arc<Mutex<Store>>, f: F) -> Result<T, StoreError>
where
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(move || f(&store.lock().unwrap_or_else(|p| p.into_inner())))
        .await
        .unwrap_or_else(|e| Err(StoreError::Corrupt(format!("database task failed: {e}"))))
}

/// The owner's settings into the demo file, keeping the provider last used in demo.
pub fn copy_settings(demo: &Store, mut settings: Settings) -> Result<(), StoreError> {
    settings.last_provider = demo.settings()?.last_provider;
    demo.save_settings(&settings)
}

impl AppState {
    /// Puts `clients` in force for the mode `demo`, in the link service and the tracker alike:
    /// the same books get the new clients; a change of mode opens the other file and starts its
    /// tracker, then stops the old one.
    pub(crate) async fn apply_clients(&self, demo: bool, clients: Clients) -> Result<(), AppError> {
        let old = read(&self.books);
        if let Some(books) = old.as_ref().filter(|b| b.demo == demo) {
            books.links.set_clients(clients.clone());
            if books.tracker.set_clients(clients).await.is_err() {
                log::warn!("the payment tracker has stopped; new keys not passed on");
            }
            return Ok(());
        }
        let fresh = self.open_books(demo, clients).await?;
        write(&self.books, Some(fresh));
        if let Some(old) = old {
            old.tracker.shutdown().await;
        }
        log::info!("{} links in use", if demo { "demo" } else { "live" });
        Ok(())
    }

    /// `settings` just saved, into the demo book's copy when demo links are open (their link
    /// service reads the language, the templates and the hours there). The live links share the
    /// settings file itself: nothing to copy.
    pub(crate) async fn copy_settings_to_demo(&self, settings: &Settings, lang: Lang) -> Result<(), AppError> {
        let Some(books) = read(&self.books).filter(|b| b.demo) else { return Ok(()) };
        let copy = settings.clone();
        blocking(books.store.clone(), move |s| copy_settings(s, copy)).await.map_err(|e| AppError::store(&e, lang))
    }

    async fn open_books(&self, demo: bool, clients: Clients) -> Result<Arc<Books>, AppError> {
        let open_error = |e: StoreError| AppError::internal(format!("could not open the link records: {e}"));
        let path = self.data_dir.join(if demo { DEMO_FILE_NAME } else { FILE_NAME });
        let settings_store = self.settings_store.clone();
        let set_aside = self.set_aside.clone();
        let path2 = path.clone();
        let (store, sales) = tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
            let store = if demo {
                let opened = open_store(&path2)?;
                if let Some(aside) = opened.set_aside {
                    set_aside.lock().unwrap_or_else(|p| p.into_inner()).push(aside);
                }
                let store = opened.store;
                let settings = settings_store.lock().unwrap_or_else(|p| p.into_inner()).settings()?;
                copy_settings(&store, settings)?;
                Arc::new(Mutex::new(store))
            } else {
                // The live links share the settings file: one connection, one lock.
                settings_store
            };
            let sales = SqliteTrackerStore::new(store.clone(), &path2)?;
            Ok((store, Arc::new(sales)))
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
        .map_err(open_error)?;
        let links = Arc::new(LinkService::new(store.clone(), clients.clone()));
        let (tx, rx) = broadcast::channel(256);
        let pump = Pump {
            demo,
            store: store.clone(),
            sales: sales.clone(),
            settings: self.settings_store.clone(),
            prefs: self.prefs.clone(),
            ui: self.ui.clone(),
        };
        tokio::spawn(pump.run(rx));
        let tracker = Tracker::spawn(sales.clone(), clients, tx, self.tracker_config.clone());
        // `tahsildar link create` may write this book while the app runs: look for its links.
        tracker.look_again_every(LOOK_AGAIN);
        Ok(Arc::new(Books { demo, store, sales, links, tracker }))
    }
}
