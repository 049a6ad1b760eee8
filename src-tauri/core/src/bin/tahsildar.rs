//! `tahsildar`: see `tahsildar_core::cli`.

use clap::error::ErrorKind;
use clap::Parser;
use std::process::ExitCode;
use tahsildar_core::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        Err(e) => {
            // clap's message spans several lines: keep what precedes its usage block, on one line.
            let text = e.to_string();
            let head = text.split("\n\n").next().unwrap_or("invalid arguments");
            let line = head.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("tahsildar: {} (see tahsildar --help)", line.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tahsildar: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    match runtime.block_on(run(cli, &mut stdout)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tahsildar: {}", e.one_line());
            ExitCode::from(e.exit_code())
        }
    }
}
