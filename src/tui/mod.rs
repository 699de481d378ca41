//! The terminal UI: a thin shell over the core. Terminal I/O lives in
//! `terminal`; state in `app`; drawing in `ui` and `screens`.

pub mod action;
pub mod app;
pub mod keymap;
pub mod screens;
mod terminal;
pub mod theme;
pub mod ui;

use crate::config::{Config, Paths};
use crate::data::LoadOptions;
use crate::error::Result;

/// Opens the TUI on `opts` (loaded in the background) and runs until quit.
pub fn run(opts: LoadOptions, paths: &Paths, config: &Config) -> Result<()> {
    let _log = terminal::init_logging(paths);
    let keymap = keymap::Keymap::default();
    let theme = theme::Theme::from_config(&config.ui.theme);
    let app = app::App::new(opts, keymap, theme);
    terminal::run_app(app, config.ui.mouse)
}
