//! `tahsildar link … --provider iyzico`. Links the book knows go through the app's link service,
//! so what the CLI learns (a sale, a cancel, a delete) is recorded there as the app would record
//! it; other tokens are asked of iyzico directly.

use super::book::{data_dir, Book};
use super::output::{LinkOut, Status};
use super::{
    env_credential, finish, keychain, keychain_note, print_json, CliError, Common, CreateArgs, DataDir, IdsArgs,
    LinkCommand, ListArgs, Out,
};
use crate::links::{LinkService, IYZICO_NAME_MAX};
use crate::money::Money;
use crate::providers::iyzico::{
    currency_code, IyzicoClient, IyzicoCredentials, IyzicoLink, IyzicoToken, LinkStatus as IyzStatus, SetStatus,
    LIVE_BASE_URL, MAX_PAGE_SIZE, SANDBOX_BASE_URL,
};
use crate::providers::{Clients, Provider, DEFAULT_TIMEOUT};
use crate::store::{Host, LinkRecord, FILE_NAME};
use crate::Lang;

const VARS: [&str; 2] = ["TAHSILDAR_IYZICO_API_KEY", "TAHSILDAR_IYZICO_SECRET_KEY"];

/// The most list pages `link list` reads (of 100 links each).
const LIST_PAGES: u32 = 50;

pub(super) async fn run(cmd: LinkCommand, out: Out<'_>) -> Result<(), CliError> {
    match cmd {
        LinkCommand::Create(a) => super::create::run(a, out).await,
        LinkCommand::List(a) => list(a, out).await,
        LinkCommand::Show(a) => each(a, Verb::Show, out).await,
        LinkCommand::Cancel(a) => each(a, Verb::Cancel, out).await,
        LinkCommand::Reopen(a) => each(a, Verb::Reopen, out).await,
        LinkCommand::Delete(a) => each(a, Verb::Delete, out).await,
        LinkCommand::Send(_) => Err(CliError::Usage(
            "iyzico does not send links by SMS or e-mail: share the link's address yourself".into(),
        )),
    }
}

/// Both keys from the environment, or (when neither is set) what the app saved in the keychain.
pub(super) fn credentials() -> Result<IyzicoCredentials, CliError> {
    match (env_credential(VARS[0]), env_credential(VARS[1])) {
        (Some(api_key), Some(secret_key)) => Ok(IyzicoCredentials { api_key, secret_key }),
        (None, None) => keychain_note(keychain().iyzico_credentials()).map_err(|why| {
            CliError::Usage(format!(
                "missing credentials: set {} and {} to your iyzico API key and secret key (for the sandbox, \
                 `tahsildar sandbox` prints the demo values); {why}",
                VARS[0], VARS[1]
            ))
        }),
        (api, _) => {
            let missing = if api.is_none() { VARS[0] } else { VARS[1] };
            Err(CliError::Usage(format!(
                "missing credentials: {missing} is not set; set both {} and {} (iyzico's API key and secret key)",
                VARS[0], VARS[1]
            )))
        }
    }
}

fn host_url(h: Host) -> &'static str {
    match h {
        Host::Test => SANDBOX_BASE_URL,
        Host::Live => LIVE_BASE_URL,
    }
}

/// A client for `--base-url`, else the host the book's settings name, else the live host.
pub(super) fn client(
    common: &Common,
    creds: IyzicoCredentials,
    settings_host: Option<Host>,
) -> Result<IyzicoClient, CliError> {
    let base = common.base_url.as_deref().unwrap_or(host_url(settings_host.unwrap_or(Host::Live)));
    IyzicoClient::new(base, creds.api_key, creds.secret_key, DEFAULT_TIMEOUT).map_err(|e| CliError::Usage(e.message))
}

pub(super) async fn settings(book: &Book) -> Result<Option<crate::store::Settings>, CliError> {
    let store = book.store.clone();
    tokio::task::spawn_blocking(move || store.lock().unwrap_or_else(|p| p.into_inner()).settings())
        .await
        .map_err(|e| CliError::Failed(format!("could not read the link book: {e}")))?
        .map(Some)
        .map_err(|e| CliError::Failed(format!("could not read the app's settings in {}: {e}", book.path.display())))
}

/// The CLI's own checks of `link create --provider iyzico`, each naming the option to fix.
pub(super) fn check_create(a: &CreateArgs) -> Result<(), CliError> {
    let amount = Money::parse(&a.amount, a.currency).map_err(|e| CliError::Usage(format!("--amount: {e}")))?;
    if currency_code(amount.currency()).is_none() {
        return Err(CliError::Usage(format!(
            "iyzico links take TL, USD, EUR or GBP, not {}: change --currency",
            a.currency
        )));
    }
    let description = a.description.as_deref().map(str::trim).unwrap_or("");
    if description.is_empty() {
        return Err(CliError::Usage("iyzico needs --description: what is paid for (the link's name)".into()));
    }
    let n = description.chars().count();
    if n > IYZICO_NAME_MAX {
        return Err(CliError::Usage(format!(
            "--description: iyzico takes at most {IYZICO_NAME_MAX} characters (this one has {n}); shorten it"
        )));
    }
    if a.expires_in.is_some() {
        return Err(CliError::Usage(
            "iyzico links have no expiry: leave out --expires-in (stop the link with `link cancel` instead)".into(),
        ));
    }
    if a.max_count.is_some() {
        return Err(CliError::Usage("--max-count is for PayTR links only (an iyzico link takes one payment)".into()));
    }
    if a.phone.is_some() || a.email.is_some() {
        return Err(CliError::Usage(
            "iyzico does not send links by SMS or e-mail: leave out --phone and --email and share the address".into(),
        ));
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    Show,
    Cancel,
    Reopen,
    Delete,
}

/// The book, only if it already exists (show, cancel… never create one).
async fn existing_book(dir: &DataDir) -> Result<Option<Book>, CliError> {
    match data_dir(dir) {
        Ok(d) if d.join(FILE_NAME).exists() => Ok(Some(Book::open(dir).await?)),
        _ => Ok(None),
    }
}

async fn each(a: IdsArgs, verb: Verb, out: Out<'_>) -> Result<(), CliError> {
    let tokens = a
        .ids
        .iter()
        .map(|i| IyzicoToken::parse(i).map_err(|_| CliError::Usage(format!("'{i}' is not an iyzico link token"))))
        .collect::<Result<Vec<_>, _>>()?;
    let creds = credentials()?;
    let book = existing_book(&a.book).await?;
    let host = match &book {
        Some(b) => settings(b).await?.map(|s| s.iyzico_host),
        None => None,
    };
    let c = client(&a.common, creds, host)?;
    let svc = book.map(|b| LinkService::new(b.store, Clients::default().with(Some(c.clone()))));
    let mut results: Vec<LinkOut> = Vec::new();
    for t in tokens {
        if results.iter().any(|r| r.id == t.0) {
            continue; // the same token given twice is handled once
        }
        let known = match &svc {
            Some(s) => known(s, &t).await?,
            None => None,
        };
        let o = match (&svc, known) {
            (Some(s), Some(link)) => in_book(s, &c, link, &t, verb).await,
            _ => direct(&c, &t, verb).await,
        };
        results.push(o);
    }
    finish(out, a.common.json, results)
}

async fn known(s: &LinkService, t: &IyzicoToken) -> Result<Option<LinkRecord>, CliError> {
    let store = s.store().clone();
    let token = t.0.clone();
    tokio::task::spawn_blocking(move || {
        store.lock().unwrap_or_else(|p| p.into_inner()).find_by_provider_id(Provider::Iyzico, &token)
    })
    .await
    .map_err(|e| CliError::Failed(format!("could not read the link book: {e}")))?
    .map_err(|e| CliError::Failed(format!("could not read the link book: {e}")))
}

/// Through the link service: the book records what happened.
async fn in_book(s: &LinkService, c: &IyzicoClient, link: LinkRecord, t: &IyzicoToken, verb: Verb) -> LinkOut {
    let id = link.id;
    let done = match verb {
        Verb::Show => s.refresh(id).await.map(|r| r.link),
        Verb::Cancel => s.cancel(id).await,
        Verb::Reopen => s.reopen(id).await,
        Verb::Delete => match s.delete_in(&[id], Lang::En).await {
            Ok(mut r) => {
                let r = r.remove(0);
                match (r.ok, r.link) {
                    (true, Some(l)) => Ok(l),
                    (_, l) => {
                        let mut o = l.as_ref().map(LinkOut::from_record).unwrap_or_else(|| unknown(t));
                        o.error = Some(r.error.unwrap_or_else(|| "not deleted".into()));
                        return o;
                    }
                }
            }
            Err(e) => Err(e),
        },
    };
    match done {
        Ok(l) => LinkOut::from_record(&l),
        // A row refresh does not apply to (deleted): the book's last word, as `book list` shows.
        Err(crate::links::LinkError::WrongState { .. }) if verb == Verb::Show => match s.get(id).await {
            Ok(l) => LinkOut::from_record(&l),
            Err(_) => direct(c, t, verb).await,
        },
        Err(e) => {
            let mut o = s.get(id).await.map(|l| LinkOut::from_record(&l)).unwrap_or_else(|_| unknown(t));
            o.error = Some(e.message(Lang::En));
            o
        }
    }
}

fn unknown(t: &IyzicoToken) -> LinkOut {
    LinkOut::new(Provider::Iyzico, t.0.as_str(), Status::Unknown)
}

/// A token the book does not know: iyzico alone.
async fn direct(c: &IyzicoClient, t: &IyzicoToken, verb: Verb) -> LinkOut {
    let failed = |e: crate::providers::iyzico::IyzicoError| {
        let mut o = unknown(t);
        o.error = Some(e.into_provider_error(Provider::Iyzico).to_string());
        o
    };
    let lang = Lang::En;
    let item = match c.get(t, lang).await {
        Ok(i) => i,
        Err(e) => return failed(e),
    };
    let sold = item.sold_count.is_some_and(|n| n >= 1);
    let r = match verb {
        Verb::Show => return from_item(&item),
        Verb::Reopen if sold => {
            let mut o = from_item(&item);
            o.error = Some("this link was paid: it cannot be re-opened (create a new link)".into());
            return o;
        }
        Verb::Cancel => c.set_status(t, SetStatus::Passive, lang).await,
        Verb::Reopen => c.set_status(t, SetStatus::Active, lang).await,
        Verb::Delete => c.delete(t, lang).await,
    };
    if let Err(e) = r {
        return failed(e);
    }
    if verb == Verb::Delete {
        let mut o = from_item(&item);
        o.status = Status::Deleted;
        return o;
    }
    // Read it back so the output shows its real state.
    match c.get(t, lang).await {
        Ok(i) => from_item(&i),
        Err(e) => failed(e),
    }
}

/// A link as iyzico shows it: a sale is `paid`, PASSIVE `cancelled`.
fn from_item(i: &IyzicoLink) -> LinkOut {
    let status = match (&i.sold_count, &i.status) {
        (Some(n), _) if *n >= 1 => Status::Paid,
        (_, Some(IyzStatus::Active)) => Status::Waiting,
        (_, Some(IyzStatus::Passive)) => Status::Cancelled,
        (_, Some(IyzStatus::Deleted)) => Status::Deleted,
        _ => Status::Unknown,
    };
    let mut o = LinkOut::new(Provider::Iyzico, i.token.0.as_str(), status);
    if let Some(minor) = i.price_minor {
        // The book's word for the Turkish lira.
        let currency = match i.currency_code.as_deref() {
            Some("TRY") | None => "TL",
            Some(c) => c,
        };
        o = o.with_amount(minor, currency);
    }
    o.url = i.url.clone();
    o.name = i.name.clone();
    o.description = i.description.clone();
    o.reference_no = i.conversation_id.clone();
    o
}

/// Whether page `page` (holding `rows` rows, unreadable ones included) is the last. iyzico's
/// `pageCount` decides when it sends one: a page may hold fewer rows than asked (iyzico does not
/// document its own largest page) and more pages still follow. Without it, a short or empty page
/// is the last.
fn last_page(page: u32, page_count: Option<u32>, rows: usize) -> bool {
    match page_count {
        Some(n) => page >= n || rows == 0,
        None => rows < MAX_PAGE_SIZE as usize,
    }
}

async fn list(a: ListArgs, out: Out<'_>) -> Result<(), CliError> {
    if a.from.is_some() || a.to.is_some() {
        return Err(CliError::Usage(
            "iyzico lists links newest first, without dates: leave out --from and --to".into(),
        ));
    }
    let creds = credentials()?;
    let host = match existing_book(&a.book).await? {
        Some(b) => settings(&b).await?.map(|s| s.iyzico_host),
        None => None,
    };
    let c = client(&a.common, creds, host)?;
    let mut rows = Vec::new();
    for page in 1..=LIST_PAGES {
        let p = c.list(page, MAX_PAGE_SIZE, Lang::En).await.map_err(|e| e.into_provider_error(Provider::Iyzico))?;
        let last = last_page(page, p.page_count, p.items.len() + p.skipped);
        rows.extend(p.items.iter().map(from_item));
        if last {
            break;
        }
    }
    if a.common.json {
        return print_json(out, &rows);
    }
    if rows.is_empty() {
        writeln!(out, "no iyzico links")?;
    }
    for r in &rows {
        let amount = r.amount_minor.map(super::output::turkish).unwrap_or_default();
        writeln!(
            out,
            "{:<10} {:<10} {:>14} {:<3}  {}",
            r.id,
            r.status.as_str(),
            amount,
            r.currency.as_deref().unwrap_or(""),
            r.name.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(base_url: Option<&str>) -> Common {
        Common { provider: Provider::Iyzico, base_url: base_url.map(str::to_string), json: false }
    }

    fn creds() -> IyzicoCredentials {
        IyzicoCredentials { api_key: "sandbox-a".to_string().into(), secret_key: "sandbox-b".to_string().into() }
    }

    /// A short first page is not the end when `pageCount` says more follow (the old check
    /// stopped at the first page shorter than asked, before looking at `pageCount`).
    #[test]
    fn pages_are_read_up_to_page_count_even_when_one_is_short() {
        assert!(!last_page(1, Some(3), 40), "40 rows of 3 pages: go on");
        assert!(!last_page(2, Some(3), MAX_PAGE_SIZE as usize));
        assert!(last_page(3, Some(3), 7));
        assert!(last_page(1, Some(0), 0), "no links at all");
        assert!(last_page(2, Some(5), 0), "an empty page ends it whatever the count says");
        // Without `pageCount`: a short page is the last, a full one is not.
        assert!(last_page(1, None, 40));
        assert!(!last_page(1, None, MAX_PAGE_SIZE as usize));
    }

    /// `--base-url`, else the book's Ayarlar, else live (as Paynet's `link create` chooses).
    #[test]
    fn the_host_follows_the_option_then_the_book_then_live() {
        let url = |b: Option<&str>, h: Option<Host>| client(&common(b), creds(), h).unwrap().base_url().to_string();
        assert_eq!(url(Some("http://127.0.0.1:9"), Some(Host::Live)), "http://127.0.0.1:9");
        assert_eq!(url(None, Some(Host::Test)), SANDBOX_BASE_URL);
        assert_eq!(url(None, Some(Host::Live)), LIVE_BASE_URL);
        assert_eq!(url(None, None), LIVE_BASE_URL);
        let bad = client(&common(Some("ftp://x")), creds(), None).unwrap_err();
        assert_eq!(bad.exit_code(), 2);
    }
}
