//! Terminal setup and restore (also on panic), logging to a file, the input
//! thread and the event loop.

use super::app::App;
use super::keymap::Key;
use crate::config::Paths;
use crate::error::{Error, Result};
use crossterm::event::{self, Event, KeyEventKind};
use std::sync::mpsc;
use std::time::Duration;

/// Sends log records to `<data>/logs/pushbench.log`, never to the screen.
pub fn init_logging(paths: &Paths) -> Option<()> {
    let dir = paths.log_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("pushbench.log"))
        .ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("PUSHBENCH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()
}

enum Input {
    Key(crossterm::event::KeyEvent),
    Click(u16, u16),
    Scroll(bool),
    Resize,
}

pub fn run_app(mut app: App) -> Result<()> {
    let mouse = app.mouse;
    let mut terminal =
        ratatui::try_init().map_err(|e| Error::Other(format!("cannot open the terminal: {e}")))?;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let (tx, rx) = mpsc::channel::<Input>();
    // Input thread: blocks on the terminal, forwards keys; exits when the
    // receiver is gone.
    std::thread::spawn(move || loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                if tx.send(Input::Key(k)).is_err() {
                    break;
                }
            }
            Ok(Event::Mouse(m)) => {
                use crossterm::event::{MouseButton, MouseEventKind};
                let input = match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(Input::Click(m.column, m.row)),
                    MouseEventKind::ScrollUp => Some(Input::Scroll(true)),
                    MouseEventKind::ScrollDown => Some(Input::Scroll(false)),
                    _ => None,
                };
                if let Some(i) = input {
                    if tx.send(i).is_err() {
                        break;
                    }
                }
            }
            Ok(Event::Resize(..)) => {
                if tx.send(Input::Resize).is_err() {
                    break;
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    });
    let result = (|| -> Result<()> {
        let mut dirty = true;
        while !app.should_quit {
            if app.poll_jobs() {
                dirty = true;
            }
            if dirty {
                terminal
                    .draw(|f| super::ui::draw(f, &app))
                    .map_err(|e| Error::Other(format!("drawing failed: {e}")))?;
                dirty = false;
            }
            match rx.recv_timeout(Duration::from_millis(33)) {
                Ok(input) => {
                    handle(&mut app, input);
                    dirty = true;
                    // apply everything already queued before redrawing
                    while let Ok(input) = rx.try_recv() {
                        handle(&mut app, input);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // keep the progress gauge moving while a job runs
                    if app.job_running().is_some() {
                        dirty = true;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        Ok(())
    })();
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    }
    ratatui::restore();
    result
}

/// Applies one input from the terminal to the app.
fn handle(app: &mut App, input: Input) {
    match input {
        Input::Key(k) => app.on_key(Key::from_event(&k)),
        Input::Click(x, y) => app.on_click(x, y),
        Input::Scroll(up) => app.update(if up {
            super::action::Action::Up
        } else {
            super::action::Action::Down
        }),
        Input::Resize => {}
    }
}
