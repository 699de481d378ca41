//! Everything a user can do, by name. Keys map to actions through the key map;
//! `App::update` applies actions, so state changes are testable without a terminal.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    NextScreen,
    PrevScreen,
    Screen1,
    Screen2,
    Screen3,
    Screen4,
    Screen5,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Back,
    Reload,
}

impl Action {
    pub const ALL: [Action; 17] = [
        Action::Quit,
        Action::Help,
        Action::NextScreen,
        Action::PrevScreen,
        Action::Screen1,
        Action::Screen2,
        Action::Screen3,
        Action::Screen4,
        Action::Screen5,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Back,
        Action::Reload,
    ];

    /// The action's name as used in keymap.toml.
    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Screen index for the screen-jump actions.
    pub fn screen_index(&self) -> Option<usize> {
        match self {
            Action::Screen1 => Some(0),
            Action::Screen2 => Some(1),
            Action::Screen3 => Some(2),
            Action::Screen4 => Some(3),
            Action::Screen5 => Some(4),
            _ => None,
        }
    }
}
