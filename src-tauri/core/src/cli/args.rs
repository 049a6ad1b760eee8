//! The command line, as clap parses it.

use crate::money::Currency;
use crate::providers::Provider;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Create and manage Paynet, PayTR and iyzico payment links, or run the local sandbox.
#[derive(Debug, Parser)]
#[command(name = "tahsildar", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve simulated Paynet, PayTR and iyzico APIs (and payment pages) on this machine.
    Sandbox {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
    },
    /// Payment links.
    #[command(subcommand)]
    Link(LinkCommand),
    /// The local link book the desktop app keeps (every link made here or in the app).
    #[command(subcommand)]
    Book(BookCommand),
    /// Watch the book's waiting links and record payments, as the app's tracker does.
    Track(TrackArgs),
}

/// Which link book: the app's own by default.
#[derive(Debug, Args)]
pub struct DataDir {
    /// The folder holding the book (tahsildar.sqlite3); default: the desktop app's data folder.
    #[arg(long, value_name = "DIR", env = "TAHSILDAR_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BookCommand {
    /// List the links in the book, newest first.
    List(BookListArgs),
}

#[derive(Debug, Args)]
pub struct BookListArgs {
    /// Only links with this status (waiting, paid, expired, cancelled, deleted, unknown, failed);
    /// may be given more than once.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<super::Status>,
    #[command(flatten)]
    pub book: DataDir,
    /// Print a JSON array (the objects `link create --json` prints) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TrackArgs {
    /// One full sweep of every waiting link, then exit.
    #[arg(long)]
    pub once: bool,
    /// Print one JSON object per line for each event.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub book: DataDir,
    /// Use this Paynet host (default: the one chosen in the app's Ayarlar).
    #[arg(long, value_name = "URL", env = "TAHSILDAR_PAYNET_BASE_URL")]
    pub paynet_base_url: Option<String>,
    /// Use this PayTR host.
    #[arg(long, value_name = "URL", env = "TAHSILDAR_PAYTR_BASE_URL")]
    pub paytr_base_url: Option<String>,
    /// Use this iyzico host (default: the one chosen in the app's Ayarlar).
    #[arg(long, value_name = "URL", env = "TAHSILDAR_IYZICO_BASE_URL")]
    pub iyzico_base_url: Option<String>,
}

impl TrackArgs {
    /// `--<provider>-base-url`, if given.
    pub fn base_url(&self, provider: Provider) -> &Option<String> {
        match provider {
            Provider::Paynet => &self.paynet_base_url,
            Provider::Paytr => &self.paytr_base_url,
            Provider::Iyzico => &self.iyzico_base_url,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// Create a payment link and record it in the local book (as the app does).
    Create(CreateArgs),
    /// List links (Paynet, iyzico).
    List(ListArgs),
    /// Show links' current state (Paynet, iyzico; an iyzico link in the book is updated there).
    Show(IdsArgs),
    /// Deactivate links (Paynet, iyzico: passive; PayTR: delete).
    Cancel(IdsArgs),
    /// Re-open cancelled links (Paynet, iyzico).
    Reopen(IdsArgs),
    /// Delete links (PayTR, iyzico).
    Delete(IdsArgs),
    /// Send links again by SMS and/or e-mail (PayTR only).
    Send(SendArgs),
}

/// Options every `link` command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// paynet, paytr or iyzico.
    #[arg(long)]
    pub provider: Provider,
    /// Use this host instead of the provider's (e.g. the sandbox's http://127.0.0.1:PORT).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub common: Common,
    /// The amount as you would write it: 120, 120,50, 1.234,56.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    /// TL, USD, EUR or GBP (Paynet: TL only); RUB: PayTR only (iyzico and Paynet refuse it).
    #[arg(long, default_value = "TL")]
    pub currency: Currency,
    /// The customer's name (Paynet: required).
    #[arg(long)]
    pub name: Option<String>,
    /// What is paid for (PayTR: required, 4 to 200 characters; iyzico: required, the link's
    /// name; Paynet: shown to the payer).
    #[arg(long)]
    pub description: Option<String>,
    /// The customer's mobile; the link is sent to it by SMS.
    #[arg(long)]
    pub phone: Option<String>,
    /// The customer's e-mail; the link is sent to it.
    #[arg(long)]
    pub email: Option<String>,
    /// How long the link stays payable: 72h, 3d (a bare number is hours); default 3 days, as in
    /// the app. iyzico links have no expiry.
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
    #[command(flatten)]
    pub book: DataDir,
    /// PayTR: how many payments the link takes before it closes (default 1: single-use).
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = payment_count)]
    pub max_count: Option<u32>,
}

/// `--max-count`: a whole number, 1 or more. Clap's own wording ("not in 1..=4294967295", or
/// `-1` taken for an unknown option) does not say what to write instead.
fn payment_count(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "'{text}' is not a number of payments: write a whole number, 1 or more (e.g. --max-count 3), \
             or leave the option out for a link that takes one payment"
        )),
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub common: Common,
    /// First day (YYYY-MM-DD, Turkey); default 30 days before --to.
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day (YYYY-MM-DD, Turkey); default today.
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// iyzico: the book whose Ayarlar choose the host when --base-url is not given.
    #[command(flatten)]
    pub book: DataDir,
}

#[derive(Debug, Args)]
pub struct IdsArgs {
    #[command(flatten)]
    pub common: Common,
    /// Link ids (iyzico: the link's token, the end of its address).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// iyzico: the book that records what is learned (a payment, a cancel) and whose Ayarlar
    /// choose the host.
    #[command(flatten)]
    pub book: DataDir,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub common: Common,
    /// Send by SMS to this mobile.
    #[arg(long)]
    pub phone: Option<String>,
    /// Send by e-mail to this address.
    #[arg(long)]
    pub email: Option<String>,
    /// Link ids.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}
