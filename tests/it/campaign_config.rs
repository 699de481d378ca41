//! campaign.toml: the example parses; mistakes are reported with file and line.

use pushbench::campaign::config::{Approval, PipelineConfig};
use pushbench::campaign::{Format, Platform};

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/campaign.example.toml"
    ))
    .unwrap()
}

fn err(text: &str) -> String {
    let e = PipelineConfig::parse(text, "c.toml").unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
    e.to_string()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

#[test]
fn example_parses() {
    let c = PipelineConfig::parse(&example(), "campaign.example.toml").unwrap();
    assert_eq!(c.campaign.name, "Autumn picks");
    assert_eq!(c.campaign.platform, Platform::Android);
    assert_eq!(c.formats, Format::ALL.to_vec());
    assert_eq!(
        c.approval,
        Approval::Auto {
            variants: 2,
            split: vec![50, 50]
        }
    );
    assert_eq!(
        c.campaign.schedule.resolve().unwrap().row_time().0,
        "2026-11-03T18:30:00"
    );
}

#[test]
fn unknown_key_is_reported_with_its_line() {
    let text = example().replace("seed = 2026", "seed = 2026\ncolour = \"red\"");
    let e = err(&text);
    let line = line_of(&text, "colour");
    assert!(
        e.contains("c.toml") && e.contains(&format!("line {line}")) && e.contains("colour"),
        "{e}"
    );
}

#[test]
fn split_not_adding_up_is_reported_with_its_line() {
    let text = example().replace("split = [50, 50]", "split = [60, 30]");
    let e = err(&text);
    let line = line_of(&text, "split = [60, 30]");
    assert!(
        e.contains(&format!("line {line}")) && e.contains("90%") && e.contains("100"),
        "{e}"
    );
    let e = err(&example().replace("split = [50, 50]", "split = [50, 25, 25]"));
    assert!(e.contains("3 parts but 2 variants"), "{e}");
}

#[test]
fn bad_times_are_reported_with_their_line() {
    let text = example().replace("time = \"18:30\"", "time = \"6.30pm\"");
    let e = err(&text);
    let line = line_of(&text, "6.30pm");
    assert!(
        e.contains(&format!("line {line}")) && e.contains("HH:MM"),
        "{e}"
    );
    let text = example().replace("end = \"08:00\"", "end = \"8am\"");
    assert!(err(&text).contains(&format!("line {}", line_of(&text, "8am"))));
    let text = example().replace("date = \"2026-11-03\"", "date = \"03/11/2026\"");
    assert!(err(&text).contains("YYYY-MM-DD"));
}

#[test]
fn other_values_are_checked() {
    assert!(
        err(&example().replace("platform = \"android\"", "platform = \"symbian\""))
            .contains("symbian")
    );
    assert!(
        err(&example().replace("control_percent = 10", "control_percent = 120"))
            .contains("below 100")
    );
    assert!(err(&example().replace("method = \"hybrid\"", "method = \"magic\"")).contains("magic"));
    assert!(err(&example().replace("\"fcm\"]", "\"sms\"]")).contains("sms"));
    assert!(err(&example().replace("policy = \"auto\"", "policy = \"maybe\"")).contains("maybe"));
    assert!(err("[campaign]\n").contains("name"));
}
