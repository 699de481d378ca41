//! Tests of claim detection and backing.

use super::*;

fn kinds_of(t: &str, b: &str) -> Vec<Claim> {
    kinds(t, b)
}

#[test]
fn finds_each_kind_of_claim() {
    assert_eq!(
        kinds_of("Only 3 left!", "Ends at midnight"),
        vec![Claim::Deadline, Claim::Scarcity]
    );
    assert_eq!(kinds_of("Stock is running low.", ""), vec![Claim::Scarcity]);
    assert_eq!(kinds_of("Running low on tea?", ""), vec![Claim::Refill]);
    assert_eq!(
        kinds_of("Oakmere just released X", ""),
        vec![Claim::Newness]
    );
    assert_eq!(kinds_of("New toy alert: X", ""), vec![Claim::Newness]);
    assert_eq!(
        kinds_of("Welcome! New here?", "Take a look."),
        vec![Claim::FirstOrder]
    );
    assert_eq!(kinds_of("X is back in stock", ""), vec![Claim::Restock]);
    assert_eq!(kinds_of("You left X behind", ""), vec![Claim::Cart]);
    assert_eq!(
        kinds_of("X is here", "and it's only $361.49."),
        vec![Claim::LowPrice]
    );
    assert_eq!(
        kinds_of("Best price this month", ""),
        vec![Claim::PriceHistory]
    );
    assert_eq!(
        kinds_of("Verde: 15% for members", ""),
        vec![Claim::Membership]
    );
    assert_eq!(kinds_of("Free shipping on X", ""), vec![Claim::Terms]);
    assert_eq!(
        kinds_of("Clinically proven X", "Last units!"),
        vec![Claim::Scarcity, Claim::Efficacy]
    );
    assert_eq!(kinds_of("Only today: X", ""), vec![Claim::Deadline]);
    assert_eq!(
        kinds_of(
            "Welcome aboard!",
            "As one of our favourite customers, you get first pick."
        ),
        vec![Claim::Membership, Claim::FirstOrder]
    );
    assert_eq!(kinds_of("We've missed you", ""), vec![Claim::Lapsed]);
    assert_eq!(
        kinds_of("Back in your size and style", ""),
        vec![Claim::Size]
    );
    assert_eq!(kinds_of("Our #1 pick", ""), vec![Claim::Popularity]);
    assert_eq!(
        kinds_of("Meet the Aurora lamp", "Tap to take a look."),
        vec![]
    );
}

#[test]
fn facts_back_claims() {
    let b = Backing {
        new_item: true,
        ..Backing::default()
    };
    assert!(unbacked("New in: X", "", &b).is_empty());
    let none = Backing::default();
    let u = unbacked("New in: X", "Only a few left. Ends at midnight.", &none);
    let k: Vec<Claim> = u.iter().map(|(c, _)| *c).collect();
    assert_eq!(k, vec![Claim::Deadline, Claim::Scarcity, Claim::Newness]);
}

#[test]
fn numbers_and_prices_normalise() {
    assert_eq!(normalise("Only 3 left!"), "only # left");
    assert_eq!(normalise("only $361.49."), "only $#");
    assert_eq!(normalise("It's 20% off"), "it s # off");
    assert_eq!(
        normalise("Our #1 pick, 5-star"),
        "our number one pick #-star"
    );
    let c = claims_in("Only 3 left!", "Hurry: ends at Midnight.");
    assert_eq!(
        c,
        vec![
            (Claim::Deadline, "ends at Midnight".to_string()),
            (Claim::Scarcity, "Only 3 left".to_string())
        ]
    );
}

#[test]
fn having_looked_at_the_product_is_a_claim_about_the_user() {
    for t in [
        "Made up your mind yet?",
        "Still thinking it over?",
        "Caught your eye?",
        "Take another look at {product}",
        "Worth a second look.",
    ] {
        assert_eq!(kinds(t, ""), vec![Claim::Viewed], "{t}");
    }
    assert!(Claim::Viewed.is_personal());
    let looked = Backing {
        viewed: true,
        ..Backing::default()
    };
    assert!(unbacked("Made up your mind yet?", "", &looked).is_empty());
    let carted = Backing {
        in_cart: true,
        ..Backing::default()
    };
    assert!(unbacked("Made up your mind yet?", "", &carted).is_empty());
    assert_eq!(
        unbacked("Made up your mind yet?", "", &Backing::default()).len(),
        1
    );
}

#[test]
fn a_pantry_staple_says_the_user_buys_it_again() {
    assert_eq!(kinds_of("", "Your pantry staple."), vec![Claim::Refill]);
}
