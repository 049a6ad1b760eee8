//! `tahsildar link … --provider paynet`.

use super::output::{LinkOut, Status};
use super::{
    env_credential, finish, keychain, keychain_note, print_json, CliError, Common, CreateArgs, LinkCommand, ListArgs,
    Out,
};
use crate::money::{Currency, Money};
use crate::phone::TrMobile;
use crate::providers::paynet::{self, LinkDetail, LinkRef, ListRow, PaynetClient, PaynetLinkId, PaynetStatus};
use crate::providers::Provider;
use chrono::NaiveDateTime;

pub(super) async fn run(cmd: LinkCommand, out: Out<'_>) -> Result<(), CliError> {
    match cmd {
        LinkCommand::Create(a) => super::create::run(a, out).await,
        LinkCommand::List(a) => list(a, out).await,
        LinkCommand::Show(a) => {
            let c = client(&a.common)?;
            let mut results = Vec::new();
            for id in &a.ids {
                results.push(show_one(&c, id).await);
            }
            finish(out, a.common.json, results)
        }
        LinkCommand::Cancel(a) => set_status(a, PaynetStatus::Passive, out).await,
        LinkCommand::Reopen(a) => set_status(a, PaynetStatus::Waiting, out).await,
        LinkCommand::Delete(_) => {
            Err(CliError::Usage("Paynet has no delete; use cancel (it makes the link passive)".into()))
        }
        LinkCommand::Send(_) => {
            Err(CliError::Usage("Paynet sends SMS/e-mail only at creation: use --phone/--email with create".into()))
        }
    }
}

/// A client for `common`'s host, or `default_base` (the live host, or the book's choice).
pub(super) fn client_at(common: &Common, default_base: &str) -> Result<PaynetClient, CliError> {
    // The environment wins (scripts, the sandbox); else what the app saved in the OS keychain.
    let key = match env_credential("TAHSILDAR_PAYNET_SECRET_KEY") {
        Some(key) => key,
        None => keychain_note(keychain().paynet_key()).map_err(|why| {
            CliError::Usage(format!(
                "missing credentials: set TAHSILDAR_PAYNET_SECRET_KEY to your Paynet secret key; {why}"
            ))
        })?,
    };
    let base = common.base_url.as_deref().unwrap_or(default_base);
    PaynetClient::new(base, key).map_err(|e| CliError::Usage(e.message))
}

fn client(common: &Common) -> Result<PaynetClient, CliError> {
    client_at(common, paynet::LIVE_BASE_URL)
}

fn status_of(s: PaynetStatus) -> Status {
    match s {
        PaynetStatus::Waiting => Status::Waiting,
        PaynetStatus::Paid => Status::Paid,
        PaynetStatus::Expired => Status::Expired,
        PaynetStatus::Passive => Status::Cancelled,
        PaynetStatus::Unknown(_) => Status::Unknown,
    }
}

fn time(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// The CLI's own checks of `link create --provider paynet`, each naming the option to fix.
pub(super) fn check_create(a: &CreateArgs) -> Result<(), CliError> {
    Money::parse(&a.amount, a.currency).map_err(|e| CliError::Usage(format!("--amount: {e}")))?;
    if a.currency != Currency::Tl {
        return Err(CliError::Usage(format!("Paynet PayLink takes TL only, not {}: drop --currency", a.currency)));
    }
    if a.name.as_deref().map(str::trim).is_none_or(str::is_empty) {
        return Err(CliError::Usage("Paynet needs the customer's name: add --name \"Ad Soyad\"".into()));
    }
    a.phone.as_deref().map(TrMobile::parse).transpose().map_err(|e| CliError::Usage(format!("--phone: {e}")))?;
    a.email.as_deref().map(str::trim).map(check_email).transpose()?;
    Ok(())
}

fn check_email(e: &str) -> Result<String, CliError> {
    let ok = matches!(e.split_once('@'), Some((u, d)) if !u.is_empty() && d.contains('.') && !e.contains(char::is_whitespace));
    if ok {
        Ok(e.to_string())
    } else {
        Err(CliError::Usage(format!("--email: '{e}' is not an e-mail address")))
    }
}

fn from_detail(id: &str, d: LinkDetail) -> LinkOut {
    let mut o = LinkOut::new(Provider::Paynet, id, status_of(d.status)).with_amount(d.amount_minor, &d.currency);
    o.name = Some(d.name_surname);
    o.description = d.note;
    o.reference_no = d.reference_no;
    o.xact_id = d.xact_id.or_else(|| d.payments.iter().find_map(|p| p.xact_id.clone()));
    o.created_at = time(d.create_date);
    o.expires_at = time(d.expire_date);
    o
}

async fn show_one(c: &PaynetClient, id: &str) -> LinkOut {
    match c.detail(&LinkRef::Id(PaynetLinkId(id.to_string()))).await {
        Ok(d) => from_detail(id, d),
        Err(e) => failed(id, e.to_string()),
    }
}

fn failed(id: &str, error: String) -> LinkOut {
    let mut o = LinkOut::new(Provider::Paynet, id, Status::Unknown);
    o.error = Some(error);
    o
}

async fn set_status(a: super::IdsArgs, to: PaynetStatus, out: Out<'_>) -> Result<(), CliError> {
    let c = client(&a.common)?;
    let mut results = Vec::new();
    for id in &a.ids {
        let r = LinkRef::Id(PaynetLinkId(id.clone()));
        let o = match c.set_status(&r, to).await {
            // Read the link back so the output shows its real state.
            Ok(()) => match c.detail(&r).await {
                Ok(d) => from_detail(id, d),
                Err(_) => LinkOut::new(Provider::Paynet, id.as_str(), status_of(to)),
            },
            Err(e) => failed(id, e.to_string()),
        };
        results.push(o);
    }
    finish(out, a.common.json, results)
}

fn from_row(r: ListRow) -> LinkOut {
    let id = r.id.map(|i| i.0).or_else(|| r.reference_no.clone()).unwrap_or_default();
    let mut o = LinkOut::new(Provider::Paynet, id, r.status.map(status_of).unwrap_or(Status::Unknown))
        .with_amount(r.amount_minor, "TL");
    o.url = r.url;
    o.name = r.name_surname;
    o.reference_no = r.reference_no;
    o.xact_id = r.xact_id;
    o.created_at = time(r.create_date);
    o.expires_at = time(r.expire_date);
    o
}

async fn list(a: ListArgs, out: Out<'_>) -> Result<(), CliError> {
    let today = crate::time::to_istanbul(chrono::Utc::now()).date();
    let to = a.to.unwrap_or(today);
    let from = a.from.or_else(|| to.checked_sub_signed(chrono::Duration::days(30))).unwrap_or(to);
    for (flag, day) in [("--from", from), ("--to", to)] {
        if !crate::time::in_range(day) {
            return Err(CliError::Usage(format!("{flag} {day}: use a date between years 1 and 9999")));
        }
    }
    if from > to {
        return Err(CliError::Usage(format!("--from {from} is after --to {to}")));
    }
    let c = client(&a.common)?;
    let rows: Vec<LinkOut> = c.list_all(from, to).await?.into_iter().map(from_row).collect();
    if a.common.json {
        return print_json(out, &rows);
    }
    if rows.is_empty() {
        writeln!(out, "no Paynet links from {from} to {to}")?;
    }
    for r in &rows {
        let amount = r.amount_minor.map(super::output::turkish).unwrap_or_default();
        writeln!(out, "{:<38} {:<10} {:>14} TL  {}", r.id, r.status.as_str(), amount, r.name.as_deref().unwrap_or(""))?;
    }
    Ok(())
}
