//! The kinds of background job the TUI runs and what they return.

use crate::campaign::export::ExportReport;
use crate::copy::{Generator, Variant};
use crate::eval::EvalReport;
use crate::jobs::JobHandle;
use crate::recommend::Models;
use crate::segment::Segmentation;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Load,
    Segment,
    Fit,
    Evaluate,
    Generate,
    Export,
}

impl JobKind {
    pub fn name(&self) -> &'static str {
        match self {
            JobKind::Load => "loading",
            JobKind::Segment => "clustering",
            JobKind::Fit => "fitting",
            JobKind::Evaluate => "evaluating",
            JobKind::Generate => "writing copy",
            JobKind::Export => "exporting",
        }
    }
}

/// Results of background jobs.
pub enum JobOutput {
    Loaded(Box<crate::workbench::Data>),
    Segmented(Box<Segmentation>),
    Fitted(Box<Models>),
    Evaluated(Box<EvalReport>),
    Generated {
        generator: Arc<Generator>,
        variants: Vec<Variant>,
    },
    Exported(Box<ExportReport>),
    /// The export's files exist already: (folder, message).
    ExportExists(PathBuf, String),
}

/// A job in flight with its latest progress.
pub struct Running {
    pub kind: JobKind,
    pub handle: JobHandle,
    pub fraction: f64,
    pub message: String,
}
