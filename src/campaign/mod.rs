//! Campaigns: approved variants per segment with A/B splits and a control
//! group, a schedule and a platform; deterministic per-user assignment;
//! autosaved to the data folder; exported as CSV, JSON lines, OneSignal and
//! FCM request bodies with a manifest; and a headless pipeline that runs
//! segmentation, recommendation, copy and export in one go.
//!
//! For the TUI: [`Campaign`] (serde), [`store::Store`] (`open`, `save`,
//! `update`, `load_last_for`, `list`, `duplicate`, `delete`), [`rows`] (a lazy
//! preview of per-user rows) and [`export::export`] (streams, atomic, with
//! progress and cancellation through [`crate::jobs::JobCtx`]).

mod approve;
pub mod assign;
pub mod bench;
pub mod config;
pub mod copywriter;
pub mod edit;
pub mod export;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod schedule;
pub mod source;
pub mod store;
pub mod toml_file;
mod validate;

pub use assign::Arm;
pub use edit::Edit;
pub use export::{export, ExportInputs, ExportReport, Format};
pub use model::{
    ApprovedVariant, Campaign, DatasetBinding, Delivery, FcmTarget, Invalid, Platform, Provenance,
    SegmentPlan,
};
pub use plan::{rows, Plan, Row, Rows};
pub use schedule::{QuietHours, Schedule, SendMode};
pub use source::{DatasetSource, ItemView, OwnedItem, UserSource, VecSource};
pub use store::Store;
