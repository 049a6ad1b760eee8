//! From an HTTP answer to a typed result or a `ProviderError` that keeps Paynet's own words.

use super::types::{CreatedLink, LinkDetail, ListPage, ListRow, PaymentRef, PaynetLinkId, PaynetStatus, Transaction};
use super::wire::Obj;
use crate::providers::{ErrorKind, Provider, ProviderError};

fn protocol(http_status: u16, what: impl std::fmt::Display) -> ProviderError {
    ProviderError {
        http_status: Some(http_status),
        ..ProviderError::new(
            Provider::Paynet,
            ErrorKind::Protocol,
            format!("Paynet sent an answer that could not be read: {what}"),
        )
    }
}

/// The kind of a refusal given as a Paynet result code (table 2.3).
pub(crate) fn kind_of_result(code: i64) -> ErrorKind {
    match code {
        7 => ErrorKind::Auth,
        11 => ErrorKind::Validation,
        12 => ErrorKind::NotFound,
        8 | 10 => ErrorKind::Server,
        _ => ErrorKind::Rejected,
    }
}

/// Checks the status and envelope of an answer and returns its body. Non-2xx answers carry an
/// error object (`type`, `message`, `code` = HTTP status, `result_code`); HTTP 200 answers carry
/// `code` (0 = success) and `message`.
pub(crate) fn envelope(http_status: u16, body: &[u8]) -> Result<Obj, ProviderError> {
    let parsed = Obj::parse(body);
    if !(200..300).contains(&http_status) {
        return Err(http_error(http_status, parsed.ok()));
    }
    let obj = parsed.map_err(|e| {
        crate::diagnostics::keep(Provider::Paynet, "answer", body);
        protocol(http_status, e)
    })?;
    let result = obj.int("code").or_else(|_| obj.int("result_code")).map_err(|e| protocol(http_status, e))?;
    match result {
        // A success answer without a code: the endpoint's required fields decide.
        None | Some(0) => Ok(obj),
        Some(code) => Err(refusal(http_status, &obj, kind_of_result(code), code)),
    }
}

fn http_error(http_status: u16, obj: Option<Obj>) -> ProviderError {
    let error_type = obj.as_ref().and_then(|o| o.text("type"));
    let by_type = match error_type.as_deref() {
        Some("authorization_error") => Some(ErrorKind::Auth),
        Some("invalid_request_error") => Some(ErrorKind::Validation),
        Some("no_data_error") => Some(ErrorKind::NotFound),
        Some("api_error") => Some(ErrorKind::Server),
        _ => None,
    };
    let result_code = obj.as_ref().and_then(|o| o.int("result_code").ok().flatten());
    // Without a known `type`: a server failure, an unambiguous auth refusal, or the result code.
    let kind = by_type
        .or_else(|| matches!(http_status, 500..=599 | 429).then_some(ErrorKind::Server))
        .or_else(|| matches!(http_status, 401 | 403).then_some(ErrorKind::Auth))
        .or_else(|| obj.as_ref().and(result_code).map(kind_of_result));
    match (kind, obj) {
        (Some(kind), Some(o)) => {
            let code = result_code.or_else(|| o.int("code").ok().flatten()).unwrap_or(i64::from(http_status));
            refusal(http_status, &o, kind, code)
        }
        (Some(kind), None) => ProviderError {
            http_status: Some(http_status),
            ..ProviderError::new(Provider::Paynet, kind, format!("Paynet answered HTTP {http_status}"))
        },
        // A 4xx with no Paynet error object (a proxy, a wrong base URL): not Paynet speaking.
        (None, _) => protocol(http_status, format_args!("HTTP {http_status} without a Paynet error")),
    }
}

fn refusal(http_status: u16, obj: &Obj, kind: ErrorKind, code: i64) -> ProviderError {
    let message = obj.text("message").unwrap_or_else(|| format!("Paynet refused the request (result code {code})"));
    ProviderError {
        provider: Provider::Paynet,
        kind,
        http_status: Some(http_status),
        error_type: obj.text("type"),
        code: Some(code.to_string()),
        message,
    }
}

pub(crate) fn created(http_status: u16, obj: &Obj) -> Result<CreatedLink, ProviderError> {
    match (obj.text("id"), obj.text("url")) {
        (Some(id), Some(url)) => Ok(CreatedLink { id: PaynetLinkId(id), url }),
        _ => Err(protocol(http_status, "the new link's `id` or `url` is missing")),
    }
}

fn status_of(obj: &Obj) -> Result<Option<PaynetStatus>, String> {
    Ok(obj.int("status")?.map(PaynetStatus::from_code))
}

pub(crate) fn detail(http_status: u16, obj: &Obj) -> Result<LinkDetail, ProviderError> {
    let p = |e: String| protocol(http_status, e);
    let status = status_of(obj).map_err(p)?.ok_or_else(|| protocol(http_status, "`status` is missing"))?;
    let amount_minor = obj.amount("amount").map_err(p)?.ok_or_else(|| protocol(http_status, "`amount` is missing"))?;
    let mut payments = Vec::new();
    for row in obj.objects("payments").map_err(p)? {
        payments.push(PaymentRef { id: row.int("id").map_err(p)?, xact_id: row.text("xact_id") });
    }
    Ok(LinkDetail {
        id: obj.text("id").map(PaynetLinkId),
        url: obj.text("url"),
        reference_no: reference(obj),
        name_surname: obj.text("name_surname").unwrap_or_default(),
        amount_minor,
        currency: obj.text("currency").unwrap_or_else(|| "TL".into()),
        status,
        xact_id: obj.text("xact_id"),
        // Dates only inform; one we cannot read never hides the status.
        expire_date: obj.date("expire_date").ok().flatten(),
        create_date: obj.date("create_date").ok().flatten(),
        note: obj.text("note"),
        email: obj.text("email"),
        phone: obj.text("phone"),
        payments,
    })
}

/// `reference_no`, or the documented misspelling `referance_no`.
fn reference(obj: &Obj) -> Option<String> {
    obj.text("reference_no").or_else(|| obj.text("referance_no"))
}

pub(crate) fn list(http_status: u16, obj: &Obj, starting_after: u64) -> Result<ListPage, ProviderError> {
    let p = |e: String| protocol(http_status, e);
    let mut rows = Vec::new();
    let mut row_total = None;
    let mut skipped = false;
    for row in obj.objects("Data").map_err(p)? {
        row_total = row_total.or(row.int("total").ok().flatten());
        // A row without what we hoped for does not break the sweep: it is skipped (and logged,
        // field names only), and its link is looked up with `detail` instead.
        match list_row(&row) {
            Ok(r) => rows.push(r),
            Err(e) => {
                skipped = true;
                log::warn!("Paynet mailorder/list: skipped a row that could not be read: {e}");
            }
        }
    }
    if skipped {
        crate::diagnostics::keep(Provider::Paynet, "mailorder/list", obj.raw_json().as_bytes());
    }
    let total = obj.int("total_count").map_err(p)?.or(row_total).and_then(|t| u64::try_from(t).ok());
    let has_more = match obj.flag("has_more").map_err(p)? {
        Some(more) => more,
        None => total.is_some_and(|t| starting_after + (rows.len() as u64) < t),
    };
    Ok(ListPage { rows, total, has_more })
}

fn list_row(row: &Obj) -> Result<ListRow, String> {
    let amount_minor = row.amount("amount")?.ok_or("a row has no `amount`")?;
    Ok(ListRow {
        id: row.text("id").map(PaynetLinkId),
        reference_no: reference(row),
        // An unreadable status or date is not known, not fatal: `detail` settles the link.
        status: status_of(row).ok().flatten(),
        amount_minor,
        name_surname: row.text("name_surname"),
        url: row.text("url"),
        create_date: row.date("create_date").ok().flatten(),
        expire_date: row.date("expire_date").ok().flatten(),
        xact_id: row.text("xact_id"),
    })
}

pub(crate) fn transactions(http_status: u16, obj: &Obj) -> Result<Vec<Transaction>, ProviderError> {
    let p = |e: String| protocol(http_status, e);
    let mut out = Vec::new();
    for row in obj.objects("Data").map_err(p)? {
        let xact_id = row.text("xact_id").ok_or_else(|| protocol(http_status, "a transaction has no `xact_id`"))?;
        out.push(Transaction {
            xact_id,
            amount_minor: row
                .amount("amount")
                .map_err(p)?
                .ok_or_else(|| protocol(http_status, "a transaction has no `amount`"))?,
            currency: row.text("currency").unwrap_or_else(|| "TL".into()),
            is_succeed: row.flag("is_succeed").map_err(p)?.unwrap_or(false),
            reference_no: row.text("agent_reference").or_else(|| reference(&row)),
            xact_date: row.date("xact_date").map_err(p)?,
            // Only for the day report: an odd net leaves it unsaid, the payment still counts.
            net_minor: row.amount("netAmount").ok().flatten(),
            // Likewise: an odd count leaves it unsaid.
            installments: row.int("instalment").ok().flatten().and_then(|n| u32::try_from(n).ok()),
        });
    }
    Ok(out)
}
