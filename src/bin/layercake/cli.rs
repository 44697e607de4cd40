//! Argument parsing and dispatch: one subcommand per docker verb, each in its own module.

use crate::{oci, parse};
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
    /// Parse a Dockerfile as BuildKit does; print the parse dump or the typed instructions.
    Parse {
        /// Output format.
        #[arg(long, value_enum, default_value = "dump")]
        format: parse::Format,
        /// The Dockerfile (`-` reads standard input).
        #[arg(default_value = "Dockerfile")]
        file: String,
    },
    /// OCI images: check an archive, write the demo image.
    #[command(subcommand)]
    Oci(oci::OciCommand),
}

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { format, file } => parse::run(&file, format),
        Command::Oci(command) => oci::run(command),
    }
}
