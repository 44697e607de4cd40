//! `layercake oci check ARCHIVE` (import, validate, summarize an OCI layout or `docker save`
//! tar) and `layercake oci demo -o FILE` (export the demo image built in code).

use layercake::fs::{NodeKind, Rootfs};
use layercake::oci::demo::demo_image;
use layercake::oci::{
    export, image_fs_layers, import, ArchiveFormat, Compression, ImportLimits, ImportedKind,
};
use std::process::ExitCode;

/// `layercake oci` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum OciCommand {
    /// Import an OCI layout tar or a `docker save` tar, check every digest and entry, and
    /// print the images, tags and layers.
    Check {
        /// The archive (`.tar` or `.tar.gz`).
        archive: String,
    },
    /// Write the demo image (three layers built in code) as an archive.
    Demo {
        /// Output file.
        #[arg(short, long)]
        output: String,
        /// Archive format.
        #[arg(long, value_enum, default_value = "oci")]
        format: Format,
    },
}

/// Archive formats of `oci demo`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// OCI image layout in a tar, gzip layers (`skopeo inspect oci-archive:FILE`).
    Oci,
    /// `docker save` archive, plain tar layers (`docker load -i FILE`).
    Docker,
}

/// Runs an `oci` subcommand.
pub fn run(command: OciCommand) -> ExitCode {
    match command {
        OciCommand::Check { archive } => check(&archive),
        OciCommand::Demo { output, format } => demo(&output, format),
    }
}

fn check(path: &str) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("layercake oci check: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let archive = match import(&bytes, ImportLimits::default()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("layercake oci check: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let format = match archive.format {
        ArchiveFormat::Oci => "OCI image layout",
        ArchiveFormat::Docker => "docker save archive",
    };
    println!("{path}: {format}, {} image(s)", archive.images.len());
    for w in &archive.warnings {
        println!("warning: {w}");
    }
    for image in &archive.images {
        println!();
        println!("image {}", image.id);
        let tags = if image.tags.is_empty() {
            "<none>".to_string()
        } else {
            image.tags.join(", ")
        };
        println!("  tags: {tags}");
        println!(
            "  platform: {}/{}{}",
            image.config.os,
            image.config.architecture,
            image
                .config
                .variant
                .as_ref()
                .map(|v| format!("/{v}"))
                .unwrap_or_default()
        );
        let mut total_files = 0;
        for (i, layer) in image.layers.iter().enumerate() {
            let count =
                |f: fn(&ImportedKind) -> bool| layer.entries.iter().filter(|e| f(&e.kind)).count();
            let files = count(|k| !matches!(k, ImportedKind::Whiteout | ImportedKind::Opaque));
            let whiteouts = count(|k| matches!(k, ImportedKind::Whiteout));
            let opaque = count(|k| matches!(k, ImportedKind::Opaque));
            total_files += files;
            println!(
                "  layer {}: diff_id {} ({} bytes), blob {} ({} bytes{}), {} entries, {} whiteouts, {} opaque",
                i + 1,
                layer.diff_id,
                layer.tar_size,
                layer.digest,
                layer.size,
                if layer.gzip { ", gzip" } else { "" },
                files,
                whiteouts,
                opaque
            );
        }
        let merged = Rootfs::new(image_fs_layers(image)).merged_view();
        let files = merged
            .iter()
            .filter(|(_, n, _)| matches!(n.kind, NodeKind::File(_) | NodeKind::Hardlink(_)))
            .count();
        println!(
            "  total: {} layers, {total_files} entries; merged view: {} paths, {files} files",
            image.layers.len(),
            merged.len()
        );
    }
    ExitCode::SUCCESS
}

fn demo(output: &str, format: Format) -> ExitCode {
    let (compression, archive_format) = match format {
        Format::Oci => (Compression::Gzip, ArchiveFormat::Oci),
        Format::Docker => (Compression::None, ArchiveFormat::Docker),
    };
    let result = demo_image(compression).and_then(|image| {
        let id = image.config.id();
        export(&[image], archive_format).map(|bytes| (id, bytes))
    });
    match result {
        Ok((id, bytes)) => match std::fs::write(output, &bytes) {
            Ok(()) => {
                println!("wrote {output} ({} bytes), image {id}", bytes.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("layercake oci demo: cannot write {output}: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("layercake oci demo: {e}");
            ExitCode::FAILURE
        }
    }
}
