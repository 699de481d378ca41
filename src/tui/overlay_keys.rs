//! Key handling while an overlay (help, palette, prompt) is open.

use super::app::App;
use super::input::{complete_path, InputResult};
use super::key::Key;
use super::overlay::{palette_entries, Overlay, PromptKind};
use crossterm::event::KeyCode;

pub fn handle(app: &mut App, key: Key) {
    let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
    app.overlay = match overlay {
        Overlay::None => Overlay::None,
        Overlay::Help { scroll } => {
            // navigation keys scroll; the help key, esc or back close it
            use super::action::Action;
            let last = super::ui::help_lines(app, 74).len().saturating_sub(1);
            let scroll = scroll.min(last);
            match app.keymap.action_for(app.scope(), key) {
                Some(Action::Quit) => {
                    app.should_quit = true;
                    Overlay::None
                }
                Some(Action::Help) | Some(Action::Back) => Overlay::None,
                _ if key.code == KeyCode::Esc => Overlay::None,
                Some(Action::Down) => Overlay::Help {
                    scroll: (scroll + 1).min(last),
                },
                Some(Action::Up) => Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                },
                Some(Action::PageDown) => Overlay::Help {
                    scroll: (scroll + 10).min(last),
                },
                Some(Action::PageUp) => Overlay::Help {
                    scroll: scroll.saturating_sub(10),
                },
                Some(Action::Top) => Overlay::Help { scroll: 0 },
                Some(Action::Bottom) => Overlay::Help { scroll: last },
                _ => Overlay::Help { scroll },
            }
        }
        Overlay::Palette {
            mut input,
            mut selected,
        } => {
            let n = palette_entries(&app.keymap, app.scope(), &input.text).len();
            match input.handle(key) {
                InputResult::Cancel => Overlay::None,
                InputResult::Submit => {
                    let entries = palette_entries(&app.keymap, app.scope(), &input.text);
                    if let Some(e) = entries.get(selected) {
                        app.run_in_scope(e.scope, e.action);
                    }
                    // the action may have opened another overlay
                    return;
                }
                InputResult::Up => {
                    selected = selected.saturating_sub(1);
                    Overlay::Palette { input, selected }
                }
                InputResult::Down => {
                    selected = (selected + 1).min(n.saturating_sub(1));
                    Overlay::Palette { input, selected }
                }
                InputResult::Changed => Overlay::Palette { input, selected: 0 },
                _ => Overlay::Palette { input, selected },
            }
        }
        Overlay::Prompt {
            kind,
            mut input,
            mut candidates,
            error,
        } => match input.handle(key) {
            InputResult::Cancel => Overlay::None,
            InputResult::Complete if kind.completes_paths() => {
                let (completed, names) = complete_path(&input.text);
                input.set(&completed);
                candidates = if names.len() > 1 { names } else { Vec::new() };
                Overlay::Prompt {
                    kind,
                    input,
                    candidates,
                    error: None,
                }
            }
            InputResult::Submit => {
                let text = input.text.trim().to_string();
                match submit(app, &kind, &text) {
                    Ok(next) => {
                        // submit may have set another overlay (next prompt)
                        if next {
                            return;
                        }
                        Overlay::None
                    }
                    Err(msg) => Overlay::Prompt {
                        kind,
                        input,
                        candidates,
                        error: Some(msg),
                    },
                }
            }
            InputResult::Changed
                if matches!(kind, PromptKind::PickUser | PromptKind::SwitchCampaign) =>
            {
                let candidates = if kind == PromptKind::PickUser {
                    super::screens::compare::search_users(app, &input.text, 8)
                } else {
                    super::screens::campaign::campaign_candidates(app, &input.text)
                };
                Overlay::Prompt {
                    kind,
                    input,
                    candidates,
                    error: None,
                }
            }
            _ => Overlay::Prompt {
                kind,
                input,
                candidates,
                error,
            },
        },
    };
}

/// Applies a submitted prompt. Ok(true): a follow-up overlay was opened.
fn submit(app: &mut App, kind: &PromptKind, text: &str) -> Result<bool, String> {
    match kind {
        PromptKind::OpenEvents => {
            if text.is_empty() {
                return Err("enter a path".into());
            }
            let p = std::path::Path::new(text);
            if !p.is_file() {
                return Err(format!("{text}: no such file"));
            }
            app.overlay = Overlay::prompt(
                PromptKind::OpenItems {
                    events: text.to_string(),
                },
                "",
            );
            Ok(true)
        }
        PromptKind::OpenItems { events } => {
            if !text.is_empty() && !std::path::Path::new(text).is_file() {
                return Err(format!("{text}: no such file"));
            }
            let events = events.clone();
            app.open_files(&events, (!text.is_empty()).then_some(text));
            Ok(false)
        }
        other => super::screens::submit_prompt(app, other, text),
    }
}
