//! `tahsildar link create`: through the app's own link service, into the book. The link is
//! written (`creating`) before the provider is called and completed after, exactly as a create
//! from the window; an unanswered create stays in the book as `unknown` for the tracker (Paynet
//! finds it by its reference) or the app's "Kontrol et".

use super::book::Book;
use super::clients::client_for;
use super::output::{LinkOut, Status};
use super::{iyzico, parse_expires_in, paynet, paytr, print_json, CliError, CreateArgs, Out};
use crate::links::{CreateForm, CreateOutcome, ExpiryChoice, LinkError, LinkService};
use crate::providers::paynet::{LIVE_BASE_URL, TEST_BASE_URL};
use crate::providers::{Clients, Provider};
use crate::store::PaynetHost;
use crate::Lang;

/// Runs `link create`.
pub(super) async fn run(a: CreateArgs, out: Out<'_>) -> Result<(), CliError> {
    let provider = a.common.provider;
    // The CLI's own checks first: each names the option to fix, before anything is written.
    if provider == Provider::Paynet && a.max_count.is_some() {
        return Err(CliError::Usage(
            "--max-count is for PayTR links only (a Paynet link takes one payment); leave it out".into(),
        ));
    }
    match provider {
        Provider::Paynet => paynet::check_create(&a)?,
        Provider::Paytr => paytr::check_create(&a)?,
        Provider::Iyzico => iyzico::check_create(&a)?,
    }
    let expiry = match a.expires_in.as_deref() {
        Some(text) => ExpiryChoice::Hours(parse_expires_in(text)?),
        // iyzico links have no expiry (checked above).
        None if provider == Provider::Iyzico => ExpiryChoice::None,
        None => ExpiryChoice::default(),
    };
    let service = service(&a).await?;
    let form = form(&a, expiry);
    let outcome = service.create(&form).await.map_err(|e| link_error(e, provider))?;
    let (link, errors) = match outcome {
        CreateOutcome::Created { link, deliveries } => {
            let mut o = LinkOut::from_record(&link);
            let mut errors = Vec::new();
            for d in deliveries {
                match (d.sent, d.error) {
                    (true, _) => o.sent.push(sent_to(d.channel, &d.to)),
                    (false, e) => errors.push(e.unwrap_or_else(|| "the link was created, but not sent".into())),
                }
            }
            (o, errors)
        }
        CreateOutcome::Uncertain { link, .. } => {
            let mut o = LinkOut::from_record(&link);
            let found = match provider {
                Provider::Paynet => "`tahsildar track` (or the app) will look it up by its reference_no",
                Provider::Paytr => "PayTR cannot look links up: check the PayTR panel",
                Provider::Iyzico => {
                    "`tahsildar track` (or \"Kontrol et\" in the app) looks it up by its reference (iyzico's conversationId)"
                }
            };
            let why = format!(
                "{provider} gave no clear answer; the link may have been created. It is in the book as unknown \
                 (reference {}); do not create it again: {found}",
                link.local_ref
            );
            o.status = Status::Unknown;
            (o, vec![why])
        }
    };
    let mut o = link;
    if !errors.is_empty() {
        o.error = Some(errors.join("; "));
    }
    if a.common.json {
        print_json(out, &o)?;
    } else {
        writeln!(out, "{}", o.human())?;
    }
    match o.error {
        Some(e) => Err(CliError::Failed(e)),
        None => Ok(()),
    }
}

/// The book and a link service holding only the chosen provider's client.
async fn service(a: &CreateArgs) -> Result<LinkService, CliError> {
    // Without --base-url, the host chosen in the app's Ayarlar, as the app's tracker will use it
    // for this link; a book not made yet has no settings, so the provider's default stands. The
    // keys are read once (macOS may ask the owner per read), and a missing key is named before
    // any folder is created.
    let existing = Book::open_existing(&a.book).await?;
    let client = client_for(&a.common, existing.as_ref()).await?;
    let book = match existing {
        Some(book) => book,
        None => Book::open(&a.book).await?,
    };
    Ok(LinkService::new(book.store, Clients::from_iter([client])))
}

/// The Paynet host the book's settings name.
pub(super) async fn settings_host(book: &Book) -> Result<&'static str, CliError> {
    let store = book.store.clone();
    let host = tokio::task::spawn_blocking(move || {
        store.lock().unwrap_or_else(|p| p.into_inner()).settings().map(|s| s.paynet_host)
    })
    .await
    .map_err(|e| CliError::Failed(format!("could not read the link book: {e}")))?
    .map_err(|e| CliError::Failed(format!("could not read the app's settings in {}: {e}", book.path.display())))?;
    Ok(match host {
        PaynetHost::Test => TEST_BASE_URL,
        PaynetHost::Live => LIVE_BASE_URL,
    })
}

/// The form the window would send for these options.
fn form(a: &CreateArgs, expiry: ExpiryChoice) -> CreateForm {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    CreateForm {
        provider: Some(a.common.provider),
        amount_text: a.amount.clone(),
        currency: a.currency,
        description: text(&a.description),
        customer: text(&a.name),
        phone_text: text(&a.phone),
        email: text(&a.email),
        send_sms: a.phone.is_some(),
        send_email: a.email.is_some(),
        expiry,
        // PayTR: single-use unless `--max-count N` (the form's empty stock means one payment).
        paytr: crate::links::PaytrOptions { max_count: a.max_count, ..Default::default() },
        ..CreateForm::default()
    }
}

fn sent_to(channel: crate::links::Channel, to: &str) -> String {
    match channel {
        // `0555 123 45 67` in the service's words; scripts get the digits.
        crate::links::Channel::Sms => format!("sms:{}", to.chars().filter(char::is_ascii_digit).collect::<String>()),
        crate::links::Channel::Email => format!("email:{to}"),
    }
}

/// The service's refusal as a CLI error: a form problem is a usage error (exit 2).
fn link_error(e: LinkError, provider: Provider) -> CliError {
    match e {
        LinkError::Invalid(fields) => {
            CliError::Usage(fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "))
        }
        LinkError::Provider(p) => CliError::Provider(p),
        LinkError::NotConfigured(_) => CliError::Usage(format!("{provider} is not set up: no credentials")),
        other => CliError::Failed(other.message(Lang::En)),
    }
}
