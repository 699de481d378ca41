//! Error type of the core. Every user-facing failure names the file and, when it
//! applies, the row, the column and the offending value.

use std::fmt;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input file a problem was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line number in the file (header counts as line 1) or record number
    /// for Parquet/JSON inputs.
    pub row: Option<usize>,
    pub column: Option<String>,
    pub value: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }
    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn value(mut self, value: impl Into<String>) -> Self {
        let v: String = value.into();
        // Keep messages short and printable: the value comes from untrusted data.
        let mut clean = crate::text::sanitize(&v);
        if clean.chars().count() > 60 {
            clean = clean.chars().take(57).collect::<String>() + "...";
        }
        self.value = Some(clean);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value '{v}'")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input data: the message says what is wrong, the location where.
    #[error("{loc}: {message}")]
    Input { loc: Location, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("configuration {file}: {message}")]
    Config { file: String, message: String },
    /// A campaign opened or exported against data it was not built on.
    #[error("campaign {campaign} does not match the data: {message}; pass --rebind to resolve it against this data")]
    DatasetMismatch { campaign: String, message: String },
    /// Output files that are already there (the user must agree to overwrite).
    #[error("{path}: already exists (pass --force to overwrite)")]
    Exists { path: PathBuf },
    /// The model runtime (candle) failed.
    #[error("candle: {0}")]
    Model(#[from] candle_core::Error),
    /// The data engine (polars) failed outside any one input file.
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn input(loc: Location, message: impl Into<String>) -> Self {
        Error::Input {
            loc,
            message: message.into(),
        }
    }
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
    /// Process exit code for this error: 2 bad input or config, 130 cancelled,
    /// 1 anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. }
            | Error::Config { .. }
            | Error::DatasetMismatch { .. }
            | Error::Exists { .. } => 2,
            Error::Cancelled => 130,
            Error::Io { .. } | Error::Model(_) | Error::Polars(_) | Error::Other(_) => 1,
        }
    }
}
