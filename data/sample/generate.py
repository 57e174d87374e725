#!/usr/bin/env python3
"""Writes data/sample/tweets.csv: a small, balanced, labelled set of tweets that WE wrote.

No third-party tweets: every row is assembled from the hand-written templates and word lists below by a
seeded generator, so the file is reproducible byte for byte (`python3 data/sample/generate.py`).

The set is meant to be learnable but not from a single word: the same adjectives, verbs, emoji and hashtags
occur in both classes, and negations ("not good", "don't like", "wasn't bad", "never again") decide the
label. Rows exercise what real tweets contain: @mentions, URLs, #hashtags, HTML entities as Twitter's API
delivers them (&amp; &quot; &lt;3), elongations ("soooo"), intensifiers, "!"/"?" runs, mixed case and emoji.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

SEED = 20090406  # Sentiment140's first collection day; any constant works.
ROWS_PER_CLASS = 1500
OUTPUT = Path(__file__).with_name("tweets.csv")

TOPICS = [
    "the new phone", "this coffee", "my flight", "the concert", "work today", "the weather", "this movie",
    "the game last night", "my new haircut", "the pizza", "monday", "the update", "the bus ride", "my exam",
    "the beach", "this book", "the season finale", "our team", "the hotel", "the new album", "this laptop",
    "the traffic", "my internship", "the wedding", "the food here", "this playlist", "the customer service",
    "the new episode", "my birthday", "the gym", "the train", "the party", "this weekend", "my sister's cooking",
    "the app", "the lecture", "the parade", "the match", "the sequel", "my garden", "the museum", "the café",
    "the roadtrip", "the new job", "the game update", "the dentist", "the meeting", "the festival", "the sushi",
    "this song", "the show tonight", "the trailer", "my commute", "the ending", "the presentation", "the hike",
]
POS_ADJ = ["good", "great", "amazing", "awesome", "lovely", "fantastic", "wonderful", "perfect", "fun",
           "brilliant", "beautiful", "sweet", "cool", "nice", "excellent", "happy"]
NEG_ADJ = ["bad", "terrible", "awful", "horrible", "boring", "annoying", "disappointing", "sad", "ugly",
           "broken", "lame", "gross", "stressful", "slow", "rude", "painful"]
POS_VERB = ["love", "like", "enjoy", "adore", "recommend"]
NEG_VERB = ["hate", "dislike", "regret", "can't stand", "despise"]
INTENSIFIERS = ["so", "really", "super", "totally", "extremely", "very", "incredibly", "pretty"]
OPENERS = ["", "", "", "omg ", "ugh ", "honestly ", "lol ", "well ", "finally ", "wow ", "tbh ", "ok so ",
           "yesss ", "hmm ", "just saying, "]
TIMES = ["", "", "", " today", " tonight", " this morning", " again", " this week", " right now", " yesterday"]
NAMES = ["jess_k", "mike88", "sarahlovesbooks", "danny_b", "the_real_tom", "coffeeaddict", "lucy_in_sf",
         "marco", "ana_r", "bookclub_nyc", "jamesfromwork", "kate", "mum", "teamleader", "pizzaplace"]
DOMAINS = ["http://bit.ly/{c}", "https://t.co/{c}", "www.example.com/{c}", "http://tinyurl.com/{c}",
           "https://example.org/posts/{c}"]
# Hashtags and emoji appear in both classes (with a lean), so none of them gives the label away.
POS_TAGS = ["#happy", "#blessed", "#win", "#weekend", "#music", "#tgif", "#foodie", "#travel", "#monday"]
NEG_TAGS = ["#fail", "#ugh", "#mondays", "#epicfail", "#music", "#travel", "#weekend", "#foodie", "#monday"]
POS_EMOJI = ["😊", "😍", "🎉", "👍", "❤️", "😂", "☀️", ":)", ":D"]
NEG_EMOJI = ["😢", "😡", "👎", "😩", "💔", "😂", "🙄", ":(", ":/"]

# {t} topic, {p} positive adjective, {n} negative adjective, {pv}/{nv} verbs, {i} intensifier.
POSITIVE_TEMPLATES = [
    "{t} was {i} {p}", "I {pv} {t}", "{t} is {p}", "{t} was not {n} at all", "{t} wasn't {n}, it was {p}",
    "can't complain about {t}", "I don't {nv} {t} anymore", "never had such a {p} time", "{t} is not {n}",
    "{t} could not have been more {p}", "nothing {n} about {t}", "I really {pv} {t}", "{t} made my day",
    "not gonna lie, {t} was {p}", "didn't expect {t} to be this {p}", "{t} never disappoints",
    "{t} is the best", "so glad I went to {t}", "{t}: {p}, {p} and {p}", "thank you for {t}, it was {p}",
    "who said {t} was {n}? it was {p}", "{t} was way better than I thought", "no regrets about {t}",
    "I can't stop smiling about {t}", "{t} &amp; friends = {p}", "&quot;{p}&quot; doesn't even cover {t}",
    "{t} &lt;3", "I'm not even mad about {t}, it was {p}", "{t} wasn't that bad after all",
    "{t} is not boring at all", "don't worry, {t} was {p}", "never thought I'd {pv} {t} this much",
]
NEGATIVE_TEMPLATES = [
    "{t} was {i} {n}", "I {nv} {t}", "{t} is {n}", "{t} was not {p} at all", "{t} wasn't {p}, it was {n}",
    "can't believe how {n} {t} was", "I don't {pv} {t} anymore", "never again. {t} was {n}", "{t} is not {p}",
    "{t} could not have been more {n}", "nothing {p} about {t}", "I really don't {pv} {t}", "{t} ruined my day",
    "not gonna lie, {t} was {n}", "didn't expect {t} to be this {n}", "{t} always disappoints",
    "{t} is the worst", "wish I hadn't gone to {t}", "{t}: {n}, {n} and {n}", "thanks for nothing, {t}",
    "who said {t} was {p}? it was {n}", "{t} was way worse than I thought", "so many regrets about {t}",
    "I can't stop crying about {t}", "{t} &amp; me = {n}", "&quot;{p}&quot; my foot, {t} was {n}",
    "{t} &lt;/3", "I'm so mad about {t}", "{t} wasn't good after all", "{t} is not fun at all",
    "don't bother with {t}, it's {n}", "never {pv} {t} again",
]
POS_TAILS = [" can't wait for more", " best day ever", " so happy", " love it", " haha",
             " worth it", " thank you", " definitely going back", " 10/10"]
NEG_TAILS = [" what a waste", " worst day ever", " so annoyed", " no thanks", " sigh",
             " not worth it", " seriously", " never going back", " 0/10"]


def elongate(word, rng):
    """Stretch one vowel or final letter: good -> goooood, love -> looove."""
    letters = [i for i, c in enumerate(word) if c in "aeiouy"] or [len(word) - 1]
    i = rng.choice(letters)
    return word[: i + 1] + word[i] * rng.randint(2, 5) + word[i + 1:]


def shout(text, rng):
    """Upper-case one longer word, as people do for emphasis."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if candidates:
        i = rng.choice(candidates)
        words[i] = words[i].upper()
    return " ".join(words)


def fill(template, rng):
    return template.format(
        t=rng.choice(TOPICS), p=rng.choice(POS_ADJ), n=rng.choice(NEG_ADJ),
        pv=rng.choice(POS_VERB), nv=rng.choice(NEG_VERB), i=rng.choice(INTENSIFIERS))


def tweet(positive, rng):
    templates, tails = (POSITIVE_TEMPLATES, POS_TAILS) if positive else (NEGATIVE_TEMPLATES, NEG_TAILS)
    text = rng.choice(OPENERS) + fill(rng.choice(templates), rng) + rng.choice(TIMES)
    if rng.random() < 0.1:
        text += rng.choice([",", ".", " -"]) + rng.choice(tails)
    if rng.random() < 0.2:
        words = text.split(" ")
        i = rng.randrange(len(words))
        if words[i].isalpha() and len(words[i]) > 2:
            words[i] = elongate(words[i], rng)
        text = " ".join(words)
    if rng.random() < 0.15:
        text = shout(text, rng)
    if rng.random() < 0.3:
        text += rng.choice(["!", "!!", "!!!", "!!!!!", "?!", "??", "...", " !!", "?!?!", "."])
    if rng.random() < 0.3:
        text = "@" + rng.choice(NAMES) + " " + text
    if rng.random() < 0.15:
        text += " " + rng.choice(DOMAINS).format(c="".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6)))
    if rng.random() < 0.2:
        # Leaning but overlapping: 75% from the class's own list, 25% from the other.
        own, other = (POS_TAGS, NEG_TAGS) if positive else (NEG_TAGS, POS_TAGS)
        text += " " + rng.choice(own if rng.random() < 0.75 else other)
    if rng.random() < 0.2:
        own, other = (POS_EMOJI, NEG_EMOJI) if positive else (NEG_EMOJI, POS_EMOJI)
        text += " " + rng.choice(own if rng.random() < 0.75 else other)
    if rng.random() < 0.1:
        text = text[0].upper() + text[1:]
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the CSV (default: %(default)s)")
    output = parser.parse_args().output
    rng = random.Random(SEED)
    rows, seen = [], {}
    for label in (1, 0):
        count = 0
        while count < ROWS_PER_CLASS:
            text = tweet(label == 1, rng)
            if text in seen:
                continue
            seen[text] = label
            rows.append((text, label))
            count += 1
    rng.shuffle(rows)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
