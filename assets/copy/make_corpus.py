#!/usr/bin/env python3
"""Composes the push-copy training corpus for pushbench's copy model.

Everything here was written for this project: the phrase banks below and the
composition rules in `compose()`. Nothing is scraped or copied. Run

    python3 assets/copy/make_corpus.py > assets/copy/corpus.tsv

The output is deterministic (fixed seed). Columns: tone, offer, category,
persona, title, body. Slots: {product} {category} {brand} {discount} {price};
personalisation stays Liquid: {{ first_name | default: "there" }}.
"""

import random
import sys

SEED = 20260501
N_LINES = 9000
NAME = '{{ first_name | default: "there" }}'
N = "@N@"  # stands for the Liquid tag while composing

TONES = ["urgent", "friendly", "premium", "playful"]
OFFERS = ["discount", "back_in_stock", "new_arrival", "cart_reminder", "replenishment"]
PERSONAS = ["bargain", "loyal", "new", "lapsed", "browser", "specialist", "general"]
CATEGORIES = [
    "Electronics", "Fashion", "Home & Kitchen", "Beauty", "Sports & Outdoors",
    "Grocery", "Toys & Games", "Books", "Health", "Pet Supplies", "Garden",
    "Baby", "general",
]
# How often an offer fits a category (replenishment suits consumables).
REPLENISH = {"Grocery": 4, "Beauty": 3, "Health": 3, "Pet Supplies": 3, "Baby": 3,
             "Home & Kitchen": 1, "Garden": 1, "general": 1}

# --- titles -----------------------------------------------------------------
TITLE_PREFIX = {
    "urgent": ["Last call:", "Hurry:", "Ending soon:", "Final hours:", "Today only:",
               "⏰", "Don't wait:", "Going fast:", "Quick:", "Heads up:", "Only hours left:",
               "Now or never:", "Clock's ticking:"],
    "friendly": ["Hi " + N + ",", "Hey " + N + ",", "Good news:", "Psst,", "Just for you:",
                 "Hello " + N + "!", "A little note:", "Thought of you:", "", "", ""],
    "premium": ["Introducing", "Reserved for you:", "An invitation:", "Curated:",
                "The edit:", "Private access:", "Exclusively yours:", "", "", ""],
    "playful": ["🎉", "Guess what?", "Ooh,", "✨", "Plot twist:", "Treat yourself:",
                "Yay!", "Knock knock:", "Spoiler:", "🛍️", "Eyes here 👀", ""],
}
TITLE_CORE = {
    "discount": {
        "urgent": ["{discount} off {product} ends tonight", "{discount} off {product}",
                   "{discount} off {brand} ends soon", "save {discount} on {product}",
                   "{product} at {discount} off", "{product} drops to {price}",
                   "{discount} off {category} for hours only", "grab {discount} off {product}"],
        "friendly": ["{discount} off {product}", "a little {discount} off for you",
                     "{product} is {discount} off", "{product} just got cheaper",
                     "save {discount} on {product}", "{category} deals inside",
                     "{product} for just {price}", "a treat: {discount} off {brand}"],
        "premium": ["{discount} off {product}", "a private {discount} on {brand}",
                    "{product}, now {price}", "{discount} off the {brand} edit",
                    "a rare offer on {product}", "{brand}: {discount} for members"],
        "playful": ["{discount} off {product}!", "{product} on sale, wheee", "price drop alert!",
                    "{product} for {price}? yes", "{discount} off, you're welcome",
                    "cha-ching: {discount} off {brand}", "{category} deals, oh my"],
    },
    "back_in_stock": {
        "urgent": ["{product} is back, not for long", "{product} is back in stock",
                   "restocked: {product}", "{product} is back, grab it",
                   "back in stock: {product}", "{brand} restock selling fast"],
        "friendly": ["{product} is back", "it's back: {product}", "{product} is back in stock",
                     "good news about {product}", "{product} returned for you",
                     "back on the shelf: {product}"],
        "premium": ["{product} returns", "{product} is available again",
                    "the return of {product}", "{brand}: {product} is back",
                    "once more: {product}"],
        "playful": ["{product} is baaack!", "look who's back: {product}", "{product} came back 🙌",
                    "guess who's back? {product}", "{product} returned from its adventure",
                    "back by popular demand!"],
    },
    "new_arrival": {
        "urgent": ["new {product} selling fast", "just in: {product}", "new from {brand}, going fast",
                   "be first to get {product}", "new {category} drop, act fast",
                   "{product} just landed"],
        "friendly": ["new in: {product}", "meet {product}", "just landed: {product}",
                     "fresh from {brand}", "something new in {category}",
                     "say hello to {product}", "new for you: {product}"],
        "premium": ["introducing {product}", "new from {brand}: {product}",
                    "the new {product}", "first look: {product}", "the {brand} debut",
                    "new in {category}: {product}"],
        "playful": ["new toy alert: {product}", "fresh drop! {product}", "hot off the truck: {product}",
                    "{product} has entered the chat", "brand new {category} goodies",
                    "say hi to {product} 👋"],
    },
    "cart_reminder": {
        "urgent": ["your cart expires soon", "{product} is still in your cart",
                   "your {product} won't wait", "complete your order now",
                   "{product} may sell out", "checkout before it's gone"],
        "friendly": ["your {product} is waiting", "still thinking about {product}?",
                     "you left {product} behind", "forgot something?", "your cart misses you",
                     "{product} is saved for you"],
        "premium": ["your selection awaits", "{product} is reserved for you",
                    "your {brand} piece awaits", "your cart, kept for you",
                    "complete your {brand} order"],
        "playful": ["your cart is lonely", "{product} misses you 🥺", "psst, your cart called",
                    "{product} is still waiting!", "don't ghost your cart 👻",
                    "knock knock, it's {product}"],
    },
    "replenishment": {
        "urgent": ["running low on {product}?", "restock {product} today",
                   "don't run out of {product}", "time to reorder {product}",
                   "refill {product} before it runs out"],
        "friendly": ["time to restock {product}?", "ready for a refill?", "running low on {product}?",
                     "reorder {product} in one tap", "stock up on {product}",
                     "your {category} refill is ready"],
        "premium": ["replenish your {product}", "your {brand} ritual, renewed",
                    "a refill of {product}", "keep your {product} in stock",
                    "your {category} essentials, restocked"],
        "playful": ["refill o'clock! ⏰", "{product} running low? 😱", "top up time!",
                    "more {product}, please!", "your stash needs {product}",
                    "restock party 🎉"],
    },
}
TITLE_SUFFIX = {
    "urgent": ["", "", "", "!", " ⏳", " 🔥"], "friendly": ["", "", "", " 😊", "!"],
    "premium": ["", "", "", "", "."], "playful": ["", "", " 🎉", " ✨", "!", " 🛒"],
}

# --- body pieces ------------------------------------------------------------
OPENER = {
    "bargain": ["You love a good deal, so here's one.", "Deal hunters, this one's for you.",
                "Your kind of price.", "A smart buy, " + N + ".", "We know you like to save.",
                "Bargain spotted.", "Good prices never last long.", "Savvy shoppers look here."],
    "loyal": ["As one of our favourite customers, you get first pick.", "Thanks for sticking with us, " + N + ".",
              "You shop with us often, so you hear first.", "A thank-you for being a regular.",
              "Our best customers get early access.", "Because you keep coming back.",
              "For our most loyal shoppers."],
    "new": ["Welcome to the family!", "Glad you're here, " + N + ".", "New here? Start with this.",
            "Welcome aboard, " + N + ".", "Here's a great first pick.", "Nice to meet you!",
            "Your first order starts here."],
    "lapsed": ["We've missed you, " + N + ".", "It's been a while!", "Welcome back.",
               "Long time no see.", "Come back and see what's new.", "We saved you a spot.",
               "Ready for a comeback?"],
    "browser": ["Still browsing?", "We saw you looking.", "Still on the fence?",
                "Had your eye on this?", "Take another look.", "Made up your mind yet?",
                "Worth a second look."],
    "specialist": ["For true {category} fans:", "You know your {category}.",
                   "Picked for a {category} expert.", "Right up your street.",
                   "Another one for your {category} collection.", "Made for people who know {category}."],
    "general": [],
}
CORE = {
    "discount": ["Take {discount} off {product} today.", "{product} is now just {price}.",
                 "Save {discount} on {product} from {brand}.", "Get {product} for {discount} less.",
                 "{brand} {category} is {discount} off right now.", "{product} dropped to {price}.",
                 "Enjoy {discount} off {product} while it lasts.", "Your price on {product}: {price}.",
                 "{discount} off selected {category}, {product} included.",
                 "Pick up {product} at {discount} off."],
    "back_in_stock": ["{product} is back on the shelf.", "We restocked {product} from {brand}.",
                      "{product} is available again.", "The {brand} favourite is back: {product}.",
                      "{product} sold out last time, and now it's back.",
                      "Fresh stock of {product} just arrived.", "{product} is back in your size and style."],
    "new_arrival": ["Meet {product}, new from {brand}.", "{product} just joined our {category} range.",
                    "Fresh in: {product}.", "{brand} just released {product}.",
                    "Be among the first to try {product}.", "Our newest {category} pick is {product}.",
                    "{product} is here, and it's only {price}."],
    "cart_reminder": ["{product} is still in your cart.", "You left {product} in your basket.",
                      "Your {product} is saved and ready.", "Finish checking out {product} in two taps.",
                      "We kept {product} for you.", "{product} from {brand} is waiting at checkout.",
                      "Your cart still holds {product}."],
    "replenishment": ["Running low on {product}?", "It's about time to restock {product}.",
                      "Reorder {product} in one tap.", "Never run out of {product} again.",
                      "Your usual {product} is ready to reorder.", "Stock up on {product} from {brand}.",
                      "Top up your {category} supplies with {product}."],
}
CORE_TONE = {
    "urgent": ["Stock is running low.", "Only a few left.", "It won't last.",
               "Prices go back up at midnight.", "Others have it in their carts too."],
    "friendly": ["We think you'll love it.", "It's a good one.", "We picked it just for you.",
                 "Happy shopping!", "Hope it makes your day."],
    "premium": ["Crafted with care.", "Quality that lasts.", "Thoughtfully made.",
                "A considered choice.", "Understated and refined."],
    "playful": ["Your wallet says thanks. 💸", "Happy dance time! 💃", "It's kind of a big deal.",
                "No regrets, only joy. 😄", "Cue the confetti! 🎊"],
}
CATEGORY_LINE = {
    "Electronics": ["Upgrade your setup.", "Smart tech that keeps up with you.", "Plug in and power up.",
                    "Your desk deserves it.", "Tech that just works.", "Made for work and play."],
    "Fashion": ["Your wardrobe will thank you.", "Style that goes with everything.",
                "Made to be worn again and again.", "A fresh look for the new season.",
                "Comfort meets style.", "Dress up or dress down."],
    "Home & Kitchen": ["Make home a little cosier.", "Your kitchen just got better.",
                       "Small upgrade, big difference at home.", "For calmer evenings at home.",
                       "Cooking gets easier.", "Home, but better."],
    "Beauty": ["Your routine, refreshed.", "A little glow goes a long way.", "Gentle on your skin.",
               "Self-care, sorted.", "Treat your skin right.", "Your new shelf favourite."],
    "Sports & Outdoors": ["Ready for your next workout.", "Built for the trail.", "Train harder, recover faster.",
                          "Gear up for the weekend.", "Made for the outdoors.", "Move more, worry less."],
    "Grocery": ["Keep the pantry full.", "Good food, less effort.", "Fresh flavour for every meal.",
                "Breakfast sorted.", "Your pantry staple.", "Tasty and easy."],
    "Toys & Games": ["Hours of fun ahead.", "Game night just got better.", "Play time, upgraded.",
                     "Sparks curiosity and giggles.", "Perfect for little explorers.", "Fun for the whole family."],
    "Books": ["Your next great read.", "A page-turner for the weekend.", "Curl up with a good story.",
              "Readers can't put it down.", "Add it to your reading pile.", "A story worth your evening."],
    "Health": ["Support your daily routine.", "Feel good every day.", "Small habits, big results.",
               "Wellness made simple.", "Take care of you.", "Your daily boost."],
    "Pet Supplies": ["Happy pets, happy home.", "Tails will wag.", "Your pet deserves the best.",
                     "Loved by pets and owners.", "Treat your furry friend.", "For happy, healthy pets."],
    "Garden": ["Your garden will thank you.", "Grow something beautiful.", "Ready for the season.",
               "Make your outdoor space shine.", "For weekend gardeners.", "Green thumbs, rejoice."],
    "Baby": ["Gentle for little ones.", "Made for peaceful nights.", "Trusted by new parents.",
             "Little comforts for little ones.", "Parenting, made a bit easier.", "Soft, safe and snug."],
    "general": ["Something good for you.", "Picked with you in mind.", "Worth a look.",
                "One of our favourites.", "Simply good value.", "A little treat for you."],
}
CTA = {
    "urgent": ["Tap before it's gone.", "Order now.", "Ends at midnight.", "Don't miss out.",
               "Shop now before it sells out.", "Grab it while you can.", "Act fast, stock is limited.",
               "Tap to claim it now.", "Last chance today."],
    "friendly": ["Tap to take a look.", "Have a peek whenever you're ready.", "Take a look!",
                 "See it in the app.", "Come and have a look, " + N + ".", "Tap to see more.",
                 "Check it out when you have a minute."],
    "premium": ["Discover it now.", "Explore the collection.", "Discover more in the app.",
                "View it now.", "Explore at your leisure.", "See the full collection."],
    "playful": ["Go on, you know you want to 😉", "Tap, tap, hooray! 🎉", "Your cart is calling 📣",
                "Tap to do a happy dance.", "Resistance is futile 😄", "Treat yo' self! 🛍️",
                "Tap it, don't nap it! 😴", "Go on, peek! 👀"],
}
OFFER_EXTRA = {
    "discount": ["Offer ends soon.", "While stocks last.", "Best price this month.", "Deal of the week."],
    "back_in_stock": ["It sold out fast last time.", "We saved some just for you.", "Back while stocks last."],
    "new_arrival": ["Just dropped this week.", "Brand new in the shop.", "Be one of the first."],
    "cart_reminder": ["Checkout takes seconds.", "We saved your cart.", "Your picks are waiting."],
    "replenishment": ["Same great {brand} quality.", "Reorder in seconds.", "Keep your routine going."],
}

SLOT_EST = {"{product}": 24, "{brand}": 10, "{category}": 11, "{discount}": 3, "{price}": 6, N: 10}


def est_width(s):
    w = len(s)
    for slot, est in SLOT_EST.items():
        w += s.count(slot) * (est - len(slot))
    return w


def cap(s):
    s = s.strip()
    if not s or s[0] in "{@":
        return s
    return s[0].upper() + s[1:]


def title_for(rng, tone, offer):
    core = rng.choice(TITLE_CORE[offer][tone])
    prefix = rng.choice(TITLE_PREFIX[tone]) if rng.random() < 0.55 else ""
    if prefix and prefix[-1].isalpha() and not core.startswith("{product}"):
        prefix = ""
    if prefix:
        core = core if prefix[-1] in ",?" or prefix[-1].isalpha() else cap(core)
        t = prefix + " " + core
    else:
        t = cap(core)
    if t[-1] not in "!?." and not t.endswith(("🎉", "✨", "🙌", "⏰", "🥺", "👻", "😱", "👋", "🛒", "🔥", "⏳", "😊")):
        t += rng.choice(TITLE_SUFFIX[tone])
    return t


def body_for(rng, tone, offer, cat, persona):
    parts = []
    if OPENER[persona] and rng.random() < 0.55:
        parts.append(rng.choice(OPENER[persona]))
    parts.append(rng.choice(CORE[offer]))
    extras = []
    if rng.random() < 0.5:
        extras.append(rng.choice(CATEGORY_LINE[cat]))
    if rng.random() < 0.35:
        extras.append(rng.choice(CORE_TONE[tone]))
    if rng.random() < 0.25:
        extras.append(rng.choice(OFFER_EXTRA[offer]))
    rng.shuffle(extras)
    parts.extend(extras[:2])
    if rng.random() < 0.8:
        parts.append(rng.choice(CTA[tone]))
    return " ".join(cap(p) for p in parts)


def fits(title, body):
    return est_width(title) <= 44 and est_width(body) <= 200


def compose(rng):
    tone = rng.choice(TONES)
    cat = rng.choice(CATEGORIES)
    weights = [3, 2, 3, 3, REPLENISH.get(cat, 0)]
    offer = rng.choices(OFFERS, weights=weights)[0]
    persona = rng.choice(PERSONAS)
    for _ in range(20):
        title = title_for(rng, tone, offer)
        body = body_for(rng, tone, offer, cat, persona)
        if (title + body).count(N) > 1:
            continue
        if fits(title, body) and ("{product}" in title + body):
            return tone, offer, cat, persona, title, body
    return None


def main():
    rng = random.Random(SEED)
    seen = set()
    rows = []
    while len(rows) < N_LINES:
        r = compose(rng)
        if r is None:
            continue
        key = (r[4], r[5])
        if key in seen:
            continue
        seen.add(key)
        rows.append(r)
    out = sys.stdout
    out.write("tone\toffer\tcategory\tpersona\ttitle\tbody\n")
    for r in rows:
        out.write("\t".join(x.replace(N, NAME) for x in r) + "\n")


if __name__ == "__main__":
    main()
