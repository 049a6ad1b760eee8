//! The answers' JSON shapes, as Paynet documents them (providers.md §3.2, §3.3, §3.7). Amounts
//! are written as exact JSON numbers, dates as Turkish local time.

use super::wire::{paynet_date, Amount};
use super::{Link, Txn};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A link as `detail` (and, with `id`/`url`, a `list` row) shows it.
#[derive(Serialize)]
pub(super) struct LinkOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    company_code: &'static str,
    agent_id: &'static str,
    xact_id: &'a str,
    reference_no: &'a str,
    email: &'a str,
    user_name: &'a str,
    name_surname: &'a str,
    amount: Amount,
    currency: &'static str,
    installment: u8,
    phone: &'a str,
    bank_id: &'static str,
    expire_date: String,
    create_date: String,
    note: &'a str,
    agent_note: &'a str,
    succeed_url: &'a str,
    error_url: &'a str,
    confirmation_url: &'a str,
    bank_name: &'static str,
    status: i64,
    send_confirmation_mail: bool,
    send_sms: bool,
    send_mail: bool,
    multi_payment: bool,
    payments: Vec<PaymentOut<'a>>,
    /// Envelope, only on `detail`; `Some(None)` is written as `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    object_name: Option<Option<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Option<&'static str>>,
}

#[derive(Serialize)]
struct PaymentOut<'a> {
    xact_id: &'a str,
    id: i64,
}

impl<'a> LinkOut<'a> {
    pub(super) fn of(l: &'a Link, now: DateTime<Utc>, base_url: &str, as_row: bool) -> Self {
        let s = |o: &'a Option<String>| o.as_deref().unwrap_or("");
        LinkOut {
            id: as_row.then_some(l.id.as_str()),
            url: as_row.then(|| format!("{base_url}/S/M?id={}", l.page_id)),
            company_code: "1001",
            agent_id: "",
            xact_id: s(&l.xact_id),
            reference_no: match (&l.list_reference, as_row) {
                (Some(bank), true) => bank,
                _ => s(&l.reference_no),
            },
            email: s(&l.email),
            user_name: s(&l.user_name),
            name_surname: &l.name_surname,
            amount: Amount(l.amount_minor),
            currency: "TL",
            installment: 0,
            phone: s(&l.phone),
            bank_id: "",
            expire_date: paynet_date(l.expires),
            create_date: paynet_date(l.created),
            note: s(&l.note),
            agent_note: s(&l.agent_note),
            succeed_url: s(&l.succeed_url),
            error_url: s(&l.error_url),
            confirmation_url: s(&l.confirmation_url),
            bank_name: "",
            status: l.status(now),
            send_confirmation_mail: l.send_confirmation_mail,
            send_sms: l.send_sms,
            send_mail: l.send_mail,
            multi_payment: l.multi_payment,
            payments: l.payments.iter().map(|(id, x)| PaymentOut { xact_id: x, id: *id }).collect(),
            // The documented detail example has `object_name: null, message: null`: kept as is.
            object_name: (!as_row).then_some(None),
            code: (!as_row).then_some(0),
            message: (!as_row).then_some(None),
        }
    }
}

#[derive(Serialize)]
pub(super) struct ListOut<'a> {
    pub(super) total_count: usize,
    pub(super) limit: i64,
    pub(super) has_more: bool,
    pub(super) starting_after: Option<i64>,
    pub(super) ending_before: Option<i64>,
    #[serde(rename = "Data")]
    pub(super) data: Vec<LinkOut<'a>>,
    pub(super) object_name: &'static str,
    pub(super) code: i64,
    pub(super) message: &'static str,
}

#[derive(Serialize)]
pub(super) struct CheckOut<'a> {
    pub(super) object_name: &'static str,
    pub(super) code: i64,
    pub(super) message: &'static str,
    #[serde(rename = "Data")]
    pub(super) data: Vec<TxnOut<'a>>,
}

/// A `transaction/check` row (providers.md §3.7).
#[derive(Serialize)]
pub(super) struct TxnOut<'a> {
    xact_id: &'a str,
    id: i64,
    xact_date: String,
    transaction_type: u8,
    pos_type: u8,
    is_tds: bool,
    agent_id: &'static str,
    note: &'a str,
    ratio: u8,
    agent_reference: &'a str,
    bank_id: &'static str,
    instalment: u8,
    card_type: &'static str,
    card_no: &'a str,
    card_holder: &'a str,
    amount: Amount,
    #[serde(rename = "netAmount")]
    net_amount: Amount,
    comission: Amount,
    comission_tax: Amount,
    currency: &'static str,
    authorization_code: &'a str,
    reference_code: &'a str,
    order_id: &'a str,
    is_succeed: bool,
    xact_transaction_id: &'a str,
    email: &'a str,
    phone: &'a str,
    mailorder_id: &'a str,
}

impl<'a> TxnOut<'a> {
    pub(super) fn of(t: &'a Txn) -> Self {
        TxnOut {
            xact_id: &t.xact_id,
            id: t.number,
            xact_date: paynet_date(t.at),
            transaction_type: 1,
            pos_type: 5,
            is_tds: false,
            agent_id: "",
            note: t.note.as_deref().unwrap_or(""),
            ratio: 0,
            agent_reference: t.reference_no.as_deref().unwrap_or(""),
            bank_id: "0062",
            instalment: t.instalment,
            card_type: "cc",
            card_no: &t.card_no,
            card_holder: &t.card_holder,
            amount: Amount(t.amount_minor),
            // The sandbox charges no service fee.
            net_amount: Amount(t.amount_minor),
            comission: Amount(0),
            comission_tax: Amount(0),
            currency: "TL",
            authorization_code: &t.authorization_code,
            reference_code: &t.order_id,
            order_id: &t.order_id,
            is_succeed: t.is_succeed,
            xact_transaction_id: &t.xact_transaction_id,
            email: t.email.as_deref().unwrap_or(""),
            phone: t.phone.as_deref().unwrap_or(""),
            mailorder_id: &t.link_id,
        }
    }
}
