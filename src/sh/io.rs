//! What a command sees of the outside world: its standard input (a shared cursor, so a
//! `while read` loop consumes a file line by line), and the standard output and error it
//! writes. Output is buffered per command; the interpreter routes it afterwards (to the build
//! log, a file, a pipe or a command substitution).

use std::cell::RefCell;
use std::rc::Rc;

/// Standard input: bytes and a read position, shared by the commands that inherit it.
#[derive(Debug, Clone, Default)]
pub struct Stdin(Rc<RefCell<(Vec<u8>, usize)>>);

impl Stdin {
    /// Input with these bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Stdin {
        Stdin(Rc::new(RefCell::new((bytes, 0))))
    }

    /// Everything not read yet.
    pub fn read_all(&self) -> Vec<u8> {
        let mut s = self.0.borrow_mut();
        let (data, pos) = &mut *s;
        let rest = data[*pos..].to_vec();
        *pos = data.len();
        rest
    }

    /// The next line, without its newline; `None` at end of input. A last line without a
    /// newline is returned too (then the next call gives `None`).
    pub fn read_line(&self) -> Option<(Vec<u8>, bool)> {
        let mut s = self.0.borrow_mut();
        let (data, pos) = &mut *s;
        if *pos >= data.len() {
            return None;
        }
        let rest = &data[*pos..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let line = rest[..i].to_vec();
                *pos += i + 1;
                Some((line, true))
            }
            None => {
                let line = rest.to_vec();
                *pos = data.len();
                Some((line, false))
            }
        }
    }
}

/// A command's standard streams.
#[derive(Debug, Default)]
pub struct Io {
    /// Standard input.
    pub stdin: Stdin,
    /// What the command wrote to standard output.
    pub stdout: Vec<u8>,
    /// What the command wrote to standard error.
    pub stderr: Vec<u8>,
}

impl Io {
    /// Streams over `stdin`, with empty outputs.
    pub fn new(stdin: Stdin) -> Io {
        Io {
            stdin,
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    /// Writes to standard output.
    pub fn print(&mut self, s: impl AsRef<[u8]>) {
        self.stdout.extend_from_slice(s.as_ref());
    }

    /// Writes a line to standard output.
    pub fn println(&mut self, s: impl AsRef<[u8]>) {
        self.print(s);
        self.stdout.push(b'\n');
    }

    /// Writes to standard error.
    pub fn eprint(&mut self, s: impl AsRef<[u8]>) {
        self.stderr.extend_from_slice(s.as_ref());
    }

    /// Writes `prog: message` and a newline to standard error and returns `status`, the
    /// usual way a utility reports a failure: `return io.fail("cat", "x: No such file", 1)`.
    pub fn fail(&mut self, prog: &str, message: impl std::fmt::Display, status: i32) -> i32 {
        self.eprint(format!("{prog}: {message}\n"));
        status
    }

    /// All of standard input not read yet.
    pub fn read_stdin(&mut self) -> Vec<u8> {
        self.stdin.read_all()
    }
}
