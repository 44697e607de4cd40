//! The package managers and runtimes of the RUN sandbox (`src/sh/pkg/`), called directly
//! on catalog images: apt-get/dpkg, apk, npm/yarn/node, pip/python, offline network tools.
#![allow(clippy::unwrap_used)]

use layercake::catalog;
use layercake::fs::{FsPath, Rootfs};
use layercake::sh::budget::Limits;
use layercake::sh::commands;
use layercake::sh::io::{Io, Stdin};
use layercake::sh::shell::Shell;

/// What one command did.
#[derive(Debug)]
struct Out {
    status: i32,
    stdout: String,
    stderr: String,
}

/// A sandbox on a catalog image.
struct Env {
    fs: Rootfs,
    env: Vec<String>,
    cwd: String,
}

impl Env {
    fn new(image: &str) -> Env {
        let img = catalog::resolve(image).unwrap();
        Env {
            fs: Rootfs::new(img.layers.clone()),
            env: img.config.env.clone(),
            cwd: "/".into(),
        }
    }

    fn with_env(mut self, kv: &str) -> Env {
        self.env.push(kv.to_string());
        self
    }

    fn run_stdin(&mut self, line: &str, stdin: &str) -> Out {
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let mut sh = Shell::new(
            &mut self.fs,
            &self.env,
            FsPath::new(&self.cwd),
            (0, 0),
            Limits::default(),
        );
        sh.now = 1_790_000_000;
        let mut io = Io::new(Stdin::from_bytes(stdin.as_bytes().to_vec()));
        let f = commands::program(&argv[0]).unwrap_or_else(|| panic!("no program {}", argv[0]));
        let status = f(&mut sh, &argv, &mut io);
        Out {
            status,
            stdout: String::from_utf8(io.stdout).unwrap(),
            stderr: String::from_utf8(io.stderr).unwrap(),
        }
    }

    fn run(&mut self, line: &str) -> Out {
        self.run_stdin(line, "")
    }

    fn write(&mut self, path: &str, text: &str) {
        let p = FsPath::new(path);
        self.fs.mkdir_all(&p.parent(), 0o755).unwrap();
        self.fs
            .write_file(&p, layercake::fs::Content::Bytes(text.as_bytes().to_vec().into()), 0o644)
            .unwrap();
    }

    fn exists(&self, path: &str) -> bool {
        self.fs.lstat(&FsPath::new(path)).is_ok()
    }

    fn read(&self, path: &str) -> String {
        String::from_utf8(self.fs.read_file(&FsPath::new(path)).unwrap().to_vec()).unwrap()
    }

    fn size(&self, path: &str) -> u64 {
        self.fs.stat(&FsPath::new(path)).unwrap().size()
    }

    fn du(&self, dir: &str) -> u64 {
        self.fs
            .walk(&FsPath::new(dir))
            .iter()
            .filter(|(_, n, _)| !n.is_dir())
            .map(|(_, n, _)| n.size())
            .sum()
    }
}

#[test]
fn debug_print() {
    let mut e = Env::new("ubuntu:16.04");
    let o = e.run("apt-get install -y nginx");
    println!("{o:?}");
    let o = e.run("apt-get update");
    println!("{}", o.stdout);
    let o = e.run("apt-get install -y nginx");
    println!("{}{}", o.stdout, o.stderr);
}
