//! The terminal UI: a thin shell over the core. Terminal I/O lives in
//! `terminal`; state in `app`; drawing in `ui` and `screens`.

pub mod action;
pub mod app;
pub mod bench;
pub mod glossary;
pub mod input;
pub mod jobs;
pub mod key;
pub mod keymap;
pub mod list;
pub mod overlay;
mod overlay_keys;
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
    let keymap_file = paths.config_dir.join("keymap.toml");
    let (keymap, warnings) = keymap::Keymap::load(&keymap_file)?;
    for w in &warnings {
        tracing::warn!("{w}");
    }
    let theme = theme::Theme::from_config(&config.ui.theme);
    let mut app = app::App::new(opts, keymap, theme);
    app.mouse = config.ui.mouse;
    app.warnings = warnings;
    match crate::campaign::Store::open(paths) {
        Ok(store) => app.attach_store(store, config.owner.clone()),
        Err(e) => app
            .warnings
            .push(format!("campaigns will not be saved: {e}")),
    }
    terminal::run_app(app)
}
