//! A one-line text input (prompts, filters, the palette, in-place edits).

use super::key::Key;
use crossterm::event::{KeyCode, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputResult {
    Changed,
    Unchanged,
    Submit,
    Cancel,
    /// Tab: completion requested.
    Complete,
    Up,
    Down,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    pub fn set(&mut self, text: &str) {
        *self = LineInput::new(text);
    }

    pub fn handle(&mut self, key: Key) -> InputResult {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => InputResult::Submit,
            KeyCode::Esc => InputResult::Cancel,
            KeyCode::Tab => InputResult::Complete,
            KeyCode::Up => InputResult::Up,
            KeyCode::Down => InputResult::Down,
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
                InputResult::Changed
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                InputResult::Unchanged
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.text.chars().count();
                InputResult::Unchanged
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let b = self.byte_at(self.cursor);
                self.text.insert(b, c);
                self.cursor += 1;
                InputResult::Changed
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let b = self.byte_at(self.cursor - 1);
                self.text.remove(b);
                self.cursor -= 1;
                InputResult::Changed
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let b = self.byte_at(self.cursor);
                self.text.remove(b);
                InputResult::Changed
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                InputResult::Unchanged
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.text.chars().count());
                InputResult::Unchanged
            }
            KeyCode::Home => {
                self.cursor = 0;
                InputResult::Unchanged
            }
            KeyCode::End => {
                self.cursor = self.text.chars().count();
                InputResult::Unchanged
            }
            _ => InputResult::Unchanged,
        }
    }
}

/// Completes a path prefix: the longest common completion and the candidates.
pub fn complete_path(input: &str) -> (String, Vec<String>) {
    let expanded = if let Some(rest) = input.strip_prefix("~/") {
        std::env::var("HOME")
            .map(|h| format!("{h}/{rest}"))
            .unwrap_or_else(|_| input.to_string())
    } else {
        input.to_string()
    };
    let (dir, prefix) = match expanded.rfind('/') {
        Some(i) => (expanded[..=i].to_string(), expanded[i + 1..].to_string()),
        None => (String::new(), expanded.clone()),
    };
    let read_dir = if dir.is_empty() { "." } else { dir.as_str() };
    let mut names: Vec<String> = match std::fs::read_dir(read_dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                if !name.starts_with(&prefix) || (name.starts_with('.') && !prefix.starts_with('.'))
                {
                    return None;
                }
                let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
                Some(if is_dir { format!("{name}/") } else { name })
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let completed = match names.as_slice() {
        [] => expanded.clone(),
        [one] => format!("{dir}{one}"),
        many => {
            let first = &many[0];
            let mut common = first.len();
            for n in many {
                common = common.min(
                    first
                        .chars()
                        .zip(n.chars())
                        .take_while(|(a, b)| a == b)
                        .map(|(a, _)| a.len_utf8())
                        .sum(),
                );
            }
            format!("{dir}{}", &first[..common])
        }
    };
    (completed, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn edits_with_unicode() {
        let mut i = LineInput::new("héllo");
        assert_eq!(i.handle(k("backspace")), InputResult::Changed);
        assert_eq!(i.text, "héll");
        i.handle(k("home"));
        i.handle(k("🎉"));
        assert_eq!(i.text, "🎉héll");
        i.handle(k("right"));
        i.handle(k("delete"));
        assert_eq!(i.text, "🎉hll");
        assert_eq!(i.handle(k("enter")), InputResult::Submit);
        assert_eq!(i.handle(k("ctrl-u")), InputResult::Changed);
        assert_eq!(i.text, "");
    }

    #[test]
    fn completes_paths() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("events_a.csv"), "").unwrap();
        std::fs::write(d.path().join("events_b.csv"), "").unwrap();
        std::fs::create_dir(d.path().join("items")).unwrap();
        let base = d.path().display().to_string();
        let (c, names) = complete_path(&format!("{base}/ev"));
        assert_eq!(c, format!("{base}/events_"));
        assert_eq!(names.len(), 2);
        let (c, _) = complete_path(&format!("{base}/it"));
        assert_eq!(c, format!("{base}/items/"));
    }
}
