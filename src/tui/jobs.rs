//! The kinds of background job the TUI runs and what they return.

use crate::data::Dataset;
use crate::eval::EvalReport;
use crate::jobs::JobHandle;
use crate::recommend::Models;
use crate::segment::Segmentation;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Load,
    Segment,
    Fit,
    Evaluate,
}

impl JobKind {
    pub fn name(&self) -> &'static str {
        match self {
            JobKind::Load => "loading",
            JobKind::Segment => "clustering",
            JobKind::Fit => "fitting",
            JobKind::Evaluate => "evaluating",
        }
    }
}

/// Results of background jobs.
pub enum JobOutput {
    Loaded(Arc<Dataset>),
    Segmented(Box<Segmentation>),
    Fitted(Box<Models>),
    Evaluated(Box<EvalReport>),
}

/// A job in flight with its latest progress.
pub struct Running {
    pub kind: JobKind,
    pub handle: JobHandle,
    pub fraction: f64,
    pub message: String,
}
