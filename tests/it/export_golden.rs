//! Golden files for every export format, from a small fixed campaign with
//! fixed timestamps. Regenerate with `UPDATE_GOLDEN=1 cargo test --test it export_golden`
//! after an intended format change, and review the diff.

use pushbench::campaign::{export, ExportInputs, Format};
use pushbench::jobs::JobCtx;
use std::path::Path;

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        for (i, (a, b)) in expected.lines().zip(actual.lines()).enumerate() {
            assert_eq!(a, b, "{name}: first difference at line {}", i + 1);
        }
        assert_eq!(
            expected.lines().count(),
            actual.lines().count(),
            "{name}: line count"
        );
        assert_eq!(expected, actual, "{name}: line endings differ");
    }
}

#[test]
fn every_format_matches_its_golden_file() {
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = ExportInputs::new(&src);
    inputs.now = Some("2026-01-02T03:04:05Z".into());
    inputs.config = serde_json::json!({ "note": "fixture" });
    export(
        &c,
        &inputs,
        &Format::ALL,
        dir.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap();
    for f in Format::ALL {
        let text = std::fs::read_to_string(dir.path().join(f.file_name())).unwrap();
        golden(f.file_name(), &text);
    }
    let manifest = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
    let manifest = manifest.replace(
        &format!("\"pushbench_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"pushbench_version\": \"VERSION\"",
    );
    golden("manifest.json", &manifest);
}

#[test]
fn csv_is_rfc4180_with_crlf_and_quotes() {
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let dir = tempfile::tempdir().unwrap();
    export(
        &c,
        &ExportInputs::new(&src),
        &[Format::Csv],
        dir.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap();
    let bytes = std::fs::read(dir.path().join("campaign.csv")).unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.starts_with("user_id,segment_id,segment,arm,variant,item_ids,title,body,deep_link,send_at,send_timezone\r\n"));
    assert!(text.ends_with("\r\n"));
    // Quotes doubled inside a quoted field.
    assert!(text.contains("\"Tea, \"\"coffee\"\" & more\""), "{text}");
    // A standard reader gets the same number of fields on every record.
    let mut r = csv::Reader::from_reader(text.as_bytes());
    for rec in r.records() {
        assert_eq!(rec.unwrap().len(), 11);
    }
}
