//! Shared by the TUI test files: the sample app, polling jobs like the event
//! loop does, and rendering on ratatui's TestBackend.
#![allow(dead_code)]

use pushbench::data::{self, bundled};
use pushbench::jobs::JobCtx;
use pushbench::tui::app::App;
use pushbench::tui::keymap::Keymap;
use pushbench::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::Duration;

pub fn sample_app() -> App {
    let ds = data::load(&bundled::options(), &JobCtx::none()).unwrap();
    App::with_dataset(ds, Keymap::default(), Theme::mono())
}

/// The sample app with segments, models and metrics computed.
pub fn analysed_app() -> App {
    let mut app = sample_app();
    app.start_analysis();
    wait_idle(&mut app);
    app
}

pub fn wait_idle(app: &mut App) {
    for _ in 0..60_000 {
        app.poll_jobs();
        if !app.busy() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("jobs never finished");
}

pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| pushbench::tui::ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
