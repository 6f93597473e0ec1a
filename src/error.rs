//! Typed errors of the library. One place (the CLI's `main`) maps them to
//! exit code 2; none of them is ever a panic.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem at a place in a file: a config key, a rule file value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    /// 1-based; 0 when the place is the whole file.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Located {
    pub fn new(path: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Located {
            path: path.to_path_buf(),
            line: line as u32,
            column: column as u32,
            message: message.into(),
        }
    }

    /// At the location serde-saphyr recorded for a value.
    pub fn at(path: &Path, loc: &serde_saphyr::Location, message: impl Into<String>) -> Self {
        Located::new(path, loc.line(), loc.column(), message)
    }

    /// From a serde-saphyr error: its message without the snippet and
    /// without the position it repeats.
    pub fn from_yaml(path: &Path, e: &serde_saphyr::Error) -> Self {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        Located::new(path, line, column, yaml_message(e))
    }
}

/// serde-saphyr's message without the `line N column M:` prefix and the
/// `at line N, column M` suffix (the position is reported separately).
pub fn yaml_message(e: &serde_saphyr::Error) -> String {
    let msg = e.without_snippet().to_string();
    let mut msg = msg.strip_prefix("error: ").unwrap_or(&msg);
    if msg.starts_with("line ")
        && let Some(i) = msg.find(": ")
    {
        msg = &msg[i + 2..];
    }
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

#[derive(Debug)]
pub enum Error {
    /// A bad config file, rule file or rule option.
    Config(Vec<Located>),
    /// A file or folder that could not be read.
    Io { path: PathBuf, message: String },
    /// A bad command line.
    Usage(String),
}

impl Error {
    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            message: io_message(e),
        }
    }
}

/// An I/O error in plain words, without Rust's `(os error 2)` suffix.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        InvalidData => "not valid UTF-8 text".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Error::Io { path, message } => write!(f, "{}: {}", path.display(), message),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}
