//! Campaign model, deterministic assignment and the store (autosave, resume,
//! list, duplicate, delete).

use pushbench::campaign::assign::{assign_segment, Arm};
use pushbench::campaign::Edit;
use pushbench::campaign::{rows, Campaign, Store};

#[test]
fn assignment_is_deterministic_and_exact() {
    let ids: Vec<String> = (0..200_000).map(|i| format!("user-{i}")).collect();
    let users: Vec<&str> = ids.iter().map(String::as_str).collect();
    let arms = assign_segment(2026, 10.0, &[70, 30], &users);
    assert_eq!(
        arms,
        assign_segment(2026, 10.0, &[70, 30], &users),
        "same input, same arms"
    );
    let mut counts = [0usize; 3];
    for arm in &arms {
        match arm {
            Arm::Control => counts[0] += 1,
            Arm::Variant(v) => counts[1 + v] += 1,
        }
    }
    assert_eq!(counts, [20_000, 126_000, 54_000]);
    // Another seed gives another (but equally proportioned) split.
    let b = assign_segment(2027, 10.0, &[70, 30], &users);
    let moved = arms
        .iter()
        .zip(&b)
        .take(1000)
        .filter(|(x, y)| x != y)
        .count();
    assert!(moved > 100, "seed changes the split");
}

#[test]
fn campaign_rows_hold_out_exactly_the_control_share_of_each_segment() {
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let all: Vec<_> = rows(&c, &src).unwrap().collect();
    for s in &c.segments {
        let seg: Vec<_> = all.iter().filter(|r| r.segment_id == s.id).collect();
        let control = seg.iter().filter(|r| r.arm == Arm::Control).count();
        assert_eq!(
            control,
            pushbench::campaign::assign::control_count(seg.len(), c.control_percent),
            "segment {}",
            s.id
        );
    }
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
        c = store.update(&c, Vec::new(), |_| {}).unwrap().campaign;
        let edit = Edit::SetText {
            segment: c.segments[0].id,
            label: c.segments[0].variants[0].label.clone(),
            title: "Edited {product}".into(),
            body: c.segments[0].variants[0].body.clone(),
        };
        c = store.update(&c, vec![edit], |_| {}).unwrap().campaign;
    } // the process "dies" here
    let store = Store::at(&dir).unwrap();
    let back = store.load_last().unwrap().expect("last session");
    assert_eq!(back, c);
    assert_eq!(back.segments[0].variants[0].title, "Edited {product}");
    assert_eq!(back.revision, 5);
    assert_eq!(store.load("Fixture campaign").unwrap(), c, "by name");
    // No temporary files are left in the folder.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
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

#[test]
fn an_edit_from_a_stale_copy_keeps_the_other_writers_change() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path()).unwrap();
    let c = crate::campaign_support::campaign();
    store.save(&c).unwrap();
    // Two windows opened the same version; each approves one message.
    let approve = |title: &str| Edit::Approve {
        segment: 7,
        name: "Late night shoppers".into(),
        size: Some(12),
        variant: pushbench::campaign::ApprovedVariant {
            title: title.into(),
            body: "Take a look.".into(),
            ..Default::default()
        },
        platform: None,
    };
    let first = store
        .update(&c, vec![approve("From window one")], |_| {})
        .unwrap();
    assert!(!first.changed_elsewhere);
    let second = store
        .update(&c, vec![approve("From window two")], |_| {})
        .unwrap();
    assert!(
        second.changed_elsewhere,
        "the second window learns of the first"
    );
    let saved = store.load(&c.id).unwrap();
    let titles: Vec<&str> = saved
        .segment(7)
        .unwrap()
        .variants
        .iter()
        .map(|v| v.title.as_str())
        .collect();
    assert_eq!(titles, ["From window one", "From window two"]);
    let labels: Vec<&str> = saved
        .segment(7)
        .unwrap()
        .variants
        .iter()
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(labels, ["A", "B"]);
    assert_eq!(saved, second.campaign);
    assert_eq!(saved.revision, c.revision + 2);
    // the other segments are untouched
    assert_eq!(saved.segments.len(), c.segments.len() + 1);
}

#[test]
fn campaigns_are_found_by_their_data() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path()).unwrap();
    let fp = |hash: &str| pushbench::data::Fingerprint {
        hash: hash.repeat(64 / hash.len()),
        users: 3,
        items: 2,
        events: 9,
    };
    let mut a = crate::campaign_support::campaign();
    a.dataset = Some(pushbench::campaign::DatasetBinding::new(fp("a"), "a.csv"));
    store.save(&a).unwrap();
    let mut b = pushbench::campaign::Campaign::new("On other data", None);
    b.dataset = Some(pushbench::campaign::DatasetBinding::new(fp("b"), "b.csv"));
    store.save(&b).unwrap();
    // the overall last session is b, but a's data resumes a
    assert_eq!(store.load_last().unwrap().unwrap().id, b.id);
    assert_eq!(store.load_last_for(&fp("a")).unwrap().unwrap().id, a.id);
    assert!(store.load_last_for(&fp("c")).unwrap().is_none());
    let ids: Vec<String> = store
        .list_for(&fp("b"))
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, [b.id.clone()]);
    let e = a.check_data(&fp("b"), "b.csv").unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let msg = e.to_string();
    assert!(
        msg.contains("a.csv") && msg.contains("b.csv") && msg.contains("--rebind"),
        "{msg}"
    );
    assert!(
        a.check_data(&fp("a"), "renamed.parquet").is_ok(),
        "the content decides, not the name"
    );
}
