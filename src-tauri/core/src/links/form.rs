//! What the "new link" form sends (camelCase JSON from the UI), and what it becomes once valid.

use crate::money::{Currency, Money};
use crate::phone::TrMobile;
use crate::providers::paytr::LinkType;
use crate::providers::Provider;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The form as typed. Text stays text until [`super::validate`] reads it, so every mistake can be
/// reported on its own field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateForm {
    /// `None`: the last provider used (or the only one set up).
    pub provider: Option<Provider>,
    /// Any Turkish form: `120`, `1.234,56`, `₺1234.56`.
    pub amount_text: String,
    pub currency: Currency,
    /// What is paid for. PayTR: the link's name (4–200 characters). Paynet: the payer's note.
    pub description: String,
    /// The payer's name. Paynet requires it (`name_surname`); PayTR keeps it only here.
    pub customer: String,
    /// Optional mobile number in any Turkish form.
    pub phone_text: String,
    pub email: String,
    /// "SMS ile gönder".
    pub send_sms: bool,
    /// "e-posta ile gönder".
    pub send_email: bool,
    pub expiry: ExpiryChoice,
    /// PayTR only: 1 (single payment) to 12.
    pub max_installment: u32,
    /// PayTR's "advanced" part.
    pub paytr: PaytrOptions,
    /// The owner's own note or reference (Paynet `agent_note`, seen in Paynet's reports).
    pub reference: String,
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            provider: None,
            amount_text: String::new(),
            currency: Currency::Tl,
            description: String::new(),
            customer: String::new(),
            phone_text: String::new(),
            email: String::new(),
            send_sms: false,
            send_email: false,
            expiry: ExpiryChoice::default(),
            max_installment: 1,
            paytr: PaytrOptions::default(),
            reference: String::new(),
        }
    }
}

/// How long the link stays payable. JSON: `{"kind":"days","value":3}`, `{"kind":"hours","value":5}`,
/// `{"kind":"at","value":"2026-05-01T18:00:00"}` (Turkey time), `{"kind":"none"}` (PayTR only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum ExpiryChoice {
    /// The presets 1, 3 and 7, or any 1–365.
    Days(u32),
    /// Paynet's own unit: 1–8760.
    Hours(u32),
    /// A Turkish wall-clock time (PayTR's unit; rounded up to whole hours for Paynet).
    At(NaiveDateTime),
    /// Never expires (PayTR only; Paynet always needs a validity).
    None,
}

impl Default for ExpiryChoice {
    fn default() -> Self {
        ExpiryChoice::Days(3)
    }
}

/// PayTR's link types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaytrKind {
    /// A sale; may have a stock.
    #[default]
    Product,
    /// Collecting one invoice from one payer, identified by e-mail.
    Collection,
    /// The payer chooses the amount, from the link's amount up to `flex_max_text`.
    Flex,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PaytrOptions {
    pub link_type: PaytrKind,
    /// Stock: the link turns passive after this many sales. `None`: unlimited.
    pub max_count: Option<u32>,
    /// How many items one payment buys (product links).
    pub min_count: u32,
    /// Flex links: the highest amount the payer may choose (empty: no limit).
    pub flex_max_text: String,
}

impl Default for PaytrOptions {
    fn default() -> Self {
        PaytrOptions { link_type: PaytrKind::Product, max_count: None, min_count: 1, flex_max_text: String::new() }
    }
}

/// One field's problem: `field` is the form's JSON key (`amountText`, `paytr.maxCount`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    /// Stable, for tests and the UI (`amount_empty`, `customer_required`, …).
    pub code: &'static str,
    /// Says how to fix it, in the requested language.
    pub message: String,
}

/// When a valid link stops being payable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidExpiry {
    /// Paynet's `expire_date` (hours).
    pub hours: Option<u32>,
    /// PayTR's `expiry_date` (Turkey local time).
    pub at: Option<NaiveDateTime>,
    /// The same moment in Unix milliseconds, for the store.
    pub at_ms: Option<i64>,
}

/// A form that passed every check: ready to be sent to its provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidForm {
    pub provider: Provider,
    pub amount: Money,
    pub description: String,
    pub customer: String,
    pub phone: Option<TrMobile>,
    pub email: Option<String>,
    pub send_sms: bool,
    pub send_email: bool,
    pub expiry: ValidExpiry,
    /// PayTR only (Paynet's PayLink has no installment limit).
    pub max_installment: u8,
    /// PayTR only.
    pub link_type: LinkType,
    /// Paynet `agent_note`.
    pub reference: Option<String>,
}
