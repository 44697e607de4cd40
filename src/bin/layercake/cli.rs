//! Argument parsing and dispatch: one subcommand per docker verb, each in its own module.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// A Docker image build playground: build, inspect and export images without a Docker engine.
#[derive(Debug, Parser)]
#[command(name = "layercake", version, about, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print what this build of layercake supports.
    Info,
}

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Info => {
            println!("layercake {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
    }
}
