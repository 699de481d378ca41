//! Tests of the key map.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn every_default_key_parses() {
    for (_, keys, _, _, _) in DEFAULT {
        for k in *keys {
            assert!(Key::parse(k).is_some(), "{k}");
        }
    }
}

#[test]
fn default_keys_do_not_conflict() {
    let km = Keymap::default();
    for scope in Scope::ALL {
        let mut seen = std::collections::HashMap::new();
        for b in km.for_scope(scope) {
            for k in &b.keys {
                if let Some(prev) = seen.insert(*k, b.action) {
                    panic!(
                        "{} bound to {:?} and {:?} on {:?}",
                        k.label(),
                        prev,
                        b.action,
                        scope
                    );
                }
            }
        }
    }
}

#[test]
fn every_action_has_a_binding() {
    let km = Keymap::default();
    for a in Action::ALL {
        assert!(km.bindings.iter().any(|b| b.action == *a), "{}", a.name());
    }
}

#[test]
fn key_events_resolve_by_scope() {
    let km = Keymap::default();
    let ev = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(
        km.action_for(Scope::Data, Key::from_event(&ev)),
        Some(Action::Help)
    );
    let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        km.action_for(Scope::Data, Key::from_event(&ev)),
        Some(Action::PrevScreen)
    );
    let a = Key::parse("a").unwrap();
    assert_eq!(km.action_for(Scope::Copy, a), Some(Action::Approve));
    assert_eq!(km.action_for(Scope::Segments, a), Some(Action::KAuto));
    assert_eq!(km.action_for(Scope::Data, a), None);
}

#[test]
fn user_file_overrides_only_named_actions() {
    let (km, warnings) =
        Keymap::from_toml("[global]\nquit = [\"ctrl-q\"]\n", "keymap.toml").unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let x = Key::parse("ctrl-q").unwrap();
    assert_eq!(km.action_for(Scope::Data, x), Some(Action::Quit));
    assert_eq!(km.action_for(Scope::Data, Key::parse("q").unwrap()), None);
    // other actions keep their keys
    assert_eq!(
        km.action_for(Scope::Data, Key::parse("?").unwrap()),
        Some(Action::Help)
    );
}

#[test]
fn conflicts_are_reported_with_file_and_key() {
    let (km, warnings) =
        Keymap::from_toml("[global]\nnext_screen = \"j\"\n", "/cfg/keymap.toml").unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("/cfg/keymap.toml") && warnings[0].contains("'j'"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("next_screen") && warnings[0].contains("down"));
    let j = Key::parse("j").unwrap();
    assert_eq!(km.action_for(Scope::Data, j), Some(Action::NextScreen));
}

#[test]
fn bad_files_name_the_line() {
    let e = Keymap::from_toml("[global]\nquit = \"x\"\nfly = \"y\"\n", "k.toml").unwrap_err();
    assert!(
        e.to_string().contains("k.toml")
            && e.to_string().contains("line 3")
            && e.to_string().contains("fly"),
        "{e}"
    );
    let e = Keymap::from_toml("[global]\nquit = \"ctrl-\"\n", "k.toml").unwrap_err();
    assert!(e.to_string().contains("cannot read key"), "{e}");
    let e = Keymap::from_toml("[copy]\nquit = \"x\"\n", "k.toml").unwrap_err();
    assert!(e.to_string().contains("does not belong"), "{e}");
    let e = Keymap::from_toml("[nowhere]\nquit = \"x\"\n", "k.toml").unwrap_err();
    assert!(e.to_string().contains("unknown section"), "{e}");
    let e = Keymap::from_toml("[global\n", "k.toml").unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
}

#[test]
fn a_conflict_leaves_exactly_one_working_binding() {
    let text = "[global]\nquit = [\"x\"]\n[copy]\napprove = \"x\"\nreject = \"x\"\n";
    let (km, warnings) = Keymap::from_toml(text, "k.toml").unwrap();
    let x = Key::parse("x").unwrap();
    // the binding written first keeps the key, on every screen
    for scope in Scope::ALL {
        assert_eq!(km.action_for(scope, x), Some(Action::Quit), "{scope:?}");
        let holders: Vec<Action> = km
            .for_scope(scope)
            .filter(|b| b.keys.contains(&x))
            .map(|b| b.action)
            .collect();
        assert_eq!(holders, vec![Action::Quit], "{scope:?}");
    }
    let all = warnings.join("\n");
    assert!(all.contains("'quit' (written first) keeps it"), "{all}");
    assert!(all.contains("'approve' has no key left"), "{all}");
    assert!(all.contains("'reject' has no key left"), "{all}");
    assert!(!all.contains("'approve' keeps"), "{all}");
}

#[test]
fn two_screen_bindings_of_one_key_keep_the_first() {
    let text = "[copy]\nreject = \"z\"\napprove = \"z\"\n";
    let (km, _) = Keymap::from_toml(text, "k.toml").unwrap();
    let z = Key::parse("z").unwrap();
    assert_eq!(km.action_for(Scope::Copy, z), Some(Action::Reject));
    assert!(km.keys_for(Action::Approve).is_empty());
}
