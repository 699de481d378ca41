use pushbench::copy::{gguf::GgufLm, sampling::Sampler, CopyRequest, Product};
use rand::SeedableRng;
use std::time::Instant;
#[test]
fn scratch() {
    let path = std::env::var("PUSHBENCH_TEST_GGUF").unwrap();
    let t = Instant::now();
    let lm = GgufLm::load(std::path::Path::new(&path)).unwrap();
    eprintln!("load {:?}", t.elapsed());
    let mut req = CopyRequest::new("Window shoppers", "");
    req.products
        .push(Product::new("I1", "Oakmere Soy Wax Candle"));
    let t = Instant::now();
    let pre = lm.prefill(&req, 1).unwrap();
    eprintln!("prefill {} tokens: {:?}", pre.tokens, t.elapsed());
    let s = Sampler {
        temperature: 0.6,
        top_k: 40,
        top_p: 0.95,
        repeat_penalty: 1.1,
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let t = Instant::now();
    let r = lm
        .sample(
            &pre,
            &req,
            &req.products[0],
            2,
            &s,
            &mut rng,
            &pushbench::jobs::JobCtx::none(),
        )
        .unwrap();
    eprintln!(
        "sample 2: {:?} tokens {} {:?}",
        t.elapsed(),
        r.iter().map(|x| x.tokens).sum::<usize>(),
        r
    );
}
