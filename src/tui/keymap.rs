//! The key map as data: each binding is {keys, action, description, scope}.
//! The help overlay and the footer hints are generated from it.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with modifiers, written like `ctrl-c`, `shift-tab`, `?`, `j`, `pagedown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "tab" if mods.contains(KeyModifiers::SHIFT) => {
                mods -= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            s if s.chars().count() == 1 => KeyCode::Char(s.chars().next()?),
            s if s.starts_with('f') => KeyCode::F(s[1..].parse().ok()?),
            _ => return None,
        };
        Some(Key { code, mods })
    }

    /// Normalises a terminal key event (shift on characters is in the char).
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut mods = e.modifiers;
        if let KeyCode::Char(_) = e.code {
            mods -= KeyModifiers::SHIFT;
        }
        if e.code == KeyCode::BackTab {
            mods -= KeyModifiers::SHIFT;
        }
        Key { code: e.code, mods }
    }

    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("alt-");
        }
        s.push_str(&match self.code {
            KeyCode::Char(' ') => "space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::F(n) => format!("f{n}"),
            _ => "?".into(),
        });
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: &'static str,
    /// Short label for the footer hints (None: not in the footer).
    pub hint: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// The default key map: (keys, action, description, footer hint).
const DEFAULT: &[(&[&str], Action, &str, Option<&str>)] = &[
    (&["q", "ctrl-c"], Action::Quit, "quit", Some("quit")),
    (
        &["?", "f1"],
        Action::Help,
        "show or hide this help",
        Some("help"),
    ),
    (
        &["tab", "right", "l"],
        Action::NextScreen,
        "next screen",
        Some("screens"),
    ),
    (
        &["shift-tab", "left", "h"],
        Action::PrevScreen,
        "previous screen",
        None,
    ),
    (&["1"], Action::Screen1, "go to screen 1", None),
    (&["2"], Action::Screen2, "go to screen 2", None),
    (&["3"], Action::Screen3, "go to screen 3", None),
    (&["4"], Action::Screen4, "go to screen 4", None),
    (&["5"], Action::Screen5, "go to screen 5", None),
    (&["up", "k"], Action::Up, "move up", None),
    (&["down", "j"], Action::Down, "move down", Some("move")),
    (&["pageup", "ctrl-u"], Action::PageUp, "page up", None),
    (&["pagedown", "ctrl-d"], Action::PageDown, "page down", None),
    (&["home", "g"], Action::Top, "go to top", None),
    (&["end", "G"], Action::Bottom, "go to bottom", None),
    (
        &["esc"],
        Action::Back,
        "back, close, or cancel the running job",
        Some("back/cancel"),
    ),
    (&["r"], Action::Reload, "reload the data", Some("reload")),
];

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULT
                .iter()
                .map(|(keys, action, desc, hint)| Binding {
                    keys: keys.iter().filter_map(|k| Key::parse(k)).collect(),
                    action: *action,
                    desc,
                    hint: *hint,
                })
                .collect(),
        }
    }
}

impl Keymap {
    pub fn action_for(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    }

    pub fn keys_for(&self, action: Action) -> String {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys.iter().map(Key::label))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Footer hints: "q quit  ? help ...".
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter_map(|b| Some((b.keys.first()?.label(), b.hint?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses() {
        for (keys, _, _, _) in DEFAULT {
            for k in *keys {
                assert!(Key::parse(k).is_some(), "{k}");
            }
        }
    }

    #[test]
    fn default_keys_are_unique() {
        let km = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for b in &km.bindings {
            for k in &b.keys {
                assert!(seen.insert(*k), "{} bound twice", k.label());
            }
        }
    }

    #[test]
    fn key_events_resolve() {
        let km = Keymap::default();
        let ev = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(km.action_for(Key::from_event(&ev)), Some(Action::Help));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            km.action_for(Key::from_event(&ev)),
            Some(Action::PrevScreen)
        );
        let ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.action_for(Key::from_event(&ev)), Some(Action::Quit));
    }
}
