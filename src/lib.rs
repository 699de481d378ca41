//! pushbench core: data loading, segmentation, recommendation, copy and campaign
//! logic. Nothing in the core depends on a terminal; `tui` and `cli` are thin
//! shells over it.

pub mod atomic;
pub mod campaign;
pub mod config;
pub mod copy;
pub mod data;
pub mod error;
pub mod eval;
pub mod features;
pub mod jobs;
pub mod recommend;
pub mod sample;
pub mod segment;
pub mod text;
pub mod workbench;

pub mod bench;
pub mod cli;
pub mod tui;

pub use error::{Error, Result};
