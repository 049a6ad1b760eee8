//! The `tahsildar` command line: the sandbox, payment links on Paynet, PayTR or iyzico, the local link
//! book it shares with the desktop app, and the payment tracker.
//!
//! [`run`] does the work and writes to any `Write`, so tests can call it; `src/bin/tahsildar.rs`
//! only parses arguments, runs it and turns a [`CliError`] into one line on stderr and an exit code.

mod args;
pub mod book;
mod clients;
mod create;
mod iyzico;
mod output;
mod paynet;
mod paytr;
mod track;

pub use args::{
    BookCommand, BookListArgs, Cli, Command, Common, CreateArgs, DataDir, IdsArgs, LinkCommand, ListArgs, SendArgs,
    TrackArgs,
};
pub use output::{LinkOut, Status};

use crate::providers::{ErrorKind, Provider, ProviderError};
use crate::sandbox::{Sandbox, SandboxConfig};
use std::io::Write;

/// Why a command failed. The message never holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input or missing configuration: exit code 2, like clap's own usage errors.
    #[error("{0}")]
    Usage(String),
    /// The provider refused or could not be reached.
    #[error("{}", provider_words(.0))]
    Provider(#[from] ProviderError),
    /// Anything else (several links failed, the sandbox could not listen, output failed).
    #[error("{0}")]
    Failed(String),
}

/// The provider's refusal with what to do about it. A refused key names where the CLI takes keys
/// from (the environment, else the app's keychain entries) and that test keys go with the test
/// server; the provider's own words stay in brackets.
fn provider_words(e: &ProviderError) -> String {
    let p = e.provider;
    match e.kind {
        ErrorKind::Auth => {
            let vars = match p {
                Provider::Paynet => "TAHSILDAR_PAYNET_SECRET_KEY",
                Provider::Paytr => {
                    "TAHSILDAR_PAYTR_MERCHANT_ID, TAHSILDAR_PAYTR_MERCHANT_KEY and TAHSILDAR_PAYTR_MERCHANT_SALT"
                }
                Provider::Iyzico => "TAHSILDAR_IYZICO_API_KEY and TAHSILDAR_IYZICO_SECRET_KEY",
            };
            format!(
                "{p} refused the credentials ({}): check {vars} (or the keys saved in the app's Ayarlar); \
                 test keys work only with the test server (--base-url), live keys only with the live one",
                e.message
            )
        }
        ErrorKind::RateLimited => {
            format!(
                "{p} refused the request because it was asked too often ({}): wait a minute and try again",
                e.message
            )
        }
        _ => e.to_string(),
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Provider(_) | CliError::Failed(_) => 1,
        }
    }

    /// The message on a single line (providers' messages may carry line breaks).
    pub fn one_line(&self) -> String {
        self.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Failed(format!("could not write the output: {e}"))
    }
}

pub type Out<'a> = &'a mut (dyn Write + Send);

/// Runs one command, writing its normal output to `out`.
pub async fn run(cli: Cli, out: Out<'_>) -> Result<(), CliError> {
    match cli.command {
        Command::Sandbox { listen } => run_sandbox(listen, out).await,
        Command::Book(BookCommand::List(a)) => book::list(a, out).await,
        Command::Track(a) => track::run(a, out).await,
        Command::Link(cmd) => {
            let provider = link_common(&cmd).provider;
            match provider {
                Provider::Paynet => paynet::run(cmd, out).await,
                Provider::Paytr => paytr::run(cmd, out).await,
                Provider::Iyzico => iyzico::run(cmd, out).await,
            }
        }
    }
}

fn link_common(cmd: &LinkCommand) -> &Common {
    match cmd {
        LinkCommand::Create(a) => &a.common,
        LinkCommand::List(a) => &a.common,
        LinkCommand::Show(a) | LinkCommand::Cancel(a) | LinkCommand::Reopen(a) | LinkCommand::Delete(a) => &a.common,
        LinkCommand::Send(a) => &a.common,
    }
}

async fn run_sandbox(listen: std::net::SocketAddr, out: Out<'_>) -> Result<(), CliError> {
    let (config, defaulted) = SandboxConfig::from_env();
    let sandbox = Sandbox::start(config.clone(), listen)
        .await
        .map_err(|e| CliError::Failed(format!("the sandbox could not listen on {listen}: {e}")))?;
    // This line comes first and is flushed at once: scripts and tests wait for it.
    writeln!(out, "sandbox listening on {}", sandbox.base_url())?;
    out.flush()?;
    // Demo values are public and printed so a developer can paste them; values from the
    // environment may be real secrets and are never printed.
    let shown = |var: &'static str, value: &str| {
        if defaulted.contains(&var) {
            value.to_string()
        } else {
            format!("(from {var})")
        }
    };
    let lines = [
        ("TAHSILDAR_PAYNET_SECRET_KEY", shown("TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY", &config.paynet_secret_key)),
        ("TAHSILDAR_PAYTR_MERCHANT_ID", shown("TAHSILDAR_SANDBOX_PAYTR_MERCHANT_ID", &config.paytr_merchant_id)),
        ("TAHSILDAR_PAYTR_MERCHANT_KEY", shown("TAHSILDAR_SANDBOX_PAYTR_MERCHANT_KEY", &config.paytr_merchant_key)),
        ("TAHSILDAR_PAYTR_MERCHANT_SALT", shown("TAHSILDAR_SANDBOX_PAYTR_MERCHANT_SALT", &config.paytr_merchant_salt)),
        ("TAHSILDAR_IYZICO_API_KEY", shown("TAHSILDAR_SANDBOX_IYZICO_API_KEY", &config.iyzico_api_key)),
        ("TAHSILDAR_IYZICO_SECRET_KEY", shown("TAHSILDAR_SANDBOX_IYZICO_SECRET_KEY", &config.iyzico_secret_key)),
    ];
    writeln!(
        out,
        "credentials the sandbox accepts (set them for `tahsildar link ... --base-url {}`):",
        sandbox.base_url()
    )?;
    for (var, value) in lines {
        writeln!(out, "  {var}={value}")?;
    }
    writeln!(out, "press Ctrl-C to stop")?;
    out.flush()?;
    tokio::signal::ctrl_c().await.map_err(|e| CliError::Failed(format!("could not wait for Ctrl-C: {e}")))?;
    sandbox.shutdown().await;
    Ok(())
}

/// An environment variable holding a credential, if set. Never echoed back.
fn env_credential(var: &str) -> Option<secrecy::SecretString> {
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Some(v.trim().to_string().into()),
        _ => None,
    }
}

/// How every "no credentials" message begins (`track` skips such a provider).
const MISSING_CREDENTIALS: &str = "missing credentials";

/// A required environment variable (a credential). Never echoed back.
fn credential(var: &str, what: &str) -> Result<secrecy::SecretString, CliError> {
    env_credential(var).ok_or_else(|| {
        CliError::Usage(format!(
            "missing credentials: set {var} to your {what} (for the sandbox, `tahsildar sandbox` prints the demo values)"
        ))
    })
}

/// The OS keychain the desktop app saves credentials in (Ayarlar). `TAHSILDAR_KEYCHAIN_SERVICE`
/// overrides the service name exactly as it does for the app, so tests never touch real entries.
fn keychain() -> crate::secrets::Keychain {
    match std::env::var("TAHSILDAR_KEYCHAIN_SERVICE") {
        Ok(s) if !s.trim().is_empty() => crate::secrets::Keychain::with_service(s.trim()),
        _ => crate::secrets::Keychain::new(),
    }
}

/// Why the keychain gave nothing, as the tail of a "missing credentials" message.
fn keychain_note<T>(read: Result<Option<T>, crate::secrets::SecretsError>) -> Result<T, String> {
    match read {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err("nothing is saved in the app's Ayarlar (OS keychain) either".into()),
        Err(e) => Err(format!("and the OS keychain could not be read: {}", e.message(crate::Lang::En))),
    }
}

/// `72h`, `3d` or a bare number of hours, as hours (at most a year).
fn parse_expires_in(text: &str) -> Result<u32, CliError> {
    let t = text.trim().to_ascii_lowercase();
    let (digits, per_unit) = if let Some(d) = t.strip_suffix('h') {
        (d, 1)
    } else if let Some(d) = t.strip_suffix('d') {
        (d, 24)
    } else {
        (t.as_str(), 1)
    };
    let bad =
        || CliError::Usage(format!("--expires-in '{text}' is not a duration: write hours or days, like 72h or 3d"));
    let n: u32 = digits.trim().parse().map_err(|_| bad())?;
    let hours = n.checked_mul(per_unit).ok_or_else(bad)?;
    if hours == 0 || hours > 24 * 366 {
        return Err(CliError::Usage(format!("--expires-in '{text}' must be between 1 hour and a year")));
    }
    Ok(hours)
}

fn print_json(out: Out<'_>, value: &impl serde::Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string(value).map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
    writeln!(out, "{text}")?;
    Ok(())
}

/// Prints per-link results (one JSON object per line, or text) and fails if any link failed.
fn finish(out: Out<'_>, json: bool, results: Vec<LinkOut>) -> Result<(), CliError> {
    for r in &results {
        if json {
            print_json(out, r)?;
        } else if r.error.is_none() {
            writeln!(out, "{}", r.human())?;
        }
    }
    let failed: Vec<&LinkOut> = results.iter().filter(|r| r.error.is_some()).collect();
    match failed.as_slice() {
        [] => Ok(()),
        [one] if results.len() == 1 => Err(CliError::Failed(one.error.clone().unwrap_or_default())),
        many => Err(CliError::Failed(format!(
            "{} of {} links failed: {}",
            many.len(),
            results.len(),
            many.iter()
                .map(|r| format!("{}: {}", r.id, r.error.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_reads_hours_and_days() {
        assert_eq!(parse_expires_in("72h").unwrap(), 72);
        assert_eq!(parse_expires_in("3d").unwrap(), 72);
        assert_eq!(parse_expires_in(" 12 ").unwrap(), 12);
        assert_eq!(parse_expires_in("2D").unwrap(), 48);
        for bad in ["", "h", "0h", "-3d", "1.5h", "3w", "99999999999d", "400d"] {
            let e = parse_expires_in(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn errors_print_on_one_line() {
        let e = CliError::Failed("a\nb  c".into());
        assert_eq!(e.one_line(), "a b c");
    }
}
