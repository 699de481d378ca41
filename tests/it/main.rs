//! pushbench's integration tests, in one crate so polars and candle are
//! linked once: `cargo test --test it` runs them all, `cargo test --test it
//! <module>::` one file of them.

mod campaign_support;
mod common;
mod tmux_support;
mod tui_support;

mod bad_input;
mod campaign_cli;
mod campaign_config;
mod campaign_pipeline;
mod campaign_store;
mod cli;
mod copy;
mod copy_generate;
mod copy_gguf;
mod copy_train;
mod e2e_flow;
mod e2e_tmux;
mod eval;
mod export_behaviour;
mod export_golden;
mod features;
mod loaders;
mod recommend;
mod sample_gen;
mod segment;
mod tui;
mod tui_campaign;
mod tui_snapshots;
mod tui_trust;
mod workbench;
