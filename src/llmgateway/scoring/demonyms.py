"""A fixed list of nationality words (demonyms) for attributes.py (issue 11, round 14c follow-up).

Written by hand for this project (no outside list copied): the adjectives of today's countries and of some
historical states. A word is read as a nationality only when it is on the list, written with its capital and
standing alone (not inside "Irish-American"): a suffix pattern read "Roman" (Catholic), "Norman" (a first
name), "Christian" or "Republic" as nationalities and missed "Byzantine" or "Cypriot". Left out on purpose
because their common use is not a nationality: Roman, Norman, Georgian (architecture, the US state),
Dominican (friars), Siamese, Spartan, Sicilian, Neapolitan, Bohemian, Moravian, Saxon, Celtic, Gothic, Latin,
Arab, Basque, Catalan, Hawaiian, Texan, Confederate, continents (African, European, Asian) and empires so wide
that two of their people can be almost anything (Roman, Mongol, Holy Roman).

Two different nationality words mean "not the same nationality" unless one person could carry both
(:func:`may_coincide`): a union and its parts ("British" / "English"), a former state and the countries on
its land ("Byzantine" / "Greek", "Soviet" / "Ukrainian"), or spellings of one word ("Argentine" /
"Argentinian"). Such pairs decide nothing.
"""

from __future__ import annotations

import re

_COUNTRIES = """
Afghan Albanian Algerian American Andorran Angolan Antiguan Argentine Argentinian Armenian Australian Austrian
Azerbaijani Bahamian Bahraini Bangladeshi Barbadian Belarusian Belgian Belizean Beninese Bhutanese Bolivian
Bosnian Botswanan Brazilian British Bruneian Bulgarian Burkinabe Burmese Burundian Cambodian Cameroonian
Canadian Chadian Chilean Chinese Colombian Comorian Congolese Croatian Cuban Cypriot Czech Danish Djiboutian
Dutch Ecuadorian Egyptian Emirati English Eritrean Estonian Ethiopian Faroese Fijian Filipino Finnish French
Gabonese Gambian German Ghanaian Greek Greenlandic Grenadian Guatemalan Guinean Guyanese Haitian Honduran
Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian
Kazakh Kazakhstani Kenyan Korean Kosovar Kuwaiti Kyrgyz Lao Laotian Latvian Lebanese Liberian Libyan
Liechtensteiner Lithuanian Luxembourgish Luxembourger Macedonian Malagasy Malawian Malaysian Maldivian Malian
Maltese Marshallese Mauritanian Mauritian Mexican Micronesian Moldovan Monegasque Mongolian Montenegrin
Moroccan Mozambican Namibian Nauruan Nepalese Nepali Nicaraguan Nigerian Nigerien Norwegian Omani Pakistani
Palauan Palestinian Panamanian Paraguayan Peruvian Philippine Polish Portuguese Qatari Romanian Russian
Rwandan Salvadoran Samoan Sammarinese Saudi Scottish Senegalese Serbian Seychellois Singaporean Slovak
Slovakian Slovene Slovenian Somali Spanish Sudanese Surinamese Swazi Swedish Swiss Syrian Taiwanese Tajik
Tanzanian Thai Tibetan Timorese Togolese Tongan Trinidadian Tunisian Turkish Turkmen Tuvaluan Ugandan
Ukrainian Uruguayan Uzbek Vanuatuan Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean
"""
_COUNTRIES_2 = (
    "Cape Verdean|Costa Rican|New Zealand|New Zealander|North Korean|North Macedonian|Northern Irish|"
    "Papua New Guinean|Puerto Rican|Saint Lucian|Saudi Arabian|Sierra Leonean|South African|South Korean|"
    "South Sudanese|Sri Lankan"
)
_HISTORICAL = """
Assyrian Athenian Austro-Hungarian Babylonian Byzantine Carthaginian Ceylonese Czechoslovak Czechoslovakian
Frankish Inca Incan Ottoman Persian Phoenician Prussian Rhodesian Soviet Venetian Yugoslav Yugoslavian
"""
_HISTORICAL_2 = "East German|West German"

DEMONYMS: frozenset[str] = frozenset(
    [*_COUNTRIES.split(), *_HISTORICAL.split(), *_COUNTRIES_2.split("|"), *_HISTORICAL_2.split("|")]
)
# the longest first, so "South African" is read before a shorter word could be
DEMONYM = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(d) for d in sorted(DEMONYMS, key=len, reverse=True)) + r")(?![\w-])"
)

_SAME_WORD = {
    "Argentinian": "Argentine",
    "Czechoslovakian": "Czechoslovak",
    "Incan": "Inca",
    "Kazakhstani": "Kazakh",
    "Laotian": "Lao",
    "Luxembourger": "Luxembourgish",
    "Nepali": "Nepalese",
    "New Zealander": "New Zealand",
    "Philippine": "Filipino",
    "Saudi Arabian": "Saudi",
    "Slovakian": "Slovak",
    "Slovene": "Slovenian",
    "Yugoslavian": "Yugoslav",
}
_SOVIET = (
    "Russian Ukrainian Belarusian Armenian Azerbaijani Kazakh Uzbek Latvian Lithuanian Estonian Moldovan Kyrgyz "
    "Tajik Turkmen"
)
_YUGOSLAV = "Serbian Croatian Slovenian Bosnian Montenegrin Macedonian Kosovar"
_OTTOMAN = (
    "Turkish Greek Bulgarian Serbian Albanian Bosnian Macedonian Montenegrin Kosovar Romanian Armenian Cypriot "
    "Egyptian Syrian Lebanese Iraqi Palestinian Israeli Jordanian Saudi Yemeni Libyan Tunisian Algerian"
)
# a union or former state -> the nationalities one of its people may also be given
_OVERLAPS = {
    "British": "English Scottish Welsh Northern Irish Irish",
    "Danish": "Greenlandic Faroese",
    "American": "Puerto Rican",
    "Chinese": "Taiwanese Tibetan",
    "Korean": "North Korean South Korean",
    "Macedonian": "North Macedonian Greek",
    "Soviet": _SOVIET,
    "Yugoslav": _YUGOSLAV,
    "Czechoslovak": "Czech Slovak",
    "Austro-Hungarian": "Austrian Hungarian Czech Slovak Croatian Slovenian Bosnian Polish Ukrainian Romanian "
    "Italian Serbian Montenegrin",
    "Ottoman": _OTTOMAN,
    "Byzantine": "Greek Turkish Bulgarian Serbian Albanian Macedonian Armenian Italian Cypriot Egyptian Syrian "
    "Lebanese Palestinian Israeli Jordanian Tunisian Libyan",
    "Prussian": "German Polish Lithuanian Russian",
    "East German": "German",
    "West German": "German",
    "Venetian": "Italian Croatian Slovenian Montenegrin Greek Cypriot",
    "Persian": "Iranian Afghan Iraqi Azerbaijani Armenian Tajik Turkmen Uzbek",
    "Athenian": "Greek",
    "Assyrian": "Iraqi Syrian Turkish Iranian",
    "Babylonian": "Iraqi Syrian",
    "Phoenician": "Lebanese Syrian Israeli Tunisian Cypriot",
    "Carthaginian": "Tunisian Libyan Algerian Spanish Italian Maltese",
    "Ceylonese": "Sri Lankan",
    "Rhodesian": "Zimbabwean Zambian",
    "Frankish": "French German Belgian Dutch Luxembourgish Swiss Austrian Italian",
    "Inca": "Peruvian Bolivian Ecuadorian Chilean Argentine Colombian",
}


def _word(demonym: str) -> str:
    return _SAME_WORD.get(demonym, demonym)


def _parts(demonym: str) -> set[str]:
    # the multi-word entries ("Northern Irish", "North Korean") are kept whole
    text = _OVERLAPS.get(demonym, "")
    whole = [d for d in DEMONYMS if " " in d and d in text]
    for d in whole:
        text = text.replace(d, "")
    return {*text.split(), *whole}


def same_nationality(a: str, b: str) -> bool | None:
    """True for one nationality (spellings of one word), False for two that no one person could carry,
    None when one may include the other ("British" / "Scottish", "Byzantine" / "Greek")."""
    a, b = _word(a), _word(b)
    if a == b:
        return True
    if b in _parts(a) or a in _parts(b):
        return None
    return False
