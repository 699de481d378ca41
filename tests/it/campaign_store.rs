//! Campaign model, deterministic assignment and the store (autosave, resume,
//! list, duplicate, delete).

use pushbench::campaign::assign::{assign, Arm, Assigner};
use pushbench::campaign::{rows, Campaign, Store};

#[test]
fn assignment_is_deterministic_and_proportional() {
    let a = Assigner::new(2026, 10.0, &[70, 30]);
    let n = 200_000;
    let mut counts = [0usize; 3];
    for i in 0..n {
        let id = format!("user-{i}");
        let arm = a.assign(&id);
        assert_eq!(
            arm,
            assign(2026, &id, 10.0, &[70, 30]),
            "same input, same arm"
        );
        match arm {
            Arm::Control => counts[0] += 1,
            Arm::Variant(v) => counts[1 + v] += 1,
        }
    }
    let share = |c: usize| c as f64 / n as f64;
    assert!(
        (share(counts[0]) - 0.10).abs() < 0.005,
        "control {counts:?}"
    );
    let sent = (counts[1] + counts[2]) as f64;
    assert!(
        (counts[1] as f64 / sent - 0.70).abs() < 0.005,
        "A {counts:?}"
    );
    // Another seed gives another (but equally proportioned) split.
    let b = Assigner::new(2027, 10.0, &[70, 30]);
    let moved = (0..1000)
        .filter(|i| a.assign(&format!("user-{i}")) != b.assign(&format!("user-{i}")))
        .count();
    assert!(moved > 100, "seed changes the split");
}

#[test]
fn rows_preview_is_stable() {
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let first: Vec<_> = rows(&c, &src).unwrap().take(5).collect();
    let again: Vec<_> = rows(&c, &src).unwrap().take(5).collect();
    assert_eq!(first, again);
    assert_eq!(first.len(), 5);
    assert!(
        first.iter().all(|r| r.segment_id != 2),
        "segment 2 is not targeted"
    );
    let all: Vec<_> = rows(&c, &src).unwrap().collect();
    let sent = all.iter().find(|r| r.variant.is_some()).unwrap();
    assert!(!sent.title.is_empty() && sent.deep_link.starts_with("myshop://product/"));
    let control = all.iter().find(|r| r.arm == Arm::Control).unwrap();
    assert!(control.title.is_empty() && control.deep_link.is_empty());
}

#[test]
fn validation_names_the_problem() {
    let mut c = crate::campaign_support::campaign();
    c.segments[0].variants[1].split = 30;
    c.segments[1].variants[0].title = "Only {colour} today".into();
    c.discount = None;
    let e = c.validate().unwrap_err().to_string();
    assert!(e.contains("A 60% + B 30% adds up to 90%, not 100%"), "{e}");
    assert!(e.contains("unknown slot {colour}"), "{e}");
    assert!(e.contains("promises a {discount}"), "{e}");
    assert!(crate::campaign_support::campaign().validate().is_ok());
}

#[test]
fn autosave_and_resume_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("campaigns");
    let mut c = crate::campaign_support::campaign();
    {
        let store = Store::at(&dir).unwrap();
        assert!(store.load_last().unwrap().is_none());
        store.autosave(&mut c).unwrap();
        c.segments[0].variants[0].title = "Edited {product}".into();
        store.autosave(&mut c).unwrap();
    } // the process "dies" here
    let store = Store::at(&dir).unwrap();
    let back = store.load_last().unwrap().expect("last session");
    assert_eq!(back, c);
    assert_eq!(back.revision, 5);
    assert_eq!(store.load("Fixture campaign").unwrap(), c, "by name");
    // No temporary files are left in the folder.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn list_duplicate_delete() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path()).unwrap();
    let c = crate::campaign_support::campaign();
    store.save(&c).unwrap();
    let copy = store.duplicate("fixture").unwrap();
    assert_ne!(copy.id, c.id);
    assert_eq!(copy.name, "Fixture campaign (copy)");
    assert_eq!(copy.segments, c.segments);
    std::fs::write(home.path().join("broken.json"), "{ not json").unwrap();
    let list = store.list().unwrap();
    assert_eq!(list.len(), 3);
    let broken = list.iter().find(|s| s.id == "broken").unwrap();
    assert!(broken
        .problem
        .as_deref()
        .unwrap_or("")
        .contains("broken.json"));
    // The duplicate is now the last session; deleting it clears the pointer.
    assert_eq!(store.load_last().unwrap().unwrap().id, copy.id);
    store.delete(&copy.id).unwrap();
    assert!(store.load_last().unwrap().is_none());
    assert!(store.load(&copy.id).is_err());
    assert_eq!(store.load("fixture").unwrap(), c);
}

#[test]
fn ids_cannot_escape_the_store() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path()).unwrap();
    let mut c = Campaign::new("x", None);
    c.id = "../evil".into();
    assert!(store.save(&c).is_err());
    assert!(store.load("../../etc/passwd").is_err());
    let fresh = Campaign::new("Black Friday: 50% off!", None);
    assert!(fresh.id.starts_with("black-friday-50-off-"), "{}", fresh.id);
}
