//! The key map as data: each binding is {scope, keys, action, description}.
//! The help overlay, the command palette and the footer hints are generated
//! from it. A user's `keymap.toml` overrides only the actions it names.

use super::action::Action;
pub use super::key::Key;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Where a binding applies: everywhere, or on one screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Data,
    Segments,
    Compare,
    Copy,
    Campaign,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::Global,
        Scope::Data,
        Scope::Segments,
        Scope::Compare,
        Scope::Copy,
        Scope::Campaign,
    ];
    pub fn name(&self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Data => "data",
            Scope::Segments => "segments",
            Scope::Compare => "compare",
            Scope::Copy => "copy",
            Scope::Campaign => "campaign",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub scope: Scope,
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: &'static str,
    /// Short label for the footer hints (None: not in the footer).
    pub hint: Option<&'static str>,
}

type Row = (
    Scope,
    &'static [&'static str],
    Action,
    &'static str,
    Option<&'static str>,
);

/// The default key map.
#[rustfmt::skip]
const DEFAULT: &[Row] = &[
    (Scope::Global, &["q", "ctrl-c"], Action::Quit, "quit", Some("quit")),
    (Scope::Global, &["?", "f1"], Action::Help, "show or hide this help", Some("help")),
    (Scope::Global, &[":"], Action::Palette, "command palette: run any action by name", None),
    (Scope::Global, &["/"], Action::Filter, "search or filter the list", None),
    (Scope::Global, &["o"], Action::Open, "open a data file", None),
    (Scope::Global, &["tab"], Action::NextScreen, "next screen", Some("screens")),
    (Scope::Global, &["shift-tab"], Action::PrevScreen, "previous screen", None),
    (Scope::Global, &["1"], Action::Screen1, "go to screen 1", None),
    (Scope::Global, &["2"], Action::Screen2, "go to screen 2", None),
    (Scope::Global, &["3"], Action::Screen3, "go to screen 3", None),
    (Scope::Global, &["4"], Action::Screen4, "go to screen 4", None),
    (Scope::Global, &["5"], Action::Screen5, "go to screen 5", None),
    (Scope::Global, &["up", "k"], Action::Up, "move up", None),
    (Scope::Global, &["down", "j"], Action::Down, "move down", None),
    (Scope::Global, &["left", "h"], Action::Left, "move left (Compare: previous column)", None),
    (Scope::Global, &["right", "l"], Action::Right, "move right (Compare: next column)", None),
    (Scope::Global, &["pageup", "ctrl-u"], Action::PageUp, "page up", None),
    (Scope::Global, &["pagedown", "ctrl-d"], Action::PageDown, "page down", None),
    (Scope::Global, &["home", "g"], Action::Top, "go to top", None),
    (Scope::Global, &["end", "G"], Action::Bottom, "go to bottom", None),
    (Scope::Global, &["enter"], Action::Enter, "open or drill into the selection", None),
    (Scope::Global, &["esc"], Action::Back, "back, close, or cancel the running job", Some("back")),
    (Scope::Global, &["ctrl-r"], Action::Reload, "reload the data", None),
    (Scope::Segments, &["+", "="], Action::KMore, "one more segment (k + 1)", Some("k±")),
    (Scope::Segments, &["-"], Action::KLess, "one segment fewer (k - 1)", None),
    (Scope::Segments, &["a"], Action::KAuto, "choose k automatically (silhouette)", None),
    (Scope::Segments, &["m"], Action::CycleAlgo, "switch algorithm (k-means, GMM, DBSCAN)", Some("algo")),
    (Scope::Segments, &["n"], Action::Rename, "rename the selected segment", Some("rename")),
    (Scope::Compare, &["]"], Action::WeightUp, "more CF weight in the hybrid", Some("weight")),
    (Scope::Compare, &["["], Action::WeightDown, "more content weight in the hybrid", None),
    (Scope::Compare, &["m"], Action::CycleCf, "switch CF model (item-kNN, ALS, EASE)", Some("model")),
    (Scope::Compare, &["u"], Action::PickUser, "pick a user (type to search)", Some("user")),
    (Scope::Copy, &["a"], Action::Approve, "approve the selected variant", Some("approve")),
    (Scope::Copy, &["x"], Action::Reject, "reject the selected variant", Some("reject")),
    (Scope::Copy, &["e"], Action::Edit, "edit the selected variant", Some("edit")),
    (Scope::Copy, &["n"], Action::Regenerate, "regenerate the selected variant", Some("regen")),
    (Scope::Copy, &["N"], Action::RegenerateAll, "regenerate all variants", None),
    (Scope::Copy, &["t"], Action::CycleTone, "switch tone", Some("tone")),
    (Scope::Copy, &["f"], Action::CycleOffer, "switch offer (auto: what the data backs)", Some("offer")),
    (Scope::Copy, &["%"], Action::SetDiscount, "set the discount the offer backs", None),
    (Scope::Copy, &["p"], Action::CyclePlatform, "switch platform preview", None),
    (Scope::Copy, &["u"], Action::Undo, "undo the last approval, rejection or edit", None),
    (Scope::Campaign, &["e"], Action::Export, "export the campaign", Some("export")),
    (Scope::Campaign, &["f"], Action::CycleFormat, "switch export format", Some("format")),
    (Scope::Campaign, &["+", "="], Action::ControlMore, "hold out 5% more users as the control group", Some("control±")),
    (Scope::Campaign, &["-"], Action::ControlLess, "hold out 5% fewer users as the control group", None),
    (Scope::Campaign, &["n"], Action::RenameCampaign, "rename the campaign", Some("rename")),
    (Scope::Campaign, &["u"], Action::Undo, "undo the last change", None),
    (Scope::Campaign, &["c"], Action::SwitchCampaign, "open another campaign of this data, or start a new one", Some("campaigns")),
    (Scope::Campaign, &["C"], Action::DuplicateCampaign, "duplicate this campaign and open the copy", None),
    (Scope::Campaign, &["D"], Action::DeleteCampaign, "delete this campaign (asks for its name)", None),
    (Scope::Campaign, &["s"], Action::SetSchedule, "set when the pushes go out (now, a time, or a time in each user's zone)", Some("send time")),
    (Scope::Campaign, &["z"], Action::SetQuietHours, "set quiet hours when no push goes out", None),
    (Scope::Campaign, &["L"], Action::SetDeepLink, "set the link a push opens", None),
    (Scope::Campaign, &["O"], Action::SetOwner, "set who owns the campaign", None),
];

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULT
                .iter()
                .map(|(scope, keys, action, desc, hint)| Binding {
                    scope: *scope,
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
    /// The binding for a key on a screen: the screen's own first, then global.
    pub fn action_for(&self, scope: Scope, key: Key) -> Option<Action> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == s && b.keys.contains(&key))
                .map(|b| b.action)
        };
        find(scope).or_else(|| find(Scope::Global))
    }

    /// Bindings that apply on a screen (its own, then the global ones).
    pub fn for_scope(&self, scope: Scope) -> impl Iterator<Item = &Binding> {
        self.bindings
            .iter()
            .filter(move |b| b.scope == scope && scope != Scope::Global)
            .chain(
                self.bindings
                    .iter()
                    .filter(move |b| b.scope == Scope::Global),
            )
    }

    pub fn keys_for(&self, action: Action) -> String {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys.iter().map(Key::label))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Footer hints for a screen: its own first, then the global ones.
    pub fn hints(&self, scope: Scope) -> Vec<(String, &'static str)> {
        self.for_scope(scope)
            .filter_map(|b| Some((b.keys.first()?.label(), b.hint?)))
            .collect()
    }

    /// Loads the default map with a user's `keymap.toml` applied. A missing
    /// file is fine. Syntax errors, unknown actions and unparseable keys are
    /// errors; conflicting keys are returned as warnings (the user's binding wins).
    pub fn load(path: &Path) -> Result<(Keymap, Vec<String>)> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Keymap::default(), Vec::new()))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        Keymap::from_toml(&text, &path.display().to_string())
    }

    pub fn from_toml(text: &str, file: &str) -> Result<(Keymap, Vec<String>)> {
        let cfg = |line: Option<usize>, message: String| Error::Config {
            file: file.to_string(),
            message: match line {
                Some(l) => format!("line {l}: {message}"),
                None => message,
            },
        };
        let table: BTreeMap<String, BTreeMap<String, toml::Value>> =
            toml::from_str(text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                cfg(line, e.message().trim().to_string())
            })?;
        let mut map = Keymap::default();
        let mut named: Vec<(Scope, Action, Vec<Key>, String)> = Vec::new();
        for (section, entries) in &table {
            let scope = Scope::ALL
                .iter()
                .copied()
                .find(|s| s.name() == section)
                .ok_or_else(|| {
                    cfg(
                        line_of(text, &format!("[{section}]")),
                        format!(
                            "unknown section [{section}] (sections: {})",
                            Scope::ALL.map(|s| s.name()).join(", ")
                        ),
                    )
                })?;
            for (name, value) in entries {
                let line = line_of(text, name);
                let action = Action::parse(name).ok_or_else(|| {
                    cfg(
                        line,
                        format!(
                            "unknown action '{name}' (see the command palette, ':', for names)"
                        ),
                    )
                })?;
                if !map
                    .bindings
                    .iter()
                    .any(|b| b.scope == scope && b.action == action)
                {
                    return Err(cfg(
                        line,
                        format!("action '{name}' does not belong in [{section}]"),
                    ));
                }
                let keys: Vec<String> = match value {
                    toml::Value::String(s) => vec![s.clone()],
                    toml::Value::Array(a) => a
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(str::to_string)
                                .ok_or_else(|| cfg(line, format!("{name}: keys must be strings")))
                        })
                        .collect::<Result<_>>()?,
                    _ => {
                        return Err(cfg(
                            line,
                            format!("{name}: expected a key or a list of keys"),
                        ))
                    }
                };
                let parsed: Vec<Key> = keys
                    .iter()
                    .map(|k| {
                        Key::parse(k).ok_or_else(|| {
                            cfg(line, format!("{name}: cannot read key '{k}' (examples: \"x\", \"ctrl-x\", \"f2\", \"pagedown\")"))
                        })
                    })
                    .collect::<Result<_>>()?;
                named.push((scope, action, parsed, name.clone()));
            }
        }
        // Conflicts: of two bindings in this file, the one written first keeps
        // the key; a binding of the file takes the key from a default one.
        // Every key ends with exactly one binding where it applies.
        named.sort_by_key(|(_, _, _, name)| line_of(text, name).unwrap_or(usize::MAX));
        let clash = |a: Scope, b: Scope| a == b || a == Scope::Global || b == Scope::Global;
        let mut warnings = Vec::new();
        let mut claimed: Vec<(Scope, Key, String)> = Vec::new();
        for (scope, action, keys, name) in &named {
            let mut kept = Vec::new();
            for key in keys {
                if let Some((_, _, owner)) = claimed
                    .iter()
                    .find(|(s, k, _)| k == key && clash(*s, *scope))
                {
                    warnings.push(format!(
                        "{file}: key '{}' is bound to both '{owner}' and '{name}'; '{owner}' (written first) keeps it",
                        key.label()
                    ));
                    continue;
                }
                claimed.push((*scope, *key, name.clone()));
                kept.push(*key);
            }
            if kept.is_empty() {
                warnings.push(format!(
                    "{file}: '{name}' has no key left; run it from the command palette (:)"
                ));
            }
            if let Some(b) = map
                .bindings
                .iter_mut()
                .find(|b| b.scope == *scope && b.action == *action)
            {
                b.keys = kept;
            }
        }
        for (scope, key, name) in &claimed {
            for b in map.bindings.iter_mut() {
                let user_named = named
                    .iter()
                    .any(|(s, a, _, _)| *s == b.scope && *a == b.action);
                if user_named || !clash(b.scope, *scope) || !b.keys.contains(key) {
                    continue;
                }
                b.keys.retain(|k| k != key);
                warnings.push(format!(
                    "{file}: key '{}' now runs '{name}', no longer '{}'{}",
                    key.label(),
                    b.action.name(),
                    if b.keys.is_empty() {
                        " (which has no key left; run it from the command palette, :)"
                    } else {
                        ""
                    }
                ));
            }
        }
        warnings.dedup();
        Ok((map, warnings))
    }
}

fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .map(|i| i + 1)
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
