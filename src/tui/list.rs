//! Selection and `/` filtering of a list, shared by every screen's lists.

use super::action::Action;
use super::input::{InputResult, LineInput};
use super::key::Key;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListView {
    /// Index into the *filtered* rows.
    pub selected: usize,
    pub filter: LineInput,
    /// True while the filter line has the keys.
    pub filtering: bool,
}

impl ListView {
    /// Indices of the rows whose label matches the filter (case-insensitive).
    pub fn visible<'a>(&self, labels: impl Iterator<Item = &'a str>) -> Vec<usize> {
        let q = self.filter.text.to_lowercase();
        labels
            .enumerate()
            .filter(|(_, l)| q.is_empty() || l.to_lowercase().contains(&q))
            .map(|(i, _)| i)
            .collect()
    }

    /// The selected row's index in the unfiltered list.
    pub fn selected_index(&self, visible: &[usize]) -> Option<usize> {
        visible
            .get(self.selected.min(visible.len().saturating_sub(1)))
            .copied()
    }

    pub fn navigate(&mut self, a: Action, n: usize) {
        self.selected = step(self.selected, n, a);
    }

    pub fn start_filter(&mut self) {
        self.filtering = true;
    }

    /// Feeds a key to the filter line; returns false when filtering ended.
    pub fn filter_key(&mut self, key: Key) -> bool {
        match self.filter.handle(key) {
            InputResult::Submit => {
                self.filtering = false;
                false
            }
            InputResult::Cancel => {
                self.filter.set("");
                self.filtering = false;
                self.selected = 0;
                false
            }
            InputResult::Changed => {
                self.selected = 0;
                true
            }
            _ => true,
        }
    }
}

/// Moves a list selection of `n` entries by a navigation action.
pub fn step(sel: usize, n: usize, a: Action) -> usize {
    if n == 0 {
        return 0;
    }
    match a {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (sel + 1).min(n - 1),
        Action::PageUp => sel.saturating_sub(10),
        Action::PageDown => (sel + 10).min(n - 1),
        Action::Top => 0,
        Action::Bottom => n - 1,
        _ => sel.min(n - 1),
    }
}
