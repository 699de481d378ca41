//! Overlays drawn over the current screen: help, the command palette and
//! text prompts. While one is open it receives the keys.

use super::action::Action;
use super::input::LineInput;
use super::keymap::{Keymap, Scope};

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Open an events file (then optionally a catalogue).
    OpenEvents,
    OpenItems {
        events: String,
    },
    RenameSegment(usize),
    EditTitle(usize),
    EditBody {
        index: usize,
        title: String,
    },
    ExportPath,
    RenameCampaign,
    /// Open another campaign of this data, or start one.
    SwitchCampaign,
    /// Confirm deleting the open campaign by typing its name.
    DeleteCampaign,
    PickUser,
    /// The campaign's discount in percent (empty: none).
    SetDiscount,
}

impl PromptKind {
    pub fn title(&self) -> &'static str {
        match self {
            PromptKind::OpenEvents => "Open events file (tab completes)",
            PromptKind::OpenItems { .. } => "Catalogue file, optional (enter to skip)",
            PromptKind::RenameSegment(_) => "Segment name",
            PromptKind::EditTitle(_) => "Title",
            PromptKind::EditBody { .. } => "Body",
            PromptKind::ExportPath => "Export to folder (tab completes)",
            PromptKind::RenameCampaign => "Campaign name",
            PromptKind::SwitchCampaign => "Open a campaign of this data, or type a new name",
            PromptKind::DeleteCampaign => "Type the campaign's name to delete it",
            PromptKind::PickUser => "User id (type to search)",
            PromptKind::SetDiscount => "Discount in percent the offer backs (empty: none)",
        }
    }
    pub fn completes_paths(&self) -> bool {
        matches!(
            self,
            PromptKind::OpenEvents | PromptKind::OpenItems { .. } | PromptKind::ExportPath
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Palette {
        input: LineInput,
        selected: usize,
    },
    Prompt {
        kind: PromptKind,
        input: LineInput,
        /// Completion candidates or search matches shown under the input.
        candidates: Vec<String>,
        error: Option<String>,
    },
}

impl Overlay {
    pub fn prompt(kind: PromptKind, initial: &str) -> Overlay {
        Overlay::Prompt {
            kind,
            input: LineInput::new(initial),
            candidates: Vec::new(),
            error: None,
        }
    }
    pub fn is_open(&self) -> bool {
        !matches!(self, Overlay::None)
    }
}

/// Palette entries for a screen, filtered by the query (name or description).
pub fn palette_entries(
    km: &Keymap,
    scope: Scope,
    query: &str,
) -> Vec<(Action, String, &'static str)> {
    let q = query.to_lowercase();
    let mut seen = std::collections::HashSet::new();
    km.for_scope(scope)
        .filter(|b| seen.insert(b.action))
        .filter(|b| {
            q.is_empty() || b.action.name().contains(&q) || b.desc.to_lowercase().contains(&q)
        })
        .map(|b| {
            (
                b.action,
                b.keys
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(" "),
                b.desc,
            )
        })
        .collect()
}
