//! The kinds of background job the TUI runs and what they return.

use crate::campaign::export::ExportReport;
use crate::copy::{Generator, Variant};
use crate::eval::{EvalReport, MethodMetrics, Prepared};
use crate::jobs::JobHandle;
use crate::recommend::{CfModel, Models};
use crate::segment::Segmentation;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Load,
    Segment,
    Fit,
    Evaluate,
    /// Scoring the hybrid again at a new blend.
    Rescore,
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
            JobKind::Rescore => "scoring the hybrid",
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
    /// The report, and the fitted split it came from (to rescore the hybrid).
    Evaluated(Box<EvalReport>, Arc<Prepared>),
    /// The hybrid's metrics at a blend (weight, CF model).
    Rescored(Box<MethodMetrics>, (f32, CfModel)),
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
