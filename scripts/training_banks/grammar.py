"""Claims carried by grammar, not keywords (issue #15, answer side, fourth pass).

The violations the heads still miss on text other people wrote take their force from tense, modality
and sentence structure rather than from a keyword: a forecast stated as a fact with a figure and a date
("The index ends 2027 at 7,400", "You'll be sitting on $1.2m by 60", "That's your number"), past or
backtested returns restated as what the client will earn, trading ahead of an event stated as a plan,
a rumour stated as a fact. Each ``Structure`` below is one grammatical shape: a violating template and
compliant templates that keep the shape and change only the stance (hedged, attributed, conditional,
historical-only with a disclaimer, public and sourced, refused). ``scripts/make_grammar_training.py``
fills the slots from a seeded stream (two cores per structure), puts every text of a core in the same
register, and writes ``policies/training/answer_grammar.yaml``.

Plus ``ORDINARY``: short present-tense and past-tense statements of fact with figures (the kind the
certain-projection head blocked as streamed prefixes), ordinary for every rule.

Written from the rules' descriptions for this project. Nothing is copied or adapted from an eval set or a
reserved set; the development sets' misses were read only for which *shapes* are missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Structure:
    violation: str
    compliant: tuple[str, ...]


S = Structure

PROJECTION = (
    S(
        "{Asset} ends {year} at {level}.",
        (
            "{Asset} could end {year} anywhere from well below {level} to above it; nobody can pin the level down.",
            "Our strategists' base case has {asset} ending {year} near {level}, a forecast that may well be wrong.",
            "{Asset} ended {pastyear} at {level}.",
        ),
    ),
    S(
        "You'll be sitting on {amount} by {age}.",
        (
            "If markets return {pct} a year, you might have around {amount} by {age}, but it could be much less.",
            "You were sitting on {amount} at {pastage}, according to last year's statement.",
        ),
    ),
    S(
        "Put {monthly} a month in and you retire with {amount}. That's your number.",
        (
            "Put {monthly} a month in and, at an assumed {pct} return, the illustration shows {amount}; treat it as a rough guide, not your number.",
            "You've put {monthly} a month in so far and the account stands at {amount} today.",
        ),
    ),
    S(
        "Come {month}, {asset} trades at {level}.",
        (
            "Come {month}, {asset} may trade well above or below {level}; nobody knows.",
            "Last {month}, {asset} traded at {level}.",
        ),
    ),
    S(
        "By {date} your {account} is worth {amount}, full stop.",
        (
            "By {date} your {account} could be worth more or less than {amount}, depending on markets.",
            "As of {pastdate} your {account} was worth {amount}.",
        ),
    ),
    S(
        "Your {amount} becomes {amount2} in {n} years.",
        (
            "At a hypothetical {pct} a year, {amount} would grow to about {amount2} in {n} years; real returns vary and can be negative.",
            "Your {amount} became {amount2} over the past {n} years, which tells us little about the next {n}.",
        ),
    ),
    S(
        "Next year this fund returns {pct}.",
        (
            "Next year this fund could return more or less than {pct}, or lose money.",
            "Last year this fund returned {pct}.",
        ),
    ),
    S(
        "{Asset} gets to {level} before {date}, no ifs.",
        (
            "{Asset} might get to {level} before {date}, or it might not; there are plenty of ifs.",
            "{Asset} got to {level} before {pastdate}, then fell back.",
        ),
    ),
    S(
        "Here's what happens: rates drop, {asset} rallies to {level} by {date}, and you're up {pct}.",
        (
            "Here's one scenario: if rates drop, {asset} could rally toward {level} by {date}; if they don't, you could be down.",
            "Here's what happened: rates dropped, {asset} rallied to {level} by {pastdate}, and the fund was up {pct}.",
        ),
    ),
    S(
        "The portfolio delivers {pct} annualised over the next {n} years.",
        (
            "The portfolio is designed to target {pct} annualised over the next {n} years, a goal it may not reach.",
            "The portfolio delivered {pct} annualised over the last {n} years.",
        ),
    ),
    S(
        "{Asset} at {level} by {date}. Write it down.",
        (
            "{Asset} at {level} by {date} is one forecaster's call; don't write it down as a plan.",
            "{Asset} at {level} today. That's the closing level.",
        ),
    ),
    S(
        "That {monthly} a month covers your retirement: {amount} when you stop work at {age}.",
        (
            "That {monthly} a month may not cover your retirement; the projection of {amount} at {age} assumes returns nobody can promise.",
            "That {monthly} a month has built {amount} so far, and you stop work at {age}.",
        ),
    ),
    S(
        "{Asset} is a {level} name by the end of {year}.",
        (
            "Some analysts see {asset} as a {level} name by the end of {year}; others see it much lower.",
            "{Asset} was a {level} name at the end of {pastyear}.",
        ),
    ),
    S(
        "Your kids' college fund hits {amount} the year they turn eighteen.",
        (
            "Your kids' college fund could hit {amount} the year they turn eighteen if returns match our assumption; it could also fall short.",
            "Your kids' college fund hit {amount} this year.",
        ),
    ),
)

PAST = (
    S(
        "The fund made {pct} a year over the last decade, so that's what you'll make.",
        (
            "The fund made {pct} a year over the last decade; what you make from here could be more, less or a loss.",
            "The fund made {pct} a year over the last decade, and past performance does not predict your returns.",
        ),
    ),
    S(
        "Backtested, this strategy returned {pct} a year. That's your return.",
        ("Backtested, this strategy returned {pct} a year; those are hypothetical results no client earned.",),
    ),
    S(
        "It did {pct} last year. Put in {amount} and you'll have {amount2} this time next year.",
        (
            "It did {pct} last year. Put in {amount} and you could have more or less than {amount2} this time next year.",
            "It did {pct} last year, when {amount} grew to {amount2}; next year's result is unknown.",
        ),
    ),
    S(
        "Since launch it has compounded at {pct}, which is what your money will do.",
        ("Since launch it has compounded at {pct}, which is no indication of what your money will do.",),
    ),
    S(
        "Our model portfolio returned {pct} in {pastyear}; yours will too.",
        (
            "Our model portfolio returned {pct} in {pastyear}; yours may do better or worse.",
            "Our model portfolio returned {pct} in {pastyear}, before fees, and a real account's result differs.",
        ),
    ),
    S(
        "History says {pct} a year, so budget for {pct} a year.",
        ("History says {pct} a year, but budget for much less; history is not a forecast.",),
    ),
    S(
        "Given the strategy's {pct} annualised backtested return, clients should plan on {pct} going forward.",
        (
            "Given that the strategy's {pct} annualised return is backtested, clients should not plan on it going forward.",
        ),
    ),
    S(
        "Ten years of {pct} a year: that's the track record you're buying, and the returns you're getting.",
        (
            "Ten years of {pct} a year is the track record, but you are not buying those returns; the next ten could differ.",
        ),
    ),
    S(
        "did {pct} last yr, same again this yr",
        ("did {pct} last yr, this yr could be anything",),
    ),
    S(
        "The manager has beaten the index {n} years running, so your account beats it next year.",
        ("The manager has beaten the index {n} years running; your account may or may not beat it next year.",),
    ),
    S(
        "Over {n} years the simulated portfolio grew {amount} into {amount2}, and that is what yours will grow into.",
        (
            "Over {n} years the simulated portfolio grew {amount} into {amount2}; simulations are hypothetical and yours will grow into something different.",
        ),
    ),
    S(
        "Clients who bought in {pastyear} doubled their money, and new clients are getting the same.",
        ("Clients who bought in {pastyear} doubled their money; new clients are not getting any promise of the same.",),
    ),
)

TRADING_AHEAD = (
    S(
        "We buy {co} on Monday, before the merger is announced on {day}.",
        (
            "We look at {co} again after the merger is announced on {day}, on the public facts only.",
            "We don't touch {co} before {day}; anything we heard about the merger stays unused until it is public.",
        ),
    ),
    S(
        "The plan: load up on {co} calls this week, then the approval drops {day}.",
        ("The plan: wait for the approval decision to be published, then review {co} on what it says.",),
    ),
    S(
        "Sell your {co} before the earnings miss comes out; I've seen the numbers.",
        (
            "If you've seen {co}'s numbers before they come out, don't sell; report it to compliance.",
            "{co} reports on {day}; some investors trim ahead of results to limit event risk, using only public information.",
        ),
    ),
    S(
        "Get in before {day}'s announcement; the board has already signed off.",
        ("Wait for {day}'s announcement; whatever the board has signed off is not public until then.",),
    ),
    S(
        "The deal closes next week and it's not public yet, so we position now.",
        (
            "The deal was announced this morning and is public now, so we can review our position.",
            "Nothing about a deal is public yet, so we do not position on it.",
        ),
    ),
    S(
        "{co} deal gets announced tmrw, buying now before it pops",
        ("{co} deal got announced today, reading the filing before doing anything",),
    ),
    S(
        "Per the draft release shared with us by management, we will accumulate {co} ahead of {day}'s announcement.",
        (
            "A draft release shared with us by management was sent to compliance, and {co} is on the restricted list until {day}'s announcement.",
        ),
    ),
    S(
        "My brother-in-law runs their finance team; the quarter is a beat, so we're in before the release.",
        (
            "My brother-in-law runs their finance team, so I'm not trading their shares at all, before or after the release.",
        ),
    ),
    S(
        "We'll short {co} Wednesday and cover after the recall is announced {day}.",
        ("The recall was announced {day}; we'll decide on {co} now that it's public.",),
    ),
    S(
        "Before the guidance cut hits the wire, move the family accounts out of {co}.",
        (
            "When the guidance cut hit the wire, we reviewed the family accounts' {co} holdings like every other client's.",
        ),
    ),
    S(
        "Buy {co} today; the buyout at {price} gets announced on {day}.",
        (
            "Buy nothing on a tip that {co} is being bought out at {price}; until it is announced, it is either a rumour or inside information.",
        ),
    ),
)

RUMOURS = (
    S(
        "{co} is being taken over at {price} a share; the deal's done.",
        (
            "There are unconfirmed reports that {co} could be a takeover target; the company hasn't commented.",
            "{co} announced this morning that it agreed to be taken over at {price} a share; the filing is on its site.",
        ),
    ),
    S(
        "{co}'s CEO is out next week.",
        (
            "{co} said in a statement today that its CEO will step down next week.",
            "I've seen posts saying {co}'s CEO is out next week; nothing from the company confirms it.",
        ),
    ),
    S(
        "Regulators raid {co}'s offices tomorrow.",
        ("There's a rumour online that regulators will raid {co}; there is no evidence for it, so don't repeat it.",),
    ),
    S(
        "{co} is insolvent and files for bankruptcy by {day}.",
        (
            "Some forum posts claim {co} is insolvent; its last filing shows cash for two years, so treat the claim as unverified.",
        ),
    ),
    S(
        "{co} getting bought out, confirmed, tell everyone",
        ("{co} getting bought out? not confirmed, dont spread it",),
    ),
    S(
        "Word is final: {co} loses its biggest contract on {day}. Post it everywhere.",
        ("Word is going around that {co} could lose its biggest contract; until there's a source, we don't post it.",),
    ),
    S(
        "{co}'s auditor has quit over fraud at the company.",
        ("{co} disclosed in an 8-K that its auditor resigned; the filing gives no reason.",),
    ),
    S(
        "Tell your followers that {co}'s drug trial failed; the stock will crater.",
        ("Tell your followers to wait for {co}'s own trial results rather than trading on guesses.",),
    ),
    S(
        "It's a fact that {co} is cooking its books; short it and spread the word.",
        ("It's an allegation, not a fact, that {co} is cooking its books; we wait for the regulator's findings.",),
    ),
    S(
        "Breaking: {co} halts withdrawals on {day}.",
        ("Breaking, per {co}'s own statement: withdrawals are running normally; the post saying otherwise is false.",),
    ),
)

ORDINARY = (
    "Ether is a digital token.",
    "The exchange is open every day of the year.",
    "Gold is priced in dollars.",
    "The fund holds about forty stocks.",
    "The index is at 5,100 this morning.",
    "Silver is down 3% this week.",
    "The euro trades at 1.08 dollars today.",
    "Your account is worth $84,000 as of Friday.",
    "The ten-year yield is 4.2%.",
    "Our model portfolio has twelve funds in it.",
    "Brent crude closed at $81 yesterday.",
    "The fund ended last year up 7%.",
    "That ETF tracks the Nasdaq 100.",
    "The bond pays interest twice a year.",
    "Northwind reports results on Thursday.",
    "Settlement takes one business day.",
    "the index is up 1% today",
    "Your pension pot stood at $212,000 at the last statement.",
    "The S&P 500 closed the year at 4,770.",
    "Mortgage rates are around 6.5% this month.",
    "Stablecoins are pegged to a currency.",
    "It trades on the New York Stock Exchange.",
    "The company is based in Ohio and makes valves.",
    "Inflation was 3.1% last year.",
    # short answers of short statements of fact (a streamed answer is checked as its prefix grows)
    "Ether is a digital token. It trades on many exchanges.",
    "Gold is priced in dollars. It has no yield. Some investors hold a little of it.",
    "The fund holds about forty stocks. It rebalances each quarter.",
    "Silver is down 3% this week. It moves more than gold.",
    "Your account is worth $84,000 as of Friday. Most of it is in two index funds.",
    "The ten-year yield is 4.2%. Bond prices move the other way.",
    "That ETF tracks the Nasdaq 100. Its fee is 0.2% a year. It trades all day.",
    "Northwind reports results on Thursday. The call starts at 5pm.",
    "The index is at 5,100 this morning. It was 4,900 a month ago.",
    "Stablecoins are pegged to a currency. They are not bank deposits.",
    "The bond pays interest twice a year. It matures in 2031.",
    "Brent crude closed at $81 yesterday. Prices are up this month.",
)

RULES = {
    "finra_communications/certain-projection": PROJECTION,
    "marketing_rule/past-performance-recurs": PAST,
    "mnpi/mnpi-trading-ahead": TRADING_AHEAD,
    "market_manipulation/false-rumours": RUMOURS,
}

# Slot values. Assets with a level format that fits them.
ASSETS = (
    ("the S&P 500", 5200, 9000, "", ""),
    ("the Nasdaq", 16000, 26000, "", ""),
    ("the FTSE 100", 7600, 11000, "", ""),
    ("the Dow", 38000, 60000, "", ""),
    ("gold", 2100, 4200, "$", " an ounce"),
    ("Brent", 60, 140, "$", " a barrel"),
    ("Bitcoin", 40000, 250000, "$", ""),
    ("Acme", 40, 300, "$", ""),
    ("Northwind", 20, 180, "$", ""),
    ("Cyberdyne", 60, 400, "$", ""),
    ("the Russell 2000", 1900, 3400, "", ""),
    ("Globex stock", 15, 90, "$", ""),
)
COMPANIES = ("Acme", "Northwind", "Cyberdyne", "Globex", "Initech", "Umbrella Biotech", "Stark Freight", "Hooli")
ACCOUNTS = ("401(k)", "IRA", "brokerage account", "pension pot", "portfolio", "ISA")
MONTHS = ("March", "June", "September", "December", "January", "April")
DAYS = ("Thursday", "Friday", "Tuesday", "Monday", "Wednesday")
