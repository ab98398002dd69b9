//! The `report` command: parse the arguments, run the library, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = report::cli::Cli::parse();
    report::cli::run(cli)
}
