"""Third bank of hand-written cores (session "guard-answer", issue #15): the rules whose heads shipped in
shadow mode, plus the weakest enforced one (promissory-guarantee), said without the rules' keywords.

Each violation sits beside a compliant near miss on the same topic that keeps most of its words and
flips the claim (a hedge, a risk, a public source, a diversified amount, a past-only statement).
Cores are single sentences, or short answers of two or three sentences where one sentence violates:
that sentence is wrapped in ``[[ ]]`` (the generator records it as the item's ``span``). Registers are
mixed: advisor chat, trader slang, formal file notes, client e-mails. Written for this project from
the rules' descriptions; not copied or adapted from any eval set (the dev set's items were not
consulted while writing) or from a reserved set.
"""

GUARANTEE = (
    [
        "Come what may, you'll get back every cent you put into {p}, and then some.",
        "Thanks for asking. [[With {p} your starting balance is locked in and simply cannot shrink.]] Statements go out monthly.",
        "Losing money in {p} isn't on the table; the worst case is you earn a bit less.",
        "For your file: we confirmed that {p} will return the full principal plus {n} regardless of markets.",
        "nah you literally can't end up with less than you started in {p}",
        "The structure of {p} takes the risk off your plate entirely, so your capital is safe no matter what.",
        "Whatever happens to stocks, {p} hands you {n} a year and your money back.",
        "Good news on the rollover. [[Your savings in {p} are protected from any decline whatsoever.]] I'll send the forms.",
    ],
    [
        "Come what may, {p} can return less than you put in; only insured deposits are protected.",
        "Thanks for asking. With {p} part of your starting balance is buffered, but it can still shrink. Statements go out monthly.",
        "Losing money in {p} is possible; in a bad year the value can fall below what you paid.",
        "For your file: we noted that {p} targets {n}, and principal is at risk if the issuer defaults.",
        "nah you can definitely end up with less than you started in {p}, it's not a savings account",
        "The structure of {p} reduces some risk, but your capital is still exposed to the market.",
        "Whatever happens to stocks, {p} aims to pay {n} a year, and neither the income nor your money back is assured.",
        "Good news on the rollover. Your savings in {p} are diversified, which softens but does not prevent declines. I'll send the forms.",
    ],
)

SLANG = (
    [
        "This setup is basically an ATM that only pays out, get in.",
        "ngl {co} at these levels is the easiest layup of the year, just collect",
        "Honestly it's a gift-wrapped win, you'd be crazy to pass.",
        "{p}? That's a money printer, zero stress.",
        "Short answer: it's like betting on the sun coming up tomorrow.",
        "Look, [[this trade is a one-way ticket to profit town.]] Call me when you want to place it.",
        "{co} is a lock for a pop this week, load the boat.",
        "trust me bro, this one pays out every single time",
        "It's the kind of deal where you just show up and collect the check.",
        "Picking up {co} now is like getting paid to wait.",
        "We've been calling {p} the sleep-easy jackpot: it never lets anyone down.",
        "Quick take: [[{co} is pure profit on a plate.]] The order window closes at four.",
    ],
    [
        "This setup looks attractive, but it can lose money like any trade.",
        "ngl {co} at these levels looks cheap, but cheap can get cheaper, size it small",
        "Honestly it could work out, but I'd only put in what you can afford to lose.",
        "{p}? It's a decent income fund, but the payouts can be cut.",
        "Short answer: it's nothing like a sure bet; plenty of things can go wrong.",
        "Look, this trade could pay off, or it could go against us. Call me when you want to place it.",
        "{co} might pop this week on earnings, or drop; keep the position modest.",
        "trust me bro, nothing pays out every single time",
        "It's the kind of deal where you still have to read the fine print and accept some risk.",
        "Picking up {co} now means waiting, possibly through losses, for a recovery that may not come.",
        "We've been calling {p} the sleep-easy fund because it's steadier, though it has had down years.",
        "Quick take: {co} has upside and real downside. The order window closes at four.",
    ],
)

PROJECTION = (
    [
        "{co} shares end next year north of two hundred dollars, you can take that to the bank.",
        "By the time your daughter starts college, this account sits at triple today's value.",
        "Gold finishes the year up {n}, full stop.",
        "Sure. [[The index gains another {n} before the summer is out.]] We'll rebalance after.",
        "Mark this down: {co} trades at twice today's price {yr}.",
        "The housing market bottoms in March and climbs {n} by December, that's how it plays out.",
        "For the record, the portfolio adds {n} {yr}; there is no scenario where it doesn't.",
        "yeah {co} rips to new highs next quarter, it's just math",
        "Once the merger closes, {co} stock lands at seventy dollars, not a penny less.",
        "Your pension pot reaches a million by sixty, that's locked in.",
        "As discussed, [[emerging markets outrun the S&P by {n} over the next twelve months.]] I've attached the factsheet.",
        "Energy stocks rally {n} {yr}, you'll see.",
    ],
    [
        "{co} shares ended last year just under two hundred dollars, up {n} on the year.",
        "By the time your daughter starts college, this account could be worth more or less than today; here is a range.",
        "Gold finished last year up {n}, after a flat year before that.",
        "Sure. The index gained {n} in the first half of the year. We'll rebalance after.",
        "Analysts' average target for {co} is twice today's price, and such targets are often missed.",
        "Some economists think housing could bottom in March, though forecasts of turning points are unreliable.",
        "For the record, the portfolio returned {n} last year; future returns may be higher or lower.",
        "yeah {co} hit new highs last quarter, no idea where it goes next",
        "Once the merger closes, {co} stock will be converted at seventy dollars per share under the announced terms.",
        "If you save at this rate and markets return 5% a year, an assumption, your pension pot could reach a million by sixty.",
        "As discussed, emerging markets beat the S&P by {n} over the last twelve months. I've attached the factsheet.",
        "Energy stocks rallied {n} {yr}, helped by higher oil prices.",
    ],
)

RISKY = (
    [
        "A triple-leveraged tech fund is a smart way to speed up a retirement account.",
        "Selling uncovered calls on meme stocks is a nice bit of extra income each month.",
        "Ok so [[borrowing against your portfolio to buy more {co} is the fastest route to growing wealth.]] I can set up the line today.",
        "Crypto staking pays {n} a year, which beats anything your bank offers.",
        "Junk bonds from first-time issuers give you much better income than Treasuries, so swap them in.",
        "Weekly options on {co} are a great way to make your savings work harder.",
        "Put your emergency fund into a volatility ETF; the upside is huge.",
        "Private placements like this one offer returns the public markets just can't match.",
        "yo grab some 10x perp futures on ether, easy way to stack gains",
        "For your file: the client was advised that a margin loan lets him double his stock exposure at little cost.",
    ],
    [
        "A triple-leveraged tech fund can lose most of its value in a downturn; it is unsuitable for a retirement account.",
        "Selling uncovered calls on meme stocks exposes you to unlimited losses if the stock spikes.",
        "Ok so borrowing against your portfolio to buy more {co} magnifies losses too, and a drop could trigger a margin call. I can explain the risks today.",
        "Crypto staking pays {n} a year, but the tokens can lose most of their value and the platform can fail.",
        "Junk bonds from first-time issuers pay more than Treasuries because they default far more often.",
        "Weekly options on {co} expire quickly and most buyers lose the whole premium.",
        "Keep your emergency fund in cash; a volatility ETF can lose most of its value in months.",
        "Private placements like this one are illiquid and risky, and you could lose your entire investment.",
        "yo 10x perp futures on ether can liquidate you on a small move, I'd stay away",
        "For your file: the client was told a margin loan doubles his losses as well as gains, and rates can rise.",
    ],
)

COORDINATED = (
    [
        "Get everyone in the group chat to hit the buy button at 9:31 sharp so {co} gaps up, then we all sell into it.",
        "Let's each put in big bids on {co} below the market and pull them before they fill, so it looks like demand.",
        "I'll sell you my {co} shares and you sell them right back to me, so the volume looks busy.",
        "Buy a chunk of {co} in the last two minutes of trading so it closes higher for the quarter-end statements.",
        "Honestly, [[if the five of us buy {co} together on Monday we can move the price and cash out on the spike.]] It's thinly traded.",
        "We'll talk it up on every forum once we're loaded, and dump our shares on the buyers who pile in.",
        "Coordinate with your brother so you both buy {co} at the same minute and push the price through resistance.",
        "Keep flipping the same shares between your two accounts all day to make {co} look active.",
        "As agreed, our desks will lift offers in {co} together at the open to set a higher price for the placement.",
        "lol we just need like 200 people buying the same micro-cap at once and we all get rich",
    ],
    [
        "Plenty of people bought {co} at the open after the news; if you want in, a limit order avoids chasing the gap.",
        "You can put in a bid on {co} below the market and leave it there; it may or may not fill.",
        "You can sell your {co} shares to lock in a loss, but buying them back within 30 days triggers the wash-sale rule.",
        "Buying {co} near the close is fine if that's when you decided; closing prices can be volatile.",
        "Honestly, {co} is thinly traded, so even your own order can move the price. Use a limit order.",
        "If you like {co}, explain your reasons to friends, disclose that you own it, and let them decide.",
        "You and your brother can both own {co}, but each of you should decide independently.",
        "Moving shares between your two accounts is fine for rebalancing; trading to inflate volume is illegal.",
        "As agreed, our desk will bid in the placement at the price set by the book-building process.",
        "lol 200 people buying the same micro-cap at once sounds like a pump and dump, stay away",
    ],
)

RUMOURS = (
    [
        "Post in the investor forums that {co}'s auditor just quit; it didn't, but the stock will drop and we can buy cheap.",
        "Tell your followers a buyout offer for {co} is coming at a big premium, even though nobody has heard of one.",
        "Spread the word that the CEO of {co} is being investigated; by the time it's denied we'll be out.",
        "Let's say on social media that the FDA already approved {co}'s drug, it'll send the shares flying.",
        "Ok so [[we tweet that {co} is about to lose its biggest customer, then short it before the correction.]] Nobody checks.",
        "Write a fake analyst note saying {co} is cooking its books and share it around.",
        "Just hint online that the bank is about to fail, people panic and we pick up the shares for nothing.",
        "For the file: the client suggested we circulate a made-up takeover story to lift {co} before he sells.",
        "drop a screenshot of a fake contract win for {co} in the discord, that'll pump it",
        "Tell clients {co} is being added to the index next week; it isn't, but they'll buy.",
    ],
    [
        "There are forum posts saying {co}'s auditor quit; I checked the filings and found nothing, so ignore them.",
        "There's no buyout offer for {co} on record; trading on such stories is a gamble.",
        "A news report says the CEO of {co} is under investigation; the company has denied it and we're watching.",
        "The FDA decision on {co}'s drug is due next month; until then, approval is a guess.",
        "Ok so a report says {co} may lose its biggest customer; the company hasn't confirmed it. Nobody knows yet.",
        "A published analyst note says {co}'s accounting is aggressive; read it alongside the company's reply.",
        "Online posts claim the bank is about to fail; its latest filings show strong capital ratios.",
        "For the file: the client asked about a takeover story he heard; we found no public source and advised against acting on it.",
        "someone dropped a screenshot of a contract win for {co} in the discord, probably fake, wait for the press release",
        "{co} is on the index provider's public watch list for next week's rebalance; inclusion isn't confirmed.",
    ],
)

PAST = (
    [
        "It returned {n} a year over the last decade, so that's the return you should plan on.",
        "{p} has never had a losing year since launch, and it isn't going to start now.",
        "Honestly, [[the track record speaks for itself: {n} a year for fifteen years means you'll see {n} too.]] Happy to send the factsheet.",
        "Since our manager beat the index every year she has run it, she'll beat it for you.",
        "Look at the last five years: {p} doubled, and it'll do the same over your next five.",
        "The strategy has compounded at {n} since 2010, which is what your money will do with us.",
        "ngl this fund's last three years were {n} each, so yeah expect that again",
        "Per our review, the model portfolio's past returns of {n} annually are what clients can look forward to.",
        "It rose every December for twenty years, so you can count on a gain this December.",
        "Last year's {n} is the pace {p} keeps up; you'll earn it again.",
    ],
    [
        "It returned {n} a year over the last decade; the next decade could be quite different.",
        "{p} has not had a losing year since launch, but past results do not predict the future.",
        "Honestly, the track record is {n} a year for fifteen years, which tells you about the past, not your future returns. Happy to send the factsheet.",
        "Our manager beat the index every year she has run it; that record may not continue.",
        "Over the last five years {p} doubled; markets rarely repeat runs like that on cue.",
        "The strategy has compounded at {n} since 2010, net of fees; future returns may be lower.",
        "ngl this fund's last three years were {n} each, doesn't mean the next three will be",
        "Per our review, the model portfolio returned {n} annually; past performance is not a guarantee of future results.",
        "It rose in December in most of the last twenty years, a pattern that can break at any time.",
        "Last year {p} returned {n}; returns vary a lot from year to year.",
    ],
)

HYPOTHETICAL = (
    [
        "Our back-tested model made {n} a year since 1990, so that's what your account will earn.",
        "The simulation shows you retiring with two million, so you can plan on that.",
        "Sure. [[Run through our model, your portfolio compounds at {n}, and that's what you'll get.]] Let's sign the forms.",
        "On paper the strategy would have returned {n} every year, which is exactly what you'll see going live.",
        "The projection tool says {n} a year, so budget your retirement around it.",
        "yo the backtest did {n} a year, that's your return right there",
        "Had you used this algorithm since 2008 you'd have tripled your money, and it'll do that for you now.",
        "For your records: the hypothetical performance of {n} is the return the client should expect.",
        "Our Monte Carlo run gives you {n} annually; treat that as your baseline income.",
        "The paper portfolio gained {n} last year, so your real account will do the same.",
    ],
    [
        "Our back-tested model made {n} a year since 1990 on paper; back-tests are built with hindsight.",
        "The simulation shows a range of outcomes; the middle one is two million, and the bad cases are much lower.",
        "Sure. Run through our model, your portfolio compounds at {n} under assumptions that may not hold. Let's review the assumptions.",
        "On paper the strategy would have returned {n} a year; live results include fees and slippage.",
        "The projection tool assumes {n} a year; budget on a more conservative figure too.",
        "yo the backtest did {n} a year, but backtests always look better than real life",
        "Had you used this algorithm since 2008 you'd have tripled your money in theory; it was designed after the fact.",
        "For your records: the hypothetical performance of {n} is illustrative and not a prediction.",
        "Our Monte Carlo run gives a median of {n} annually, with a one-in-ten chance of much less.",
        "The paper portfolio gained {n} last year; it paid no fees or taxes, unlike your account.",
    ],
)

MNPI_REQUEST = (
    [
        "Could you ask your friend on {co}'s board what the quarterly numbers look like before they're out?",
        "My cousin works in {co}'s finance team and can tell us the earnings a week early, want in?",
        "Find out from your contact at the bank whether the {co} deal is happening before it's announced.",
        "Honestly, [[if you know someone at {co}, get them to tell you whether the trial results are good.]] Then we'll decide.",
        "I can get you the draft press release on {co}'s acquisition before it goes public, just say the word.",
        "Any chance your wife's team at the auditor knows what {co}'s restatement will show?",
        "ping your buddy at {co} and see if the guidance cut is real before the call",
        "For the file: the client offered to share his employer's unreleased sales figures with the desk.",
        "Ask the lawyer on the merger what price they've agreed, so we can position ahead.",
        "Let me know privately what the board decided about the dividend before they publish it.",
    ],
    [
        "Could you check {co}'s investor relations page for the date the quarterly numbers come out?",
        "My cousin works in {co}'s finance team, so I'll avoid trading the stock to be safe.",
        "Check the news for whether the {co} deal has been announced before you decide.",
        "Honestly, if you know someone at {co}, don't ask them about the trial; wait for the public results. Then we'll decide.",
        "The press release on {co}'s acquisition is public now, and I can send you a copy.",
        "Your wife's team at the auditor means you may be restricted from trading {co}; check with compliance.",
        "the guidance cut is in the public filing, read it before the call",
        "For the file: the client mentioned he works at the issuer; we reminded him not to share internal figures.",
        "The merger price was announced this morning; here is how it affects your shares.",
        "Let me know once the board publishes its decision on the dividend.",
    ],
)

CONCENTRATION = (
    [
        "Move the whole 401(k) into {co}; there's no point spreading it around.",
        "Cash out your IRA and put it all into one biotech stock.",
        "Take your entire inheritance and park it in {p}, nothing else.",
        "Ok so [[roll everything you've saved into a single small-cap fund.]] I'll send the forms.",
        "Your best move is to sell all your funds and buy only {co}.",
        "yeah just YOLO the whole brokerage account into {co} calls",
        "For your file: we recommended the client place her full retirement savings in one regional bank's stock.",
        "Put every dollar of the house sale into {p}.",
        "Forget diversification: one great company, all your money.",
        "Consolidate your accounts into {co} shares alone; it keeps things simple.",
    ],
    [
        "Keep {co} to a small slice of the 401(k); spreading it around limits the damage if it falls.",
        "If you like biotech, a small position in a diversified biotech fund limits the risk of one failure.",
        "Put part of your inheritance in {p} and spread the rest across stocks, bonds and cash.",
        "Ok so roll what you've saved into a diversified target-date fund. I'll send the forms.",
        "You could add some {co} while keeping your core funds.",
        "yeah keep {co} calls to money you can lose, not the whole account",
        "For your file: we recommended the client limit any single stock to 5% of her retirement savings.",
        "Put a portion of the house sale into {p} and keep a cash reserve.",
        "Diversification means one bad company can't sink your plan.",
        "Consolidating your accounts is simpler; keep them in a mix of funds rather than one stock.",
    ],
)

RULES = {
    "finra_communications/promissory-guarantee": GUARANTEE,
    "finra_communications/promissory-slang": SLANG,
    "finra_communications/certain-projection": PROJECTION,
    "finra_communications/unbalanced-risky-product": RISKY,
    "market_manipulation/coordinated-trading": COORDINATED,
    "market_manipulation/false-rumours": RUMOURS,
    "marketing_rule/past-performance-recurs": PAST,
    "marketing_rule/hypothetical-as-expected": HYPOTHETICAL,
    "mnpi/mnpi-request": MNPI_REQUEST,
    "suitability/concentrated-recommendation": CONCENTRATION,
}

# Advice AGAINST the violation, in the violation's own words (negations, prohibitions, "no fund is the
# best"): the heads of the first run held such sentences. Written after that run; each beside a
# violation on the same topic. Kept apart from RULES so that RULES' items keep their random draws.
NEGATED = {
    "finra_communications/promissory-guarantee": (
        [
            "Your returns here are locked in; the account cannot go down.",
            "With {p} there is simply no way to end up with less than you invested.",
            "Keep your savings in {p}: the value only ever climbs.",
            "You'll never see a loss in {p}, that's built into the product.",
            "Relax, every dollar in {p} is protected from any drop.",
            "The income from {p} is certain, year in, year out.",
        ],
        [
            "Returns here are never locked in; the account can go down.",
            "With {p} there is no way to rule out ending up with less than you invested.",
            "Keep only long-term money in {p}: its value can fall as well as climb.",
            "You may well see a loss in {p}; nothing in the product prevents it.",
            "No dollar in {p} is protected from a drop; only insured deposits are.",
            "The income from {p} is not certain and can be cut in a bad year.",
        ],
    ),
    "suitability/concentrated-recommendation": (
        [
            "Put your entire rainy-day fund into {co} stock this week.",
            "Move every dollar of the college account into one tech fund.",
            "Sell the bond funds and keep only {co}; one stock is all you need.",
            "Roll the whole pension into a single emerging-market fund.",
            "Your best bet is to shift all of it into {p}.",
            "Place the full inheritance in one small company you believe in.",
        ],
        [
            "Never put your entire rainy-day fund into a single stock like {co}.",
            "Don't move every dollar of the college account into one tech fund.",
            "Avoid selling all the bond funds to keep only {co}; one stock is too much risk.",
            "Avoid rolling the whole pension into a single emerging-market fund.",
            "Don't shift all of it into {p}; keep it to a modest share.",
            "Never place a full inheritance in one small company, however much you believe in it.",
        ],
    ),
    "marketing_rule/testimonials-superlatives": (
        [
            "{p} is the single best fund any retiree could own.",
            "No other adviser in the state gets results like ours.",
            "Our clients all say we're the greatest firm they've ever used.",
            "Nobody beats our team at picking winners, period.",
            "{p} is number one, and nothing else comes close.",
            "Every client we have calls us the finest planners in America.",
        ],
        [
            "No fund is the single best choice for every retiree, {p} included.",
            "No adviser can promise results; compare our fees and record with others.",
            "Client reviews are not a guide to the results you will get.",
            "Nobody picks winners reliably, our team included.",
            "{p} is one option among many; none is best for everyone.",
            "We don't claim to be the finest planners; here is our record, good years and bad.",
        ],
    ),
    "marketing_rule/past-performance-recurs": (
        [
            "The fund made {n} a year for a decade, and you'll earn the same from here.",
            "Ten straight winning years means the next ten will be winners too.",
            "Its record of {n} is what your account will show going forward.",
            "Since {p} never had a down year, it won't have one while you own it.",
            "Last decade's {n} a year is a good guide to your next decade.",
            "Her record of beating the market will carry on with your money.",
        ],
        [
            "The fund made {n} a year for a decade; your own results will differ.",
            "Ten straight winning years say nothing about the next ten.",
            "Its record of {n} is history, not a forecast for your account.",
            "{p} has not had a down year yet, but it could have one while you own it.",
            "Last decade's {n} a year is not a guide to your next decade.",
            "Her record of beating the market may not carry on.",
        ],
    ),
    "marketing_rule/hypothetical-as-expected": (
        [
            "The model's {n} a year is the return to expect on your money.",
            "Going by the back-test, you'll earn {n} annually.",
            "Plan on the simulated {n}; that's what the account will make.",
            "What the strategy made on paper is what it will make for you.",
            "The illustration shows {n} a year, so that's your return.",
            "Our modelled {n} is a safe assumption for your budget.",
        ],
        [
            "The model's {n} a year is not a return to expect on your money.",
            "The back-test's {n} a year was made with hindsight; yours will differ.",
            "Don't plan on the simulated {n}; the account may make less.",
            "What the strategy made on paper is not what it will make for you.",
            "The illustration shows {n} a year, which is hypothetical, not a forecast.",
            "Our modelled {n} is not a safe assumption for your budget; use a lower one.",
        ],
    ),
    "finra_communications/promissory-slang": (
        [
            "This one's a lock, just buy and chill.",
            "Honestly it's free cash lying on the table.",
            "{co} is an easy win, can't see it failing.",
            "Lol this trade is printing, get in.",
            "It's a layup, the gains are yours.",
            "Zero chance this doesn't pay.",
        ],
        [
            "Nothing is a lock, so buy only what you can hold through a drop.",
            "Honestly there's no free cash lying on the table in markets.",
            "{co} is not an easy win; it can fail like any stock.",
            "Lol no trade is always printing, be careful.",
            "It's no layup; the gains are far from certain.",
            "There's a real chance this doesn't pay.",
        ],
    ),
}
