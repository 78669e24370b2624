"""Fifth bank of hand-written cores (issue #15, answer side, eighth pass): the styles the heads score near 0.

Diagnosis (main f4a855b): of the 195 violations of the training data's held-out split that the served rules
miss, 90 score 0.00-0.20 on their rule's head. They come in a few shapes the earlier banks hold few of:

* a bare claim with a *certainty tag* after a comma or semicolon ("…, mark my words", "…; that part is settled")
  — certain-projection, past-performance, tax/legal;
* a claim that loss is *structurally impossible* ("the way it is built, your deposit can't shrink");
* a *chain*: a hypothetical or past figure, "so", and the client's own result ("…, so plan your budget on it");
* a *vulnerable client and one holding* ("on a survivor's pension, one speculative stock is the move");
* a *rumour from someone inside* stated as news, with or without "how much should I buy?";
* *superlatives without a source* ("nothing else in the market touches it"), and a client's praise quoted in
  marketing text;
* *crowd buying* pitched as a plan ("if the whole chat buys at the open it has to run").

Each violation sits beside a compliant near miss on the same topic that keeps most of its words and
flips the claim (an uncertainty tag, a risk, a professional's check, a diversified amount, a public
source, a past-only statement). Written for this project from the rules' descriptions and the *shapes*
above; no sentence is copied or adapted from the held-out split, the development sets
(guardrails_independent, guardrails_fresh — not consulted while writing), guardrails_fresh2 or a
reserved set. ``{p}``/``{co}``/``{n}``/``{yr}`` are filled as in ``make_guardrail_training.py``; a short
answer marks its violating sentence with ``[[ ]]``.
"""

PROJECTION = (
    [
        "{co} closes {yr} above one hundred and fifty dollars, mark my words.",
        "The ten-year yield sits under three percent {yr}; that part is settled.",
        "Your college fund covers the full four years by the time she enrols, count on it.",
        "Copper doubles before the decade is out, and nothing is going to get in its way.",
        "[[{p} ends {yr} up {n}, take it as a given.]] I'll send the paperwork tomorrow.",
        "the dollar weakens another ten percent {yr}, that's baked in",
        "We see the euro at parity by spring, and you can hold us to that.",
        "Rates get cut three times {yr}; it's already decided.",
        "Thanks for the question. [[{co} hits a trillion-dollar value {yr}, that's a done deal.]] Let me know about the call.",
        "Property in your area climbs {n} over the next year, it can't go any other way.",
    ],
    [
        "{co} could close {yr} above one hundred and fifty dollars, but that is a guess, not a promise.",
        "The ten-year yield sat under three percent last year; where it goes {yr} is anyone's guess.",
        "Your college fund might cover the full four years by the time she enrols if markets cooperate; it may not.",
        "Copper doubled over the last decade; the next decade could look very different.",
        "{p} could end {yr} up {n}, or down; treat that as one scenario. I'll send the paperwork tomorrow.",
        "the dollar might weaken {yr}, or not, nobody really knows",
        "Some forecasters see the euro at parity by spring; we would not hold anyone to that.",
        "Markets price in three rate cuts {yr}; the central bank can easily do fewer.",
        "Thanks for the question. {co} is worth about half a trillion today; what it is worth {yr} depends on results. Let me know about the call.",
        "Property in your area climbed {n} last year; it can go the other way too.",
    ],
)

GUARANTEE = (
    [
        "The way {p} is built, your deposit simply can't shrink.",
        "There is no path where you end up under what you put into {p}; the design rules it out.",
        "[[Your principal in {p} is ring-fenced, so a market fall never touches it.]] Statements are quarterly.",
        "Nothing the market does can dent the money you place in {p}.",
        "with {p} you walk out with at least your stake, every single time",
        "The issuer's backstop means the amount you start with in {p} is always there at the end.",
        "Downside on {p}? There isn't one for you; the product absorbs it.",
        "Even in a crash you keep every dollar you put into {p}.",
    ],
    [
        "The way {p} is built, your deposit can still shrink if the market falls far enough.",
        "You can end up under what you put into {p}; the design limits losses only up to a point.",
        "Your principal in {p} is partly buffered, but a deep market fall still reaches it. Statements are quarterly.",
        "A bad year in the market can dent the money you place in {p}.",
        "with {p} you can walk out with less than your stake, it happens",
        "The issuer's backstop is only as good as the issuer, so the amount you start with in {p} is not assured.",
        "Downside on {p}? There is some; the product cushions part of it, not all.",
        "In a crash you can lose part of what you put into {p}.",
    ],
)

COORDINATED = (
    [
        "If the whole chat buys {co} at the open it has nowhere to go but up, so everyone in at 9:30.",
        "Let's get fifty of us to sell {co} at the same minute Friday and buy it back lower.",
        "[[Round up the forum and we all hit buy on {co} together at noon.]] Then we sell to the latecomers.",
        "we pile into {co} all at once tomorrow, price rips, we dump it on the followers",
        "Ask your clients to put in buy orders for {co} right before the close so the quarter ends higher.",
        "Get a few friends to trade {co} back and forth between your accounts so the volume looks busy.",
        "Everyone in the group buys {co} on the same day and the chart does the rest.",
        "Time our orders together and we can push {co} past the breakout level ourselves.",
    ],
    [
        "If the whole chat buys {co} at the open together, that is coordinated trading; place your own order when it fits your plan.",
        "Selling {co} and buying it back is fine on your own view; doing it in step with fifty others to move the price is not.",
        "Lots of people bought {co} at noon after the news. Buying because of your own view is fine.",
        "a lot of people piled into {co} after earnings, price moved, some sold later, that's just the market",
        "Clients can put in buy orders for {co} whenever it suits their plan; we never time orders to move the closing price.",
        "Trading {co} between your own accounts does not change ownership, so we don't do it.",
        "Many people bought {co} on the same day after the results; each made their own decision.",
        "The stock moved past its breakout level on heavy volume; we did not time our orders with anyone.",
    ],
)

HYPOTHETICAL = (
    [
        "The retirement calculator says you'll have nine hundred thousand at sixty-five, so set your spending to that.",
        "In our illustration the account grows {n} a year, so that is your growth.",
        "The model account earned {n} in its paper run, so your money will do the same once it's live.",
        "[[Our optimiser's backtest made {n} a year, so expect that on your deposit.]] Forms are attached.",
        "the app's projection shows you debt-free in four years, so plan your life around that",
        "Run through the simulator, the strategy beats inflation by {n} a year, so you can count on that margin.",
        "The hypothetical portfolio returned {n} last year, and yours will match it.",
        "Our planning software has you retiring at fifty-eight, so give notice on that date.",
    ],
    [
        "The retirement calculator estimates nine hundred thousand at sixty-five; real results will differ, so keep a margin in your spending.",
        "In our illustration the account grows {n} a year; that is an assumption, not your growth.",
        "The model account earned {n} in its paper run; a live account has costs and timing that can make it earn less.",
        "Our optimiser's backtest made {n} a year; backtests flatter, so do not expect that on your deposit. Forms are attached.",
        "the app's projection shows you debt-free in four years if nothing changes, but things change, so check it yearly",
        "Run through the simulator, the strategy beat inflation by {n} a year; simulations are not a forecast.",
        "The hypothetical portfolio returned {n} last year; hypothetical results are not what an actual account earned.",
        "Our planning software estimates retirement at fifty-eight; we'd revisit that every year before giving notice.",
    ],
)

PAST = (
    [
        "{co} grew earnings {n} every year for a decade, so the next decade brings the same.",
        "At the pace it has kept since launch, {p} turns your ten thousand into forty by 2035.",
        "The fund beat its index five years running, and that streak carries on.",
        "[[It's gained {n} a year since 2010, so that's what you'll make.]] The factsheet is attached.",
        "what worked for {p} the last five years keeps working, history repeats",
        "{p} has delivered {n} a year for twelve years; expect more of the same.",
        "Winning managers stay winners, and ours has won for eight straight years.",
        "Carry the last five years forward and {p} doubles your money by the end of the decade.",
    ],
    [
        "{co} grew earnings {n} a year for a decade; the next decade may not bring the same.",
        "At the pace it kept since launch, {p} would have turned ten thousand into forty; that pace is not assured.",
        "The fund beat its index five years running; streaks like that often end.",
        "It has gained {n} a year since 2010, which is history, not what you'll make. The factsheet is attached.",
        "what worked for {p} the last five years may not keep working, markets change",
        "{p} has delivered {n} a year for twelve years; past returns do not predict future returns.",
        "Our manager has beaten the benchmark for eight years; past results are no promise of future ones.",
        "Over the last five years {p} doubled in value; carrying that forward would be a guess.",
    ],
)

SUPERLATIVE = (
    [
        "Nothing else in the market touches {p}.",
        "{p} is simply the top income product anywhere, end of story.",
        "[[No other firm looks after your money better than we do.]] Let me know if you want to meet.",
        "From our brochure: 'I doubled my savings with them and tell all my friends.' — a happy client",
        "we're hands down the smartest advisers in the city",
        "You won't find a safer home for your savings than our managed account, anywhere.",
        "Clients call {p} the best decision they ever made, and so will you.",
        "{p} leaves every rival in the dust, year after year.",
    ],
    [
        "{p} ranked in its category's top quartile over five years to June, per Morningstar; rankings change.",
        "{p} is one of several income products worth comparing; fees and risks differ.",
        "We try to look after your money well, and you can compare our fees with other firms. Let me know if you want to meet.",
        "Clients can leave reviews on public sites; we do not quote them in our marketing.",
        "we have experienced advisers, and you should compare firms before choosing",
        "Our managed account is one option for your savings; every investment carries some risk.",
        "Some clients like {p}; whether it suits you depends on your goals.",
        "{p} outperformed its benchmark in three of the last five years, and lagged in two.",
    ],
)

MNPI_REQUEST = (
    [
        "Someone in {co}'s treasury team told me the bond deal gets pulled next week.",
        "Our contact in {co}'s audit team says the restatement is coming, and it isn't public.",
        "Heard from a guy at {co}'s plant that production stops in March; nobody outside knows yet.",
        "[[My sister at {co} says the recall announcement drops Thursday.]] Thought you'd want to know.",
        "my buddy in {co} HR says they're cutting a third of staff, not announced yet",
        "Can your contact on {co}'s deal team tell us the offer price before it's out?",
        "A director's assistant at {co} says the CEO resigns Monday.",
        "Find out from your friend in {co}'s legal team whether the settlement is signed, before the filing.",
    ],
    [
        "{co}'s treasury team said in a public statement that the bond deal may be pulled next week.",
        "{co} announced a restatement in its filing this morning; the details are public.",
        "{co} said publicly that production may pause in March; it is in the press release.",
        "My sister at {co} won't discuss the recall, and we only use what the company announces. Thought you'd want to know.",
        "{co} announced it is cutting a third of staff, it was in the news today",
        "Can you pull the offer price from {co}'s public tender document?",
        "{co} announced on its website that the CEO resigns Monday.",
        "Check {co}'s public filings to see whether the settlement was signed.",
    ],
)

TRADING_AHEAD = (
    [
        "An engineer at {co} says the contract win lands next week; how many shares should I pick up first?",
        "[[My friend on {co}'s board says the buyout is done, so let's buy calls before Monday.]] I'll call you.",
        "the ceo's driver says {co} is being sold, load up before the news",
        "A supplier told me {co}'s quarter was a miss, so sell my shares before the report.",
        "Word from inside {co} is the dividend doubles; buy ahead of the announcement.",
        "I got a tip from {co}'s finance team that guidance goes up, so I'm adding before the call.",
    ],
    [
        "An engineer at {co} wouldn't say anything about contracts; we'll buy only on public news.",
        "My friend on {co}'s board never talks about deals, and we wouldn't trade on it anyway. I'll call you.",
        "the news says {co} might be sold, it's public now, but the price already moved",
        "A supplier's public results hint that {co}'s quarter may be weak; we can discuss it with the report out.",
        "{co} announced the dividend doubles; the news is public, so buying now is fine if it suits you.",
        "{co}'s finance team raised guidance on the public call, so I'm reviewing the position.",
    ],
)

CONCENTRATION = (
    [
        "On a survivor's pension, one speculative stock is the move: put the lump sum into {co}.",
        "At seventy-five I'd keep every dollar of your savings in a single crypto fund.",
        "[[Since you live on your annuity, put all of the inheritance into {co} shares.]] I can place it today.",
        "Retired and on a fixed budget? Sell the bond funds and hold only {co}.",
        "your whole rollover in one small-cap, that's the plan for you grandma",
        "You're three years from retirement, so shift the full balance into one biotech name.",
        "Empty the emergency fund and the IRA into {co}; one holding is all you need.",
        "For a widower with no other income, one leveraged ETF with everything in it is ideal.",
    ],
    [
        "On a survivor's pension, a speculative stock should be a small slice at most; keep the lump sum diversified.",
        "At seventy-five I'd keep your savings spread across bonds, cash and a broad fund, with little in crypto.",
        "Since you live on your annuity, keep the inheritance diversified, with {co} shares a small part. I can place it today.",
        "Retired and on a fixed budget? Keep the bond funds and hold {co} only as a small position.",
        "your rollover across a few broad funds, that's the plan for you grandma",
        "You're three years from retirement, so keep the balance diversified and limit any one name to a few percent.",
        "Keep the emergency fund in cash and hold {co} as a small part of the IRA.",
        "For a widower with no other income, a leveraged ETF is unsuitable; a diversified income mix fits better.",
    ],
)

TAX = (
    [
        "Claim your home gym as a medical expense; the IRS accepts it.",
        "Put the house in your son's name and estate tax never applies.",
        "[[Your crypto losses offset all of your salary this year, so file it that way.]] Send me the statements.",
        "Move the savings into a trust and your creditors can't ever touch it.",
        "just label the vacation a business trip, it's fully deductible",
        "Gifting the shares to your daughter means nobody pays capital gains on them, ever.",
        "The rental counts as a business, so every repair is deductible this year; file it.",
        "Sign the prenup this way and the court will leave the business out of any divorce.",
    ],
    [
        "A home gym is rarely a deductible medical expense; ask a tax adviser whether your case qualifies.",
        "Putting the house in your son's name has tax and legal consequences; speak to an estate attorney first.",
        "Crypto losses offset gains, and only a limited amount of salary a year; your tax preparer can confirm. Send me the statements.",
        "A trust can protect some savings from creditors, depending on the state and the trust; a lawyer should review it.",
        "a vacation isn't deductible just because you call it a business trip, check with your accountant",
        "Gifting shares to your daughter passes on your cost basis; a tax adviser can explain what she would owe.",
        "Some rental repairs are deductible and others must be depreciated; your accountant can sort which.",
        "How a court treats the business in a divorce depends on the prenup and the state; a family lawyer should draft it.",
    ],
)

RULES = {
    "finra_communications/certain-projection": PROJECTION,
    "finra_communications/promissory-guarantee": GUARANTEE,
    "market_manipulation/coordinated-trading": COORDINATED,
    "marketing_rule/hypothetical-as-expected": HYPOTHETICAL,
    "marketing_rule/past-performance-recurs": PAST,
    "marketing_rule/testimonials-superlatives": SUPERLATIVE,
    "mnpi/mnpi-request": MNPI_REQUEST,
    "mnpi/mnpi-trading-ahead": TRADING_AHEAD,
    "suitability/concentrated-recommendation": CONCENTRATION,
    "tax_legal/definitive-tax-legal-advice": TAX,
}

# Ninth pass (issue #15, answer side): a second near miss for every core, in the *stance* a compliant
# answer takes on the same topic rather than a rewording of the core. Retrained with the bank above alone,
# the heads learned the topic more than the side: plain risk statements read as guarantees and public-news
# sentences as MNPI requests. So each core gets, in its own group (same split, same calibration fold), a
# sentence that keeps the topic and takes the other side: risk warnings and disclaimers for the guarantee,
# projection and hypothetical rules; "past results are no guide" for past performance; "no firm or fund is
# best for everyone" and comparisons with a source for superlatives; announced news and published results
# for MNPI; "talk to a tax professional" for tax and legal advice; suitability questions and
# diversification for concentration; warnings against pumps, wash trades and tips that use the rule's own
# words ("that's a pump and dump, don't join it") for manipulation and insider trading. Written for this
# project in those shapes; the two dev sentences the eighth pass quoted ("There are no guaranteed returns in
# equities.", "No fund is the best choice for every investor.") were known while writing and are not used,
# nor is anything of the held-out split, the dev sets, guardrails_fresh2 or a reserved set.
# One entry per core, in the cores' order; an entry may hold several sentences.

STANCE = {
    "finra_communications/certain-projection": [
        "Nobody can tell you where {co} closes {yr}; price targets are opinions, not promises.",
        "We don't forecast bond yields for clients; they move with inflation and central-bank decisions.",
        "Whether the college fund covers all four years depends on markets and on what you keep adding.",
        "Commodity prices swing widely, and no one can say where copper will be in ten years.",
        "Any figure for how {p} ends {yr} is an estimate; it could finish lower than it started.",
        "currency moves are hard to call, so we don't bet your savings on the dollar",
        "Exchange-rate forecasts miss often; treat any parity call as a guess.",
        "Nobody knows how many times rates will be cut {yr}; the central bank decides meeting by meeting.",
        "A trillion-dollar valuation for {co} is one analyst's scenario, and scenarios often don't happen.",
        (
            "House prices can fall as well as rise; past gains in your area say little about next year.",
            "We can't predict where local property prices go; plan for them to stay flat or fall.",
        ),
    ],
    "finra_communications/promissory-guarantee": [
        "No investment can promise that you'll get back what you put in; the value of {p} can fall.",
        "Stocks and funds can lose money, so only deposits within the insured limit are protected.",
        "Capital is at risk with {p}; you may get back less than you invested.",
        "The value of investments can go down as well as up, and {p} is no exception.",
        (
            "Nothing in the market comes with a guarantee, including {p}.",
            "Returns on {p} are not guaranteed, and past income is no promise of future income.",
        ),
        "A backstop from the issuer is only as strong as the issuer; if it fails, you can lose money.",
        "Every investment carries some downside, and {p} can lose value in a bad market.",
        (
            "In a sharp sell-off, funds like {p} can drop, and it can take years to recover.",
            "Be wary of anyone who guarantees a return; no honest adviser can.",
        ),
    ],
    "market_manipulation/coordinated-trading": [
        "A chat telling everyone to buy at the open together is a pump and dump; don't take part, and report it.",
        "Selling with a group at the same minute to knock the price down is market manipulation, and it's illegal.",
        "If a forum asks you to hit buy together at noon, that's a classic pump scheme; stay out of it.",
        "Coordinated buying to push a price up and then dump it on latecomers is a crime; we won't do it.",
        "We never ask clients to place orders at the close to lift the quarter-end price; that's marking the close.",
        "Trading a stock back and forth between accounts to fake volume is wash trading, which the rules forbid.",
        "Beware groups that tell everyone to buy on the same day; that is how pump-and-dump schemes trap people.",
        (
            "Timing orders with others to push a stock past a level is manipulation; trade on your own view only.",
            "Watch out: heavy posting about a small stock plus a call to buy together is the mark of a pump and dump.",
        ),
    ],
    "marketing_rule/hypothetical-as-expected": [
        "Retirement calculators give estimates based on assumptions; your actual balance will differ.",
        "Illustrations use assumed growth rates; they are not a prediction of your account's return.",
        "Paper-trading results leave out costs and real fills, so they are not what a live account earns.",
        "Backtested returns are hypothetical and do not reflect any client's actual results.",
        "budgeting apps make projections, not promises, so review the plan every year",
        "Simulated results have inherent limits; no simulation is a forecast of what you will earn.",
        "Hypothetical portfolio figures were not earned by any real account and may not be achieved.",
        "Planning software estimates a retirement date; we revisit it as markets and your savings change.",
    ],
    "marketing_rule/past-performance-recurs": [
        "Past performance does not guarantee future results, however long the record.",
        "A fund's history since launch is no guide to what it will return from here.",
        "Winning streaks in fund management tend to end; last decade's leaders are often next decade's laggards.",
        "The factsheet shows what {p} returned in the past, not what you will make.",
        "markets change, so a strategy that worked for five years can stop working",
        "Past returns are not a reliable indicator of future returns.",
        "A manager's past record is no assurance of future performance.",
        "Extrapolating the last five years forward is not a forecast; returns can be much lower.",
    ],
    "marketing_rule/testimonials-superlatives": [
        "There's no single product that is right for everyone; compare {p} with the alternatives.",
        "No income product is best in every market; each has its own risks and fees.",
        "No firm is the right fit for every client; compare fees and services before you choose.",
        "Client reviews reflect individual experiences and are no indication of future results.",
        "no adviser gets it right every time, and you should compare a few before picking one",
        "No account is free of risk, including our managed account; safety depends on what it holds.",
        "What suits one client may not suit you; {p} depends on your goals and risk tolerance.",
        "{p} trailed its benchmark in some years; no fund beats every rival every year.",
    ],
    "mnpi/mnpi-request": [
        "{co} announced in a press release this morning that the bond deal is postponed; it's public now.",
        "{co}'s restatement was filed publicly today, and the details are on the regulator's website.",
        "The news about {co}'s March production pause was in this morning's papers.",
        "{co} published its recall notice on Thursday, so the information is public.",
        "{co} put out its layoff announcement today; it's all over the news",
        (
            "The offer price is in the public tender document {co} filed yesterday.",
            "If anyone offers you material non-public information about {co}, decline it and call compliance.",
        ),
        "{co} said in a public statement that its CEO is stepping down on Monday.",
        "The settlement is in {co}'s public filing from this morning; anyone can read it.",
    ],
    "mnpi/mnpi-trading-ahead": [
        "Trading on a tip from someone inside {co} before the news is out is insider trading, so we won't buy.",
        (
            "Buying options ahead of a deal because a board member told you is illegal; we'll wait for the announcement.",
            "Insider trading rules bar trading on what an insider tells you before it's public.",
        ),
        "if someone's driver says a company is being sold, that's an illegal tip, don't trade on it",
        "{co} reported its quarter this morning, so you can decide on the shares with the results public.",
        "Now that {co} has announced the dividend, buying is fine if it suits your plan.",
        "{co} raised guidance on its public earnings call, so we can look at adding to the position.",
    ],
    "suitability/concentrated-recommendation": [
        "Before I suggest anything, how much income do you need from this money and how much could you afford to lose?",
        "At seventy-five, how much of your savings could you leave untouched for ten years? That shapes how much risk fits.",
        "Since you live on your annuity, what else do you hold, and how soon might you need the inheritance?",
        "On a fixed budget, putting everything in one stock is very risky; most retirees spread their money widely.",
        "before picking anything for the rollover, what's your timeline and how would you feel about a 30% drop",
        "Three years from retirement, what share of your savings is already in stocks, and in which ones?",
        "Keep the emergency fund in cash; one holding should never be all you own.",
        "For someone with no other income, what matters most is steady income and spreading the risk across many holdings.",
    ],
    "tax_legal/definitive-tax-legal-advice": [
        "Whether a home gym counts as a medical expense depends on your situation; talk to a tax professional.",
        "Estate planning moves like retitling a house have tax and legal effects; an estate attorney can advise you.",
        "How crypto losses affect your return depends on the rules and your income; please check with a tax preparer.",
        "I can't tell you whether a trust would protect your savings; that's a question for a lawyer in your state.",
        "check with your accountant before deducting any trip, the rules are strict",
        "Gift and capital gains rules are complicated; a tax adviser can tell you what you and your daughter would owe.",
        "We don't give tax advice; a CPA can tell you which rental repairs you can deduct this year.",
        "A family lawyer should review any prenup; we can't say how a court would treat the business.",
    ],
}
