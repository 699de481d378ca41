//! The GGUF backend on a real pretrained model. `.ci/run` fetches
//! SmolLM2-135M-Instruct (Q4_1) and sets PUSHBENCH_TEST_GGUF; without it the
//! tests say so and skip, except under CI where that is an error.

use pushbench::copy::bpe::{pretokenize, BpeTokenizer};
use pushbench::copy::claims::Backing;
use pushbench::copy::guard::{check_text, Rules};
use pushbench::copy::{CopyRequest, GenOptions, Generator, Limits, Offer, Platform, Product, Tone};
use pushbench::jobs::JobCtx;
use std::path::PathBuf;

fn gguf() -> Option<PathBuf> {
    match std::env::var_os("PUSHBENCH_TEST_GGUF").filter(|v| !v.is_empty()) {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(
                p.is_file(),
                "PUSHBENCH_TEST_GGUF={} is not a file",
                p.display()
            );
            Some(p)
        }
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "PUSHBENCH_TEST_GGUF is not set under CI: .ci/run must fetch the SmolLM2 GGUF"
            );
            eprintln!("SKIPPED: set PUSHBENCH_TEST_GGUF to a SmolLM2-135M-Instruct .gguf to test the GGUF backend");
            None
        }
    }
}

fn tokenizer(path: &std::path::Path) -> BpeTokenizer {
    let mut f = std::fs::File::open(path).unwrap();
    let ct = candle_core::quantized::gguf_file::Content::read(&mut f).unwrap();
    BpeTokenizer::from_gguf(&ct).unwrap()
}

#[test]
fn bpe_rebuilt_from_gguf_metadata_round_trips() {
    let Some(path) = gguf() else { return };
    let tok = tokenizer(&path);
    assert_eq!(tok.vocab_size(), 49152);
    let ids = tok.encode("<|im_start|>user\nHello world<|im_end|>");
    assert_eq!(ids[0], tok.id("<|im_start|>").unwrap());
    assert_eq!(*ids.last().unwrap(), tok.id("<|im_end|>").unwrap());
    // common words are single tokens
    assert_eq!(tok.encode(" world").len(), 1);
    for text in [
        "Your Dutch Oven is back in stock!",
        "20% off: only $83.99 🎉",
        "Café  naïve\n\tdone",
        "it's 2025",
    ] {
        assert_eq!(tok.decode(&tok.encode(text)), text);
    }
    assert_eq!(
        pretokenize("Hi there, it's 42!"),
        vec!["Hi", " there", ",", " it", "'s", " ", "4", "2", "!"]
    );
}

/// The hand-written BPE against token ids made by Hugging Face `tokenizers`
/// from the same GGUF file (tests/golden/smollm2_token_ids.json says how):
/// every case must give exactly the reference ids.
#[test]
fn bpe_matches_hugging_face_tokenizers_on_reference_ids() {
    let Some(path) = gguf() else { return };
    let tok = tokenizer(&path);
    let golden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden/smollm2_token_ids.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let want: Vec<u32> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(tok.encode(text), want, "token ids of {text:?}");
    }
}

#[test]
fn gguf_backend_writes_checked_variants() {
    let Some(path) = gguf() else { return };
    let g = Generator::load_gguf(&path).expect("the GGUF model loads");
    assert!(g.is_gguf());
    let mut req = CopyRequest::new(
        "Loyal high spenders",
        "buy 3.2x as often as average, mostly Electronics",
    );
    req.tone = Tone::Friendly;
    req.offer = Offer::BackInStock;
    req.platform = Platform::Android;
    req.products = vec![
        Product {
            item_id: "I00009".into(),
            title: "Kestrel Audio Wireless Headphones".into(),
            category: Some("Electronics".into()),
            brand: Some("Kestrel Audio".into()),
            price: Some(249.0),
            discount: None,
            facts: Backing {
                restocked: true,
                ..Backing::default()
            },
        },
        Product {
            item_id: "I00001".into(),
            title: "Brightnest Egyptian Cotton Bed Sheets".into(),
            category: Some("Home & Kitchen".into()),
            brand: Some("Brightnest".into()),
            price: Some(104.99),
            discount: None,
            facts: Backing {
                restocked: true,
                ..Backing::default()
            },
        },
    ];
    let opts = GenOptions {
        n: 2,
        seed: 3,
        temperature: 0.7,
        max_rounds: 6,
        ..GenOptions::default()
    };
    let t = std::time::Instant::now();
    let report = g
        .generate_report(&req, &opts, &JobCtx::none())
        .expect("GGUF variants");
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "GGUF: {} candidates, {} tokens in {secs:.1}s = {:.1} tokens/s, {:.2} variants/s",
        report.candidates.len(),
        report.tokens,
        report.tokens as f64 / secs,
        report.variants.len() as f64 / secs
    );
    for c in &report.candidates {
        eprintln!(
            "  [{}] {} | {} {:?}",
            if c.passes() { "ok" } else { "--" },
            c.variant.title,
            c.variant.body,
            c.issues
        );
    }
    assert_eq!(report.variants.len(), 2);
    let limits = Limits::for_platform(Platform::Android);
    for v in &report.variants {
        let p = req
            .products
            .iter()
            .find(|p| p.item_id == v.products[0])
            .unwrap();
        let issues = check_text(&v.title, &v.body, &p.backing(), &Rules::new(limits));
        assert!(issues.is_empty(), "{v:?}: {issues:?}");
        assert!(!v.title.contains('{') && !v.body.contains('{'));
        assert_eq!(v.model_id, g.model_id());
        assert!(v.products.len() == 1 && req.products.iter().any(|p| p.item_id == v.products[0]));
    }
    assert_ne!(report.variants[0].body, report.variants[1].body);
}
