//! Copy model training: the loss really falls, the critic learns, a resumed
//! run ends where an uninterrupted one does.

use pushbench::copy::corpus;
use pushbench::copy::critic::CriticConfig;
use pushbench::copy::critic_train::{train_critic, CriticTrainOptions};
use pushbench::copy::model::{CopyLm, LmConfig};
use pushbench::copy::tokenizer::Tokenizer;
use pushbench::copy::train::{lm_loss, split_sequences, train_lm, TrainOptions};
use pushbench::jobs::JobCtx;

fn small() -> (Vec<corpus::Line>, Tokenizer, LmConfig) {
    let lines: Vec<corpus::Line> = corpus::bundled().unwrap().into_iter().step_by(40).collect();
    let tok = Tokenizer::build(
        lines
            .iter()
            .flat_map(|l| [l.title.as_str(), l.body.as_str()]),
        1,
    );
    let cfg = LmConfig {
        vocab: tok.vocab_size(),
        d_model: 32,
        n_layer: 1,
        n_head: 2,
        d_ff: 64,
        max_len: 96,
    };
    (lines, tok, cfg)
}

fn opts(steps: usize) -> TrainOptions {
    TrainOptions {
        steps,
        batch: 16,
        lr: 1e-2,
        warmup: 3,
        eval_every: 10,
        checkpoint_every: 5,
        ..TrainOptions::default()
    }
}

#[test]
fn loss_of_a_small_model_falls() {
    let (lines, tok, cfg) = small();
    let (train, val) = split_sequences(&lines, &tok, 0.1, 7, cfg.max_len);
    assert!(!val.is_empty());
    let (w, report) = train_lm(&train, &val, &cfg, &opts(60), &JobCtx::none()).unwrap();
    let first = report.history.first().unwrap();
    let last = report.history.last().unwrap();
    // an untrained model is near ln(vocab); training must cut that clearly
    let uniform = (cfg.vocab as f32).ln();
    let model = CopyLm::from_tensors(&cfg, &w).unwrap();
    let refs: Vec<&Vec<u32>> = val.iter().collect();
    let val_now = lm_loss(&model, &refs, false)
        .unwrap()
        .to_scalar::<f32>()
        .unwrap();
    eprintln!(
        "uniform {uniform:.2}, history {:?}, val now {val_now:.3}",
        report.history
    );
    assert!(last.train_loss < first.train_loss, "{:?}", report.history);
    assert!(
        last.val_loss < 0.75 * uniform,
        "validation loss {} vs uniform {uniform}",
        last.val_loss
    );
    assert!((val_now - last.val_loss).abs() < 1e-3);
}

#[test]
fn training_resumes_from_a_checkpoint() {
    let (lines, tok, cfg) = small();
    let (train, val) = split_sequences(&lines, &tok, 0.1, 7, cfg.max_len);
    let (straight, _) = train_lm(&train, &val, &cfg, &opts(10), &JobCtx::none()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut first = opts(10);
    first.checkpoint_dir = Some(dir.path().to_path_buf());
    first.max_minutes = Some(0.0); // stops after its first step, checkpointed
    let (_, r1) = train_lm(&train, &val, &cfg, &first, &JobCtx::none()).unwrap();
    assert_eq!(r1.steps, 1);
    let mut second = first.clone();
    second.max_minutes = None;
    second.resume = true;
    let (resumed, r2) = train_lm(&train, &val, &cfg, &second, &JobCtx::none()).unwrap();
    assert_eq!(r2.steps, 10);
    for (name, t) in &straight {
        let d = (t - &resumed[name])
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert!(d < 1e-5, "{name} differs by {d}");
    }
    // a checkpoint of another size is refused
    let mut other = cfg.clone();
    other.d_model = 48;
    assert!(train_lm(&train, &val, &other, &second, &JobCtx::none()).is_err());
}

#[test]
fn critic_learns_real_from_corrupted() {
    let lines: Vec<corpus::Line> = corpus::bundled().unwrap().into_iter().step_by(5).collect();
    let tok = Tokenizer::build(
        lines
            .iter()
            .flat_map(|l| [l.title.as_str(), l.body.as_str()]),
        1,
    );
    let cfg = CriticConfig {
        vocab: tok.vocab_size(),
        dim: 24,
        buckets: 2048,
        hidden: 32,
    };
    let o = CriticTrainOptions {
        steps: 300,
        batch: 64,
        lr: 5e-3,
        seed: 3,
    };
    let (_, r) = train_critic(&lines, &tok, &[], &cfg, &o, &JobCtx::none()).unwrap();
    eprintln!("{r:?}");
    // chance is 0.5 for real-vs-corrupted and 0.25 for the tone
    assert!(r.real_accuracy > 0.65, "{r:?}");
    assert!(r.tone_accuracy > 0.8, "{r:?}");
}

#[test]
fn cancelled_training_stops() {
    let (lines, tok, cfg) = small();
    let (train, val) = split_sequences(&lines, &tok, 0.1, 7, cfg.max_len);
    let ctx = JobCtx::none();
    ctx.cancel();
    assert!(matches!(
        train_lm(&train, &val, &cfg, &opts(5), &ctx),
        Err(pushbench::Error::Cancelled)
    ));
}
