//! `paytr_token` and the exact form each endpoint is sent (§4.3). Every builder hashes the very
//! strings it posts, so the token and the form can never disagree.

use super::types::{CallbackFields, CreateLink, LinkType, PaytrCredentials, PaytrLinkId};
use base64::Engine;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The date format PayTR uses in requests (`expiry_date`, `start_date`, `end_date`).
pub(crate) const DATE_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// `base64(HMAC-SHA256(key = utf8(merchant_key), message = utf8(message)))`, standard alphabet
/// with padding.
pub fn paytr_token(message: &str, merchant_key: &str) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(merchant_key.as_bytes()).expect("HMAC accepts any key length");
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks a Link API callback's `hash` (§5.5: `callback_id + merchant_oid + salt + status +
/// total_amount`) in constant time.
pub fn verify_callback(fields: &CallbackFields, merchant_key: &str, merchant_salt: &str) -> bool {
    let message = format!(
        "{}{}{}{}{}",
        fields.callback_id, fields.merchant_oid, merchant_salt, fields.status, fields.total_amount
    );
    let expected = paytr_token(&message, merchant_key);
    expected.as_bytes().ct_eq(fields.hash.trim().as_bytes()).into()
}

/// An ordered list of form fields, encoded as `application/x-www-form-urlencoded`.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Form {
    fields: Vec<(&'static str, String)>,
}

impl Form {
    fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.fields.push((name, value.into()));
    }

    #[cfg(test)]
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub(crate) fn encode(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (n, v) in &self.fields {
            s.append_pair(n, v);
        }
        s.finish()
    }

    fn sign(&mut self, creds: &PaytrCredentials, message_without_salt: &str) {
        let message = format!("{message_without_salt}{}", creds.merchant_salt.expose_secret());
        self.push("paytr_token", paytr_token(&message, creds.merchant_key.expose_secret()));
    }
}

// The token is a secret-derived value: never print a form.
impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.fields.iter().map(|(n, _)| n)).finish()
    }
}

/// `link/create`. Call [`super::types::validate_create`] first.
pub(crate) fn create_form(creds: &PaytrCredentials, req: &CreateLink) -> Form {
    let name = req.name.trim();
    let price = req.price.minor().to_string();
    let currency = req.price.currency().code();
    let max_installment = req.max_installment.to_string();
    let link_type = req.link_type.as_str();
    let lang = match req.lang {
        crate::Lang::Tr => "tr",
        crate::Lang::En => "en",
    };
    let mut f = Form::default();
    f.push("merchant_id", creds.merchant_id.as_str());
    f.push("name", name);
    f.push("price", price.as_str());
    f.push("currency", currency);
    f.push("max_installment", max_installment.as_str());
    f.push("link_type", link_type);
    f.push("lang", lang);
    // The 7th token element depends on the link type (none for flex).
    let seventh = match &req.link_type {
        LinkType::Product { min_count, max_count } => {
            f.push("min_count", min_count.to_string());
            if let Some(max) = max_count {
                f.push("max_count", max.to_string());
            }
            min_count.to_string()
        }
        LinkType::Collection { email } => {
            f.push("email", email.as_str());
            email.clone()
        }
        LinkType::Flex { max_price, user_name } => {
            if let Some(max) = max_price {
                f.push("flex_max_price", max.minor().to_string());
            }
            if let Some(user) = user_name {
                f.push("user_name", user.trim());
            }
            String::new()
        }
    };
    if let Some(expiry) = req.expiry {
        f.push("expiry_date", expiry.format(DATE_TIME).to_string());
    }
    if let Some(cb) = &req.callback {
        f.push("callback_link", cb.link.as_str());
        f.push("callback_id", cb.id.as_str());
    }
    f.push("get_qr", if req.get_qr { "1" } else { "0" });
    f.push("debug_on", "1");
    f.sign(creds, &format!("{name}{price}{currency}{max_installment}{link_type}{lang}{seventh}"));
    f
}

/// `link/delete` for one id or up to ten joined by commas; the joined text is hashed as sent.
pub(crate) fn delete_form(creds: &PaytrCredentials, ids: &[PaytrLinkId]) -> Form {
    let joined = ids.iter().map(|i| i.0.as_str()).collect::<Vec<_>>().join(",");
    let mut f = Form::default();
    f.push("merchant_id", creds.merchant_id.as_str());
    f.push("id", joined.as_str());
    f.push("debug_on", "1");
    f.sign(creds, &format!("{joined}{}", creds.merchant_id));
    f
}

/// `link/send-sms`; `cell_phone` is `05xxxxxxxxx`.
pub(crate) fn sms_form(creds: &PaytrCredentials, id: &PaytrLinkId, cell_phone: &str) -> Form {
    let mut f = Form::default();
    f.push("merchant_id", creds.merchant_id.as_str());
    f.push("id", id.0.as_str());
    f.push("cell_phone", cell_phone);
    f.push("debug_on", "1");
    f.sign(creds, &format!("{}{}{cell_phone}", id.0, creds.merchant_id));
    f
}

/// `link/send-email`.
pub(crate) fn email_form(creds: &PaytrCredentials, id: &PaytrLinkId, email: &str) -> Form {
    let mut f = Form::default();
    f.push("merchant_id", creds.merchant_id.as_str());
    f.push("id", id.0.as_str());
    f.push("email", email);
    f.push("debug_on", "1");
    f.sign(creds, &format!("{}{}{email}", id.0, creds.merchant_id));
    f
}

/// `durum-sorgu`.
pub(crate) fn status_form(creds: &PaytrCredentials, merchant_oid: &str) -> Form {
    let mut f = Form::default();
    f.push("merchant_id", creds.merchant_id.as_str());
    f.push("merchant_oid", merchant_oid);
    f.sign(creds, &format!("{}{merchant_oid}", creds.merchant_id));
    f
}

/// `rapor/islem-dokumu` for one window (at most three days; see `report_windows`).
pub(crate) fn report_form(creds: &PaytrCredentials, start: NaiveDateTime, end: NaiveDateTime) -> Form {
    let start = start.format(DATE_TIME).to_string();
    let end = end.format(DATE_TIME).to_string();
    let mut f = Form::default();
    f.push("merchant_id", creds.merchant_id.as_str());
    f.push("start_date", start.as_str());
    f.push("end_date", end.as_str());
    f.sign(creds, &format!("{}{start}{end}", creds.merchant_id));
    f
}

/// Splits `[from, to]` into consecutive windows that PayTR accepts (end − start < 3 days), each
/// starting one second after the previous one ends (PayTR's dates have whole seconds).
pub(crate) fn report_windows(from: NaiveDateTime, to: NaiveDateTime) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let span = chrono::Duration::days(3) - chrono::Duration::seconds(1);
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        // Checked: near chrono's last date there is no next window (never a panic).
        let end = start.checked_add_signed(span).map_or(to, |e| e.min(to));
        out.push((start, end));
        match end.checked_add_signed(chrono::Duration::seconds(1)) {
            Some(next) => start = next,
            None => break,
        }
    }
    out
}
