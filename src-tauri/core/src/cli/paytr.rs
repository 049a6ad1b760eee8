//! `tahsildar link … --provider paytr`. PayTR's Link API can only create, delete and send links:
//! there is no call that shows, lists or re-opens one.

use super::output::{LinkOut, Status};
use super::{
    credential, env_credential, finish, keychain, keychain_note, CliError, Common, CreateArgs, IdsArgs, LinkCommand,
    Out, SendArgs,
};
use crate::money::Money;
use crate::phone::TrMobile;
use crate::providers::paytr::{self, PaytrClient, PaytrCredentials, PaytrLinkId};
use crate::providers::Provider;

pub(super) async fn run(cmd: LinkCommand, out: Out<'_>) -> Result<(), CliError> {
    match cmd {
        LinkCommand::Create(a) => super::create::run(a, out).await,
        LinkCommand::Delete(a) | LinkCommand::Cancel(a) => delete(a, out).await,
        LinkCommand::Send(a) => send(a, out).await,
        LinkCommand::Show(_) => Err(no_such_call("show a link's state")),
        LinkCommand::List(_) => Err(no_such_call("list links")),
        LinkCommand::Reopen(_) => Err(no_such_call("re-open a link (create a new one instead)")),
    }
}

fn no_such_call(what: &str) -> CliError {
    CliError::Usage(format!("PayTR has no call to {what}: its Link API only creates, deletes and sends links"))
}

pub(super) fn client(common: &Common) -> Result<PaytrClient, CliError> {
    const VARS: [&str; 3] =
        ["TAHSILDAR_PAYTR_MERCHANT_ID", "TAHSILDAR_PAYTR_MERCHANT_KEY", "TAHSILDAR_PAYTR_MERCHANT_SALT"];
    // All three from the environment, or (when none is set) what the app saved in the OS keychain.
    // A partly set environment is a mistake worth naming rather than silently mixing sources.
    let creds = if VARS.iter().all(|v| env_credential(v).is_none()) {
        keychain_note(keychain().paytr_credentials()).map_err(|why| {
            CliError::Usage(format!(
                "missing credentials: set TAHSILDAR_PAYTR_MERCHANT_ID, _KEY and _SALT to your PayTR values; {why}"
            ))
        })?
    } else {
        let merchant_id = std::env::var(VARS[0]).unwrap_or_default().trim().to_string();
        if merchant_id.is_empty() {
            return Err(CliError::Usage(
                "missing credentials: set TAHSILDAR_PAYTR_MERCHANT_ID to your PayTR merchant id (for the sandbox, `tahsildar sandbox` prints the demo values)".into(),
            ));
        }
        PaytrCredentials {
            merchant_id,
            merchant_key: credential(VARS[1], "PayTR merchant key")?,
            merchant_salt: credential(VARS[2], "PayTR merchant salt")?,
        }
    };
    let base = common.base_url.as_deref().unwrap_or(paytr::BASE_URL);
    PaytrClient::new(base, creds).map_err(|e| CliError::Usage(e.message))
}

fn phone_arg(p: Option<&str>) -> Result<Option<TrMobile>, CliError> {
    p.map(TrMobile::parse).transpose().map_err(|e| CliError::Usage(format!("--phone: {e}")))
}

/// The CLI's own checks of `link create --provider paytr`, each naming the option to fix.
pub(super) fn check_create(a: &CreateArgs) -> Result<(), CliError> {
    Money::parse(&a.amount, a.currency).map_err(|e| CliError::Usage(format!("--amount: {e}")))?;
    let len = a.description.as_deref().map(str::trim).unwrap_or("").chars().count();
    if !(4..=200).contains(&len) {
        return Err(CliError::Usage(
            "PayTR needs --description: what is paid for, 4 to 200 characters (it is the link's name)".into(),
        ));
    }
    phone_arg(a.phone.as_deref())?;
    Ok(())
}

async fn delete(a: IdsArgs, out: Out<'_>) -> Result<(), CliError> {
    let c = client(&a.common)?;
    let ids: Vec<PaytrLinkId> = a.ids.iter().map(|i| PaytrLinkId(i.trim().to_string())).collect();
    let outcome = c.delete(&ids).await?;
    let mut results = Vec::new();
    for id in &ids {
        if results.iter().any(|r: &LinkOut| r.id == id.0) {
            continue; // the same id given twice is deleted once
        }
        let o = if outcome.deleted.contains(id) {
            LinkOut::new(Provider::Paytr, id.0.as_str(), Status::Deleted)
        } else {
            let mut o = LinkOut::new(Provider::Paytr, id.0.as_str(), Status::Unknown);
            let reason = outcome.failed.iter().find(|(f, _)| f == id).map(|(_, r)| r.clone());
            o.error = Some(reason.unwrap_or_else(|| "PayTR did not report this id as deleted".into()));
            o
        };
        results.push(o);
    }
    finish(out, a.common.json, results)
}

async fn send(a: SendArgs, out: Out<'_>) -> Result<(), CliError> {
    let phone = phone_arg(a.phone.as_deref())?;
    let email = a.email.as_deref().map(str::trim).map(str::to_string);
    if phone.is_none() && email.is_none() {
        return Err(CliError::Usage("send needs --phone and/or --email".into()));
    }
    let c = client(&a.common)?;
    let mut results = Vec::new();
    for raw in &a.ids {
        let id = PaytrLinkId(raw.trim().to_string());
        // PayTR cannot tell a link's state; `unknown` says exactly that.
        let mut o = LinkOut::new(Provider::Paytr, id.0.as_str(), Status::Unknown);
        let mut errors = Vec::new();
        if let Some(p) = &phone {
            match c.send_sms(&id, p).await {
                Ok(()) => o.sent.push(format!("sms:{}", p.with_zero())),
                Err(e) => errors.push(format!("SMS not sent: {e}")),
            }
        }
        if let Some(e) = &email {
            match c.send_email(&id, e).await {
                Ok(()) => o.sent.push(format!("email:{e}")),
                Err(err) => errors.push(format!("e-mail not sent: {err}")),
            }
        }
        if !errors.is_empty() {
            o.error = Some(errors.join("; "));
        }
        results.push(o);
    }
    finish(out, a.common.json, results)
}
