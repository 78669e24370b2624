"""Sixth bank of hand-written cores (issue #15, answer side, eleventh pass): the dev misses' families.

The tenth pass grouped the development sets' answer-side misses by family and wrote rule patterns for the
ones a compliance officer can name in words; the held-out answer set (guardrails_fresh2) did not move. The
families that need a reader rather than a pattern get written training text here, each violation beside a
compliant near miss on the same topic that keeps most of its words and takes the compliant side:

* a guarantee as a *figure of speech* (a ratchet, a vault, a floor of concrete, a road with no U-turns,
  heads-you-win) — promissory-guarantee;
* a *back-test or simulation applied to the client's own account* ("…, which is what your account is set
  up to earn") — hypothetical-as-expected;
* a *tax or legal outcome stated as certain* (zero bill, no tax, never liable) — definitive-tax-legal-advice;
* a *client anecdote used as a testimonial* (one client's result offered as the reader's) —
  testimonials-superlatives;
* an insider's news not yet out, traded on — mnpi-trading-ahead — beside the near miss the tenth pass
  found blocked by mnpi-request's head on main ("Nobody outside the company knows the trial result yet, so
  we will not trade until it is announced."), which is also written, with kin, as mnpi-request stance
  sentences (``STANCE``).

Written for this project from the families' *names* in docs/guardrails.md (tenth pass); the dev items were
read for their families but no sentence is copied or adapted from them, nor from the training data's
held-out split, guardrails_fresh2 or a reserved set. ``{p}``/``{co}``/``{n}``/``{yr}`` are filled as in
``make_guardrail_training.py``; a short answer marks its violating sentence with ``[[ ]]``.
"""

GUARANTEE = (
    [
        "Think of {p} as a ratchet: it clicks up and never slips back.",
        "Your money in {p} only travels in one direction, and that direction is up.",
        "{p} is a safety net with no holes; whatever the market does, your stake lands softly.",
        "Putting cash in {p} is like keeping it in a vault that pays interest: it cannot shrink.",
        "[[With {p} the floor is poured concrete, so your balance has nowhere to go but up.]] I'll send the forms.",
        "it's heads you win, tails you don't lose with {p}, simple as that",
        "The worst that can happen with {p} is that you break even.",
        "{p} is a one-lane road to a bigger balance: no U-turns, no potholes.",
    ],
    [
        "Think of {p} as having a ratchet feature: it locks in some gains, but its value can still slip back.",
        "Your money in {p} can travel in either direction; some years it will go down.",
        "{p} is a safety net with some holes; it cushions certain falls, but your stake can still lose value.",
        "{p} is not a vault: it pays interest, but what it holds can shrink when markets fall.",
        "With {p} there is a buffer, not a concrete floor, so your balance can still fall past it. I'll send the forms.",
        "it's not heads you win tails you don't lose with {p}, you can lose money too",
        "The worst that can happen with {p} is a real loss; breaking even is not assured.",
        "{p} is no one-lane road to a bigger balance: expect U-turns and potholes along the way.",
    ],
)

HYPOTHETICAL = (
    [
        "Replayed over the last fifteen years the model earned {n} a year, which is what your account is set up to earn.",
        "Had you owned this strategy since 2008 you would have tripled your money, and that is the path you're on now.",
        "Our back-tested rotation beat the index by {n} a year, so that edge is yours from day one.",
        "[[The historical simulation never lost more than five percent, so your worst year with us is a five percent dip.]] Questions welcome.",
        "the backtest says {n} a year so budget the kids' tuition on {n}",
        "Tested against every crash since 1987 the signal protected capital, so your savings are covered in the next one.",
        "Applied to your portfolio, our model's run over the past decade means you retire with two million.",
        "The paper returns of our quant model are the returns you'll see on your statement.",
    ],
    [
        "Replayed over the last fifteen years the model earned {n} a year on paper; your account's results will differ and could be lower.",
        "Had you owned this strategy since 2008 you would have tripled your money on paper; hindsight makes that look easier than it was.",
        "Our back-tested rotation beat the index by {n} a year in testing; with real costs a live account may show no edge at all.",
        "The historical simulation never lost more than five percent, but real markets can deliver worse years than any test. Questions welcome.",
        "the backtest says {n} a year but that's a hindsight number, budget the kids' tuition on something lower",
        "Tested against past crashes the signal helped, but the next crash may look nothing like the ones it was tested on.",
        "Applied to your portfolio, our model's run over the past decade would have reached two million; that is an illustration, not your retirement.",
        "The paper returns of our quant model are not the returns you'll see on your statement; fees and timing change them.",
    ],
)

TAX = (
    [
        "Sell the losers in December and your tax bill for the year drops to zero.",
        "Your Roth conversion this year won't cost you a cent in tax.",
        "Fund the 529 and the state hands the whole contribution back to you as a deduction, guaranteed.",
        "[[Donate the shares instead of cash and you'll owe no tax on any of your income this year.]] Happy to help with the transfer.",
        "move to florida before you sell and the whole gain is tax free, done",
        "The home office deduction applies to you, so write off a third of your rent.",
        "Because the inheritance came from overseas, the IRS has no claim on it at all.",
        "Set the business up as an LLC and you will never be personally liable for anything it does.",
    ],
    [
        "Selling losers in December can lower your tax bill; how much depends on your gains and income, so ask your tax preparer.",
        "A Roth conversion is usually taxed as income in the year you convert; a tax adviser can estimate what yours would cost.",
        "Some states give a deduction for 529 contributions, with limits; check your state's rules or ask a tax professional.",
        "Donating appreciated shares can avoid capital gains on them and may be deductible within limits; a tax adviser can confirm. Happy to help with the transfer.",
        "moving states before you sell can change the state tax, but federal tax still applies and residency rules are strict, talk to a CPA",
        "The home office deduction only applies if you meet strict tests; your accountant can tell you whether you qualify.",
        "An inheritance from overseas can carry reporting duties with the IRS; a tax professional can say what you must file.",
        "An LLC can limit personal liability in many cases but not in all; a business lawyer should advise you.",
    ],
)

TESTIMONIAL = (
    [
        "One of our clients, a nurse from Ohio, retired at fifty-two on our plan, and you can too.",
        "A young couple we advise paid off their mortgage in six years thanks to our picks.",
        "Ask any of our clients: every one of them will tell you we turned their savings around.",
        "[[A shop owner we work with grew his account from fifty thousand to half a million with us.]] Book a call to see how.",
        "my client doubled her money with us in two years, she's thrilled, you will be too",
        "A widower I advise says we're the only firm he has ever trusted, and his account shows why.",
        "Our clients are never disappointed; one farmer tripled his retirement pot with our model.",
        "Picture a retired mechanic who came to us with a modest IRA and now lives off what it throws off; that is what we do for people.",
    ],
    [
        "One of our clients, a nurse from Ohio, asked about retiring at fifty-two; we looked at her savings rate and the risks together.",
        "A young couple we advise asked how to pay off their mortgage faster; here are the trade-offs we discussed.",
        "Clients' experiences with us vary; ask for our fee schedule and audited performance instead of anecdotes.",
        "A shop owner we work with wanted to grow his account; we talked through his goals and what he could lose. Book a call to see how.",
        "a client asked if she could double her money in two years, we told her nobody can promise that",
        "A widower I advise asked how to compare firms; we gave him a checklist of fees and services to check.",
        "Some clients do well and some less so; results depend on markets and on when they invest.",
        "Picture a retired mechanic with a modest IRA; we'd work out how much income it can reasonably support, which may be less than he hopes.",
    ],
)

TRADING_AHEAD = (
    [
        "Nobody outside {co} knows the trial result yet, so buy the shares before it is announced.",
        "My sister on {co}'s legal team says the lawsuit settles next week; load up before it hits the wires.",
        "The merger terms aren't out yet, but my banker friend gave them to me, so we buy this afternoon.",
        "[[Only the board knows the dividend cut is coming, so sell your {co} shares today.]] Call me after.",
        "before {co}'s approval goes public grab the calls, my guy at the agency says it's a yes",
        "The quarterly numbers haven't been released, but the controller told me they're huge, so we're buying now.",
    ],
    [
        "Nobody outside {co} knows the trial result yet, so we will not trade until it is announced.",
        "{co}'s lawsuit may settle at some point; we will trade only on what the company announces.",
        "The merger terms aren't out yet, so we wait for the announcement before doing anything.",
        "Only the board knows what it will decide on the dividend; we'll look at your {co} shares once it is announced. Call me after.",
        "{co}'s approval decision isn't public yet, so no trades on it until it is",
        "The quarterly numbers haven't been released, and until they are we don't trade the stock on guesses.",
    ],
)

RULES = {
    "finra_communications/promissory-guarantee": GUARANTEE,
    "marketing_rule/hypothetical-as-expected": HYPOTHETICAL,
    "tax_legal/definitive-tax-legal-advice": TAX,
    "marketing_rule/testimonials-superlatives": TESTIMONIAL,
    "mnpi/mnpi-trading-ahead": TRADING_AHEAD,
}

# Compliant only, each in its own group: waiting for news that is not yet public, said in the words an
# MNPI request uses ("nobody outside … knows", "not announced", "the result"), for mnpi-request's head,
# which on main reads the topic rather than the side.
STANCE = {
    "mnpi/mnpi-request": [
        "Until {co} announces the trial result, nobody here trades its shares.",
        "We don't know the outcome of {co}'s trial and won't try to find out early; we act once it is published.",
        "What only insiders at {co} know is off limits to us; we wait for the company's announcement.",
        "If {co} hasn't announced it, we don't have it, and we don't trade on it.",
        "the results aren't public yet so we're sitting on our hands until {co} puts them out",
    ],
}
