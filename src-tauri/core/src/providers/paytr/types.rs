//! The PayTR Link API's request and response types, and the checks PayTR would make on them.

use crate::money::Money;
use crate::providers::{ErrorKind, Provider, ProviderError};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A link id as PayTR returns it (`NB2Zlz3`): alphanumeric, case-sensitive.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaytrLinkId(pub String);

impl fmt::Display for PaytrLinkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The store's three values from the PayTR panel. Key and salt never print.
#[derive(Clone)]
pub struct PaytrCredentials {
    pub merchant_id: String,
    pub merchant_key: SecretString,
    pub merchant_salt: SecretString,
}

impl fmt::Debug for PaytrCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaytrCredentials").field("merchant_id", &self.merchant_id).finish_non_exhaustive()
    }
}

/// What kind of link, with the fields each kind needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkType {
    /// A product or service sale; `max_count` is the stock (link turns passive after that many).
    Product { min_count: u32, max_count: Option<u32> },
    /// Collecting an invoice from one payer, identified by e-mail.
    Collection { email: String },
    /// The payer chooses the amount: `price` is the minimum, `max_price` the maximum.
    Flex { max_price: Option<Money>, user_name: Option<String> },
}

impl LinkType {
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkType::Product { .. } => "product",
            LinkType::Collection { .. } => "collection",
            LinkType::Flex { .. } => "flex",
        }
    }
}

/// The success notification target: `callback_link` and `callback_id` always go together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub link: String,
    pub id: String,
}

/// A `link/create` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateLink {
    pub name: String,
    pub price: Money,
    pub max_installment: u8,
    pub link_type: LinkType,
    pub lang: crate::Lang,
    /// Turkey local time (PayTR states no zone).
    pub expiry: Option<NaiveDateTime>,
    pub get_qr: bool,
    pub callback: Option<Callback>,
}

impl CreateLink {
    /// A single-use, single-item product link (`max_count=1`: a paid link closes at PayTR, so a
    /// second payment cannot arrive on it), no installments, Turkish page, no expiry, QR or
    /// callback.
    pub fn product(name: impl Into<String>, price: Money) -> Self {
        CreateLink {
            name: name.into(),
            price,
            max_installment: 1,
            link_type: LinkType::Product { min_count: 1, max_count: Some(1) },
            lang: crate::Lang::Tr,
            expiry: None,
            get_qr: false,
            callback: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedLink {
    pub id: PaytrLinkId,
    pub link: String,
    pub qr_png_base64: Option<String>,
}

/// The result of deleting several links: PayTR answers per id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteOutcome {
    pub deleted: Vec<PaytrLinkId>,
    /// Each id that was not deleted, with PayTR's (or our) reason.
    pub failed: Vec<(PaytrLinkId, String)>,
}

/// A `durum-sorgu` answer for one successful payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentStatus {
    /// The order amount (`payment_amount`).
    pub payment_amount_minor: i64,
    /// What was charged, installment surcharge included (`payment_total`).
    pub payment_total_minor: i64,
    pub currency: String,
    pub payment_date: Option<String>,
    pub installments: Option<u32>,
    pub test_mode: bool,
}

/// One `islem-dokumu` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    /// `S` sale, `I` refund (`islem_tipi`).
    pub kind: String,
    /// `siparis_no`: the payment's merchant_oid.
    pub merchant_oid: String,
    /// `islem_tutari`.
    pub amount_minor: i64,
    /// `odeme_tutari`.
    pub paid_minor: i64,
    pub currency: String,
    pub installments: Option<u32>,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// `net_tutar`: what PayTR pays out after its fees; `None` when absent or unreadable.
    pub net_minor: Option<i64>,
}

/// The form PayTR POSTs to `callback_link` (§5.5). Missing fields read as empty text, so a
/// partial form simply fails verification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct CallbackFields {
    pub hash: String,
    pub merchant_oid: String,
    pub status: String,
    pub total_amount: String,
    pub payment_amount: String,
    pub currency: String,
    pub callback_id: String,
    pub merchant_id: String,
    pub test_mode: String,
    pub payment_type: String,
}

pub(crate) fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::new(Provider::Paytr, ErrorKind::Validation, message)
}

pub(crate) fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A link id must be alphanumeric (it is joined with commas for bulk deletes).
pub(crate) fn check_link_id(id: &PaytrLinkId) -> Result<(), ProviderError> {
    if is_alnum(&id.0) && id.0.len() <= 64 {
        Ok(())
    } else {
        Err(invalid(format!("'{}' is not a PayTR link id (letters and digits only)", id.0)))
    }
}

/// PayTR's e-mail rule: at most 100 characters; a plausible address.
pub(crate) fn check_email(email: &str) -> Result<(), ProviderError> {
    let ok = email.chars().count() <= 100
        && !email.chars().any(char::is_whitespace)
        && matches!(email.split_once('@'), Some((user, domain)) if !user.is_empty() && domain.contains('.') && !domain.contains('@') && !domain.starts_with('.') && !domain.ends_with('.'));
    if ok {
        Ok(())
    } else {
        Err(invalid(format!("'{email}' is not a valid e-mail address (at most 100 characters)")))
    }
}

/// PayTR refuses callback URLs on localhost or with a port; `http(s)://` and ≤400 characters.
pub fn check_callback_link(link: &str) -> Result<(), String> {
    if link.chars().count() > 400 {
        return Err("callback_link is longer than 400 characters".into());
    }
    let url = url::Url::parse(link).map_err(|_| format!("callback_link '{link}' is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || !link.contains("://") {
        return Err("callback_link must start with http:// or https://".into());
    }
    let host = url.host_str().unwrap_or("").trim_matches(['[', ']']).to_ascii_lowercase();
    let local = host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified());
    if local {
        return Err("callback_link must not point at localhost".into());
    }
    // `Url::port` hides a scheme's default port, so look at the authority text itself.
    let authority = link.split("://").nth(1).unwrap_or("").split(['/', '?', '#']).next().unwrap_or("");
    let host_part = authority.rsplit('@').next().unwrap_or("");
    let after_host = host_part.rsplit(']').next().unwrap_or(host_part);
    if after_host.contains(':') {
        return Err("callback_link must not contain a port".into());
    }
    Ok(())
}

/// Everything PayTR checks on `link/create` that we can check before sending.
pub(crate) fn validate_create(req: &CreateLink) -> Result<(), ProviderError> {
    let name_len = req.name.trim().chars().count();
    if !(4..=200).contains(&name_len) {
        return Err(invalid(format!("the link name must be 4 to 200 characters (it has {name_len})")));
    }
    if !(1..=12).contains(&req.max_installment) {
        return Err(invalid(format!("max_installment must be 1 to 12 (got {})", req.max_installment)));
    }
    match &req.link_type {
        LinkType::Product { min_count, max_count } => {
            if *min_count < 1 {
                return Err(invalid("min_count must be at least 1"));
            }
            if let Some(max) = max_count {
                if *max < 1 || max < min_count {
                    return Err(invalid(format!(
                        "max_count ({max}) must be at least 1 and at least min_count ({min_count})"
                    )));
                }
            }
        }
        LinkType::Collection { email } => check_email(email)?,
        LinkType::Flex { max_price, user_name } => {
            // PayTR requires `flex_max_price` for flex links (providers.md §5.1, §9.11).
            let Some(max) = max_price else {
                return Err(invalid("a flexible link needs its maximum amount (flex_max_price)"));
            };
            if max.currency() != req.price.currency() || max.minor() < req.price.minor() {
                return Err(invalid(
                    "the flexible link's maximum must be in the same currency and not below the minimum",
                ));
            }
            if user_name.as_deref().is_some_and(|u| u.trim().is_empty()) {
                return Err(invalid("user_name, when given, must not be empty"));
            }
        }
    }
    if let Some(cb) = &req.callback {
        check_callback_link(&cb.link).map_err(invalid)?;
        if !is_alnum(&cb.id) || cb.id.len() > 64 {
            return Err(invalid(format!("callback_id '{}' must be 1 to 64 letters or digits", cb.id)));
        }
    }
    Ok(())
}
