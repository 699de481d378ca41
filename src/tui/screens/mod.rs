//! One module per screen: its state, how actions change it, how it is drawn.

pub mod compare;
pub mod data;
pub mod segments;

use super::app::App;
use super::overlay::PromptKind;

/// Applies a submitted prompt that belongs to a screen. Ok(true): the prompt
/// opened a follow-up overlay.
pub fn submit_prompt(app: &mut App, kind: &PromptKind, text: &str) -> Result<bool, String> {
    match kind {
        PromptKind::RenameSegment(id) => segments::rename(app, *id, text),
        PromptKind::PickUser => compare::pick_user(app, text),
        other => Err(format!("{} is not available on this screen", other.title())),
    }
}

/// Opens the member selected on the Segments screen.
pub fn open_member(app: &mut App) {
    let ids = segments::member_ids(app);
    let sel = app
        .segments
        .members
        .selected
        .min(ids.len().saturating_sub(1));
    if let Some(id) = ids.get(sel).cloned() {
        if compare::pick_user(app, &id).is_ok() {
            if let Some(i) = app
                .screens
                .iter()
                .position(|s| *s == super::app::Screen::Compare)
            {
                app.go_to(i);
            }
        }
    }
}
