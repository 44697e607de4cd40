//! Argument parsing and dispatch: one subcommand per docker verb, each in its own module.

use crate::{build, history, images, inspect, oci, parse, save};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// A Docker image build playground: build, inspect and export images without a Docker engine.
#[derive(Debug, Parser)]
#[command(name = "layercake", version, about, arg_required_else_help = true)]
struct Cli {
    /// Where images and the build cache are kept between commands.
    #[arg(long, global = true, default_value = ".layercake")]
    state: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build an image from a Dockerfile and a context directory.
    Build {
        /// Name and optionally a tag (`name:tag`); repeatable.
        #[arg(short = 't', long = "tag")]
        tags: Vec<String>,
        /// The Dockerfile (default: CONTEXT/Dockerfile).
        #[arg(short = 'f', long = "file")]
        file: Option<String>,
        /// Build-time variables `K=V`; repeatable.
        #[arg(long = "build-arg")]
        build_args: Vec<String>,
        /// Do not use the cache.
        #[arg(long)]
        no_cache: bool,
        /// The stage to build.
        #[arg(long)]
        target: Option<String>,
        /// Progress output (only `plain` is implemented; `tty` prints the same).
        #[arg(long, default_value = "plain")]
        progress: String,
        /// Print why each step was (or was not) taken from the cache.
        #[arg(long)]
        explain: bool,
        /// The build context directory.
        context: String,
    },
    /// Show the history of an image.
    History {
        /// Do not truncate the CREATED BY column.
        #[arg(long)]
        no_trunc: bool,
        /// The image.
        image: String,
    },
    /// Images: `image ls`.
    #[command(subcommand)]
    Image(ImageCommand),
    /// Display detailed information on images (docker inspect JSON).
    Inspect {
        /// The images.
        #[arg(required = true)]
        images: Vec<String>,
    },
    /// Save images to a tar archive (docker save format).
    Save {
        /// The output file.
        #[arg(short = 'o', long = "output")]
        output: String,
        /// The images.
        #[arg(required = true)]
        images: Vec<String>,
    },
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

#[derive(Debug, Subcommand)]
enum ImageCommand {
    /// List images.
    #[command(alias = "list")]
    Ls,
}

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { format, file } => parse::run(&file, format),
        Command::Oci(command) => oci::run(command),
        Command::Build {
            tags,
            file,
            build_args,
            no_cache,
            target,
            progress: _,
            explain,
            context,
        } => build::run(
            &cli.state,
            build::Options {
                tags,
                file,
                build_args,
                no_cache,
                target,
                explain,
                context,
            },
        ),
        Command::History { no_trunc, image } => history::run(&cli.state, &image, no_trunc),
        Command::Image(ImageCommand::Ls) => images::run(&cli.state),
        Command::Inspect { images } => inspect::run(&cli.state, &images),
        Command::Save { output, images } => save::run(&cli.state, &output, &images),
    }
}
