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
    SendTime,
    QuietHours,
    DeepLink,
    Owner,
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
            PromptKind::SendTime => "Send: now, 18:30 (each user's zone), 18:30 2026-11-03, or 2026-11-03T18:30:00+01:00",
            PromptKind::QuietHours => "Quiet hours, like 22:00-08:00 (empty: none)",
            PromptKind::DeepLink => "Link a push opens, like myshop://product/{item_id} or https://…",
            PromptKind::Owner => "Campaign owner (empty: none)",
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
    /// The help page, scrolled down by `scroll` lines.
    Help {
        scroll: usize,
    },
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

/// A command palette entry: an action of some screen (or global).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub scope: Scope,
    pub action: Action,
    pub keys: String,
    pub desc: &'static str,
}

/// Palette entries of every screen, the current screen's and the global ones
/// first, filtered by the query (action name, description or screen name).
/// Running an entry of another screen switches to that screen first.
pub fn palette_entries(km: &Keymap, scope: Scope, query: &str) -> Vec<Entry> {
    let q = query.to_lowercase();
    let mut seen = std::collections::HashSet::new();
    let here = km.for_scope(scope);
    let elsewhere = Scope::ALL
        .into_iter()
        .filter(move |s| *s != scope && *s != Scope::Global)
        .flat_map(move |s| km.bindings.iter().filter(move |b| b.scope == s));
    here.chain(elsewhere)
        .filter(|b| seen.insert((b.scope, b.action)))
        .filter(|b| {
            q.is_empty()
                || b.action.name().contains(&q)
                || b.desc.to_lowercase().contains(&q)
                || (b.scope != Scope::Global && b.scope.name().contains(&q))
        })
        .map(|b| Entry {
            scope: b.scope,
            action: b.action,
            keys: b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" "),
            desc: b.desc,
        })
        .collect()
}
