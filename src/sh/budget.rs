//! Budgets: what one `RUN` step may spend — commands run, bytes printed, bytes written, the
//! size of one file, call depth. Running out stops the step with an error naming the budget,
//! so `while true; do :; done` ends at once, not after a timeout.

/// The limits of one sandboxed process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Commands and loop iterations executed.
    pub steps: u64,
    /// Bytes written to the build log.
    pub output: u64,
    /// Bytes written to files, in all.
    pub written: u64,
    /// Size of one file.
    pub file_size: u64,
    /// Nesting of function calls, subshells and command substitutions.
    pub depth: usize,
    /// Bytes of file content read (synthetic base-image files are generated when read).
    pub read: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps: 200_000,
            output: 1 << 20,
            written: 4 << 30,
            file_size: 2 << 30,
            depth: 50,
            read: 1 << 30,
        }
    }
}

/// Which budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetKind {
    /// Too many commands.
    Steps,
    /// Too much output.
    Output,
    /// Too many bytes written.
    Written,
    /// One file too large.
    FileSize,
    /// Too deep.
    Depth,
    /// Too many bytes read.
    Read,
}

impl BudgetKind {
    /// The error text.
    pub fn message(self) -> &'static str {
        match self {
            BudgetKind::Steps => "step budget exceeded (the sandbox runs at most 200,000 commands per RUN; is there an endless loop?)",
            BudgetKind::Output => "output budget exceeded (the build log keeps at most 1 MiB per RUN)",
            BudgetKind::Written => "write budget exceeded (a RUN may write at most 4 GiB)",
            BudgetKind::FileSize => "file size budget exceeded (a file may hold at most 2 GiB)",
            BudgetKind::Depth => "depth budget exceeded (functions, subshells and substitutions nest at most 50 deep)",
            BudgetKind::Read => "read budget exceeded (a RUN may read at most 1 GiB of file content)",
        }
    }

    /// The budget's short name (`steps`, `output` …).
    pub fn name(self) -> &'static str {
        match self {
            BudgetKind::Steps => "steps",
            BudgetKind::Output => "output",
            BudgetKind::Written => "written bytes",
            BudgetKind::FileSize => "file size",
            BudgetKind::Depth => "depth",
            BudgetKind::Read => "read bytes",
        }
    }
}

/// What is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The limits.
    pub limits: Limits,
    /// Steps taken.
    pub steps: u64,
    /// Bytes printed.
    pub output: u64,
    /// Bytes written.
    pub written: u64,
}

impl Budget {
    /// A full budget.
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            steps: 0,
            output: 0,
            written: 0,
        }
    }

    /// One more step.
    pub fn step(&mut self) -> Result<(), BudgetKind> {
        self.steps += 1;
        if self.steps > self.limits.steps {
            return Err(BudgetKind::Steps);
        }
        Ok(())
    }

    /// `n` more bytes of output.
    pub fn charge_output(&mut self, n: u64) -> Result<(), BudgetKind> {
        self.output += n;
        if self.output > self.limits.output {
            return Err(BudgetKind::Output);
        }
        Ok(())
    }

    /// `n` more bytes written to files.
    pub fn charge_write(&mut self, n: u64) -> Result<(), BudgetKind> {
        self.written += n;
        if self.written > self.limits.written {
            return Err(BudgetKind::Written);
        }
        if n > self.limits.file_size {
            return Err(BudgetKind::FileSize);
        }
        Ok(())
    }

    /// A file of `size` bytes.
    pub fn check_file(&self, size: u64) -> Result<(), BudgetKind> {
        if size > self.limits.file_size {
            return Err(BudgetKind::FileSize);
        }
        Ok(())
    }
}
