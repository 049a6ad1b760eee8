//! Reading iyzico's answers (`shared/iyzico.md` §3, §4, §5): the JSON body decides, whatever the
//! HTTP status (§3.2). Codes, times and prices may be strings or numbers; every field is optional;
//! unknown fields are ignored; numbers are read from their text, never through `f64`.

use super::error::{failure_kind, protocol, IyzicoError};
use super::price::parse_price;
use super::types::{CreatedLink, IyzicoLink, IyzicoToken, LinkStatus, ListPage};
use crate::providers::ErrorKind;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

pub(crate) type Obj = BTreeMap<String, Box<RawValue>>;

/// Keeps a redacted copy of an answer we could not read (diagnostics, bounded).
pub(crate) fn keep(what: &str, body: &[u8]) {
    crate::diagnostics::keep_as("iyzico", "iyzico", what, body);
}

/// A JSON string's text or a number's literal text; `None` for null, objects, arrays, booleans.
pub(crate) fn text(raw: Option<&RawValue>) -> Option<String> {
    let s = raw?.get().trim();
    if s.starts_with('"') {
        serde_json::from_str::<String>(s).ok()
    } else if s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        Some(s.to_string())
    } else {
        None
    }
}

fn opt_text(o: &Obj, key: &str) -> Option<String> {
    text(o.get(key).map(|b| &**b)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn opt_bool(o: &Obj, key: &str) -> Option<bool> {
    match o.get(key)?.get().trim() {
        "true" | "\"true\"" => Some(true),
        "false" | "\"false\"" => Some(false),
        _ => None,
    }
}

fn opt_int(o: &Obj, key: &str) -> Option<i64> {
    opt_text(o, key)?.parse().ok()
}

/// Checks the envelope of an answer with HTTP `status`; on `success` returns the object.
pub(crate) fn envelope(status: u16, body: &[u8], what: &str) -> Result<Obj, IyzicoError> {
    let with_status = |e: IyzicoError| IyzicoError { http_status: Some(status), ..e };
    let obj: Obj = match serde_json::from_slice(body) {
        Ok(o) => o,
        Err(_) => {
            keep(what, body);
            // Not JSON: a proxy's or server's error page. Only its HTTP status says anything.
            let (kind, message) = match status {
                429 => (ErrorKind::RateLimited, "iyzico is limiting our requests (HTTP 429)".to_string()),
                500..=599 => (ErrorKind::Server, format!("iyzico could not answer (HTTP {status})")),
                _ => (ErrorKind::Protocol, format!("iyzico's {what} answer is not the expected JSON (HTTP {status})")),
            };
            return Err(with_status(IyzicoError::new(kind, message)));
        }
    };
    match opt_text(&obj, "status").map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("success") if (200..300).contains(&status) => Ok(obj),
        Some("failure") => {
            let code = opt_text(&obj, "errorCode").unwrap_or_default();
            let message = opt_text(&obj, "errorMessage")
                .unwrap_or_else(|| "iyzico refused the request without a message".to_string());
            let kind = failure_kind(status, &code, &message);
            Err(with_status(IyzicoError {
                code: (!code.is_empty()).then_some(code),
                group: opt_text(&obj, "errorGroup"),
                ..IyzicoError::new(kind, message)
            }))
        }
        Some("success") => {
            keep(what, body);
            Err(with_status(protocol(format!("iyzico answered HTTP {status} with status success"))))
        }
        Some(other) => {
            keep(what, body);
            Err(with_status(protocol(format!("iyzico answered with an unknown status '{other}'"))))
        }
        None => {
            keep(what, body);
            let kind = if status >= 500 { ErrorKind::Server } else { ErrorKind::Protocol };
            Err(with_status(IyzicoError::new(kind, format!("iyzico's {what} answer has no status (HTTP {status})"))))
        }
    }
}

fn data(obj: &Obj, body: &[u8], what: &str) -> Result<Obj, IyzicoError> {
    obj.get("data").and_then(|d| serde_json::from_str::<Obj>(d.get()).ok()).ok_or_else(|| {
        keep(what, body);
        protocol(format!("iyzico's {what} answer has no data"))
    })
}

/// `data.token/url/imageUrl` of create and update.
pub(crate) fn created(obj: &Obj, body: &[u8], what: &str) -> Result<CreatedLink, IyzicoError> {
    let d = data(obj, body, what)?;
    let token = opt_text(&d, "token").and_then(|t| IyzicoToken::parse(&t).ok());
    let url = opt_text(&d, "url");
    match (token, url) {
        (Some(token), Some(url)) => Ok(CreatedLink { token, url, image_url: opt_text(&d, "imageUrl") }),
        _ => {
            keep(what, body);
            Err(protocol(format!("iyzico's {what} answer has no usable token or url")))
        }
    }
}

/// One link object; `Err` only when it has no usable token (then it cannot be tracked at all).
pub(crate) fn link(raw: &RawValue) -> Result<IyzicoLink, String> {
    let o: Obj = serde_json::from_str(raw.get()).map_err(|_| "an item is not an object".to_string())?;
    let token = opt_text(&o, "token").ok_or("an item has no token")?;
    let token = IyzicoToken::parse(&token).map_err(|_| "an item's token has unexpected characters".to_string())?;
    let price_text = opt_text(&o, "price");
    let price_minor = price_text.as_deref().and_then(parse_price);
    if price_text.is_some() && price_minor.is_none() {
        log::warn!("iyzico link {token}: its price is not a plain amount; kept without a price");
    }
    Ok(IyzicoLink {
        name: opt_text(&o, "name"),
        description: opt_text(&o, "description"),
        price_minor,
        currency_code: opt_text(&o, "currencyCode"),
        conversation_id: opt_text(&o, "conversationId"),
        product_type: opt_text(&o, "productType"),
        status: opt_text(&o, "productStatus").map(|s| LinkStatus::from_text(&s)),
        url: opt_text(&o, "url"),
        image_url: opt_text(&o, "imageUrl"),
        sold_count: opt_int(&o, "soldCount").and_then(|n| u32::try_from(n).ok()),
        sold_limit: opt_int(&o, "soldLimit"),
        remaining_sold_limit: opt_int(&o, "remainingSoldLimit"),
        stock_enabled: opt_bool(&o, "stockEnabled"),
        stock_count: opt_int(&o, "stockCount"),
        address_ignorable: opt_bool(&o, "addressIgnorable"),
        installment_requested: opt_bool(&o, "installmentRequested"),
        raw: raw.get().to_string(),
        token,
    })
}

/// `data` of get: one link object.
pub(crate) fn one(obj: &Obj, body: &[u8]) -> Result<IyzicoLink, IyzicoError> {
    let raw = obj.get("data").ok_or_else(|| {
        keep("get", body);
        protocol("iyzico's get answer has no data")
    })?;
    link(raw).map_err(|why| {
        keep("get", body);
        protocol(format!("iyzico's get answer could not be read: {why}"))
    })
}

/// `data` of list. An item that cannot be read is skipped and logged (never its values), and the
/// answer kept redacted: one odd link never stops tracking the others.
pub(crate) fn list(obj: &Obj, body: &[u8]) -> Result<ListPage, IyzicoError> {
    let d = data(obj, body, "list")?;
    let items: Vec<Box<RawValue>> = match d.get("items") {
        None => Vec::new(),
        Some(raw) if raw.get().trim() == "null" => Vec::new(),
        Some(raw) => serde_json::from_str(raw.get()).map_err(|_| {
            keep("list", body);
            protocol("iyzico's list answer has items that are not a list")
        })?,
    };
    let mut page = ListPage {
        items: Vec::with_capacity(items.len()),
        total_count: opt_text(&d, "totalCount").and_then(|t| t.parse().ok()),
        current_page: opt_text(&d, "currentPage").and_then(|t| t.parse().ok()),
        page_count: opt_text(&d, "pageCount").and_then(|t| t.parse().ok()),
        skipped: 0,
    };
    for item in &items {
        match link(item) {
            Ok(l) => page.items.push(l),
            Err(why) => {
                page.skipped += 1;
                log::warn!("iyzico list: skipped an item that could not be read: {why}");
            }
        }
    }
    if page.skipped > 0 {
        keep("list", body);
    }
    Ok(page)
}
