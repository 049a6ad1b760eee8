//! The link service: what the desktop app's commands call. It validates the "new link" form,
//! records every create in the local store before calling the provider, completes or reconciles
//! it after, and carries out the row actions (refresh, cancel, reopen, delete, resend, share).
//!
//! Store access: [`Store`] is a blocking rusqlite connection shared (with the tracker) behind a
//! `std::sync::Mutex`. Every store call here runs on tokio's blocking pool ([`LinkService::db`]),
//! so a slow disk or a tracker transaction holding the lock never stalls the async executor, and
//! the lock is never held across an `.await`.

mod actions;
mod bulk;
mod create;
mod error;
mod form;
mod iyzico;
mod iyzico_lookup;
mod iyzico_text;
mod ops;
mod paynet;
mod paytr;
mod remind;
mod rules;
mod share;
pub mod template;
#[cfg(test)]
mod tests;
pub mod text;
mod validate;
mod when;

pub use actions::{CheckOutcome, RefreshOutcome};
pub use bulk::DeleteResult;
pub use create::{Channel, CreateOutcome, Delivery};
pub use error::{Action, ErrorView, LinkError};
pub use form::{CreateForm, ExpiryChoice, FieldError, PaytrKind, PaytrOptions, ValidExpiry, ValidForm};
pub use iyzico_lookup::LOOKUP_PAGES as IYZICO_LOOKUP_PAGES;
pub use remind::{RemindOutcome, WhatsappReminder};
pub use rules::IYZICO_NAME_MAX;
pub use share::{whatsapp_message, whatsapp_url, whatsapp_url_at, whatsapp_url_with};
pub use template::{check_template, default_template, TemplateCheck, TemplateKind};
pub use validate::{validate, validate_at, MAX_DAYS, PAYNET_MAX_HOURS};

use crate::money::Money;
use crate::providers::{Clients, Provider, ProviderClient};
use crate::store::{LinkRecord, LinkStatus, Store, StoreError};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

/// How many 0,01 steps [`LinkService::suggest_distinct_amount`] tries before giving up.
const DISTINCT_STEPS: i64 = 1000;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Creates in flight: by form fingerprint (double-click guard) and by link id (so "Kontrol et"
/// does not race a create that is still waiting for its answer).
#[derive(Default)]
struct InFlight {
    forms: HashSet<String>,
    links: HashSet<i64>,
}

/// Releases its in-flight entries when dropped, even if the create future is cancelled.
struct FlightGuard<'a> {
    set: &'a Mutex<InFlight>,
    form: String,
    link: Option<i64>,
}

impl FlightGuard<'_> {
    fn hold_link(&mut self, id: i64) {
        lock(self.set).links.insert(id);
        self.link = Some(id);
    }
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        let mut g = lock(self.set);
        g.forms.remove(&self.form);
        if let Some(id) = self.link {
            g.links.remove(&id);
        }
    }
}

/// The link service. One per app; share it behind an `Arc`.
pub struct LinkService {
    store: Arc<Mutex<Store>>,
    clients: RwLock<Clients>,
    in_flight: Mutex<InFlight>,
}

impl std::fmt::Debug for LinkService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Whether each provider is set up (`paynet: true, …`), never the clients themselves.
        let configured = self.configured();
        let mut d = f.debug_struct("LinkService");
        for p in Provider::ALL {
            d.field(p.as_str(), &configured.contains(&p));
        }
        d.finish_non_exhaustive()
    }
}

impl LinkService {
    /// A provider without a client in `clients` answers [`LinkError::NotConfigured`].
    pub fn new(store: Arc<Mutex<Store>>, clients: Clients) -> Self {
        LinkService { store, clients: RwLock::new(clients), in_flight: Mutex::default() }
    }

    /// Replaces every client (credentials changed in Settings, or the mode).
    pub fn set_clients(&self, clients: Clients) {
        *self.clients.write().unwrap_or_else(|p| p.into_inner()) = clients;
    }

    /// Replaces one provider's client (`None`: that provider is no longer set up).
    pub fn set_client<C: ProviderClient>(&self, client: Option<C>) {
        self.clients.write().unwrap_or_else(|p| p.into_inner()).set(client);
    }

    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    /// The client of `C`'s provider, or why there is none.
    fn client<C: ProviderClient>(&self) -> Result<C, LinkError> {
        let c = self.clients.read().unwrap_or_else(|p| p.into_inner());
        c.get::<C>().cloned().ok_or(LinkError::NotConfigured(C::PROVIDER))
    }

    /// The providers set up, in [`Provider::ALL`]'s order.
    fn configured(&self) -> Vec<Provider> {
        self.clients.read().unwrap_or_else(|p| p.into_inner()).configured()
    }

    /// Runs `f` with the store on the blocking pool (see the module docs).
    async fn db<T, F>(&self, f: F) -> Result<T, LinkError>
    where
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&lock(&store)))
            .await
            .map_err(|e| LinkError::Internal(format!("database task failed: {e}")))?
            .map_err(LinkError::Store)
    }

    /// Marks a form as being created; `None` when an identical one already is.
    fn start_flight(&self, form: &CreateForm) -> Option<FlightGuard<'_>> {
        // The serialized form is the fingerprint: identical forms, identical text.
        let key = serde_json::to_string(form).unwrap_or_else(|_| format!("{form:?}"));
        // The lock is released before a guard exists: a guard's drop takes it again.
        let fresh = lock(&self.in_flight).forms.insert(key.clone());
        fresh.then(|| FlightGuard { set: &self.in_flight, form: key, link: None })
    }

    fn link_in_flight(&self, id: i64) -> bool {
        lock(&self.in_flight).links.contains(&id)
    }

    pub async fn get(&self, id: i64) -> Result<LinkRecord, LinkError> {
        self.db(move |s| s.get(id)).await
    }

    /// The provider the form starts with: the last one used if it is still set up, else the
    /// first one set up.
    pub async fn default_provider(&self) -> Result<Option<Provider>, LinkError> {
        let configured = self.configured();
        let last = self.db(|s| s.settings().map(|st| st.last_provider)).await?;
        Ok(last.filter(|p| configured.contains(p)).or_else(|| configured.first().copied()))
    }

    /// Other PayTR links that may still be paid with exactly this amount: waiting, or not yet
    /// resolved. PayTR reports a sale by amount and time only, so equal amounts are ambiguous.
    pub async fn same_amount_warning(&self, amount: Money) -> Result<Vec<LinkRecord>, LinkError> {
        let live = self.live_paytr().await?;
        Ok(live.into_iter().filter(|l| l.amount_minor == amount.minor() && l.currency == amount.currency()).collect())
    }

    /// The nearest amount at or above `amount`, in 0,01 steps, that no live PayTR link has.
    pub async fn suggest_distinct_amount(&self, amount: Money) -> Result<Money, LinkError> {
        let taken: HashSet<i64> = self
            .live_paytr()
            .await?
            .into_iter()
            .filter(|l| l.currency == amount.currency())
            .map(|l| l.amount_minor)
            .collect();
        (0..DISTINCT_STEPS)
            .filter_map(|step| Money::new(amount.minor() + step, amount.currency()).ok())
            .find(|m| !taken.contains(&m.minor()))
            .ok_or_else(|| LinkError::Internal("no distinct amount found near this one".into()))
    }

    async fn live_paytr(&self) -> Result<Vec<LinkRecord>, LinkError> {
        self.db(|s| {
            let mut live = s.waiting(Provider::Paytr)?;
            live.extend(s.unresolved()?.into_iter().filter(|l| l.provider == Provider::Paytr));
            Ok(live)
        })
        .await
    }
}

/// `tr` or `en`, as an owned message.
fn pick(lang: crate::Lang, tr: &str, en: &str) -> String {
    if lang == crate::Lang::Tr { tr } else { en }.to_string()
}

/// Whether the stored status may move to `to` (the provider is the truth, but the store's
/// rules keep a paid or deleted link from going back).
fn may_become(link: &LinkRecord, to: LinkStatus) -> bool {
    link.status.can_become(to)
}
