"""The generalised rules, one group per family of GUIDELINES.md ("Hard cases")
and of the misses an independent evaluation found. The sentences are written
for these tests; none comes from a sample or evaluation article.
"""
from __future__ import annotations

import pytest


def found(suggester, text: str, label: str) -> list[str]:
    (suggestion,) = list(suggester.suggest([text]))
    return [text[s.start : s.end] for s in suggestion.spans if s.label == label]


def figures(suggester, text: str) -> dict[str, tuple]:
    (suggestion,) = list(suggester.suggest([text]))
    return {text[s.start : s.end]: (s.attributes["value"], s.attributes["unit"], s.attributes["approximate"])
            for s in suggestion.spans if s.label == "FIGURE"}


# ---- FIGURE: the grammar ---------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Output reached 1.8 million barrels a day last spring.", {"1.8 million barrels a day": (1800000, "barrels", False)}),
    ("The mill ships 45,000 tonnes a month.", {"45,000 tonnes a month": (45000, "tonnes", False)}),
    ("Fares average $12 per day here.", {"$12 per day": (12, "USD", False)}),
    ("Shares closed at 750 pence.", {"750 pence": (7.5, "GBP", False)}),
    ("The state set aside 12 billion naira.", {"12 billion naira": (12000000000, "NGN", False)}),
    ("Farmers were paid 500 Kenyan shillings.", {"500 Kenyan shillings": (500, "KES", False)}),
    ("The fund holds 40,000 hryvnias.", {"40,000 hryvnias": (40000, "UAH", False)}),
    ("Rates rose by 0.25 percentage points.", {"0.25 percentage points": (0.25, "percentage points", False)}),
    ("He backed about a quarter of the plan.", {"about a quarter": (0.25, "share", True)}),
    ("Roughly three-fifths of voters agreed.", {"Roughly three-fifths": (0.6, "share", True)}),
    ("Growth will be between 5 and 7 percent.", {"between 5 and 7 percent": (5, "percent", False)}),
    ("Costs grew nearly three times faster.", {"nearly three times": (3, "times", True)}),
    ("Repairs will take at least a year.", {"at least a year": (1, "years", True)}),
    ("No more than 40 delegates came.", {"No more than 40": (40, "people", True)}),
    ("As many as 3,000 soldiers crossed.", {"As many as 3,000": (3000, "people", True)}),
    ("Turnout was just over 12 percent.", {"just over 12 percent": (12, "percent", True)}),
    ("The war lasted just under two decades.", {"just under two decades": (2, "decades", True)}),
    ("The cable carries 3.5 GW along 40 km.", {"3.5 GW": (3.5, "GW", False), "40 km": (40, "km", False)}),
    ("Staff get 30 working days off.", {"30 working days": (30, "days", False)}),
    ("The talks took two and a half years.", {"two and a half years": (2.5, "years", False)}),
    ("Doses of 10 mg were given.", {"10 mg": (10, "mg", False)}),
    ("It cost Rs 500 crore and RM2.5 billion.", {"Rs 500 crore": (5000000000, "INR", False),
                                                 "RM2.5 billion": (2500000000, "MYR", False)}),
    ("The club lost £112m.", {"£112m": (112000000, "GBP", False)}),
])
def test_figure_shapes(rules, text, expected):
    assert figures(rules, text) == expected


@pytest.mark.parametrize("text", [
    "The Group of 7 met in 2019.",
    "The G7 and the F-35 were on the agenda.",
    "SARS-CoV-2 and COVID-19 spread.",
    "A 45-year-old man was injured.",
    "The meeting starts at 10 a.m. on 3 May.",
    "It was the first summit since March 2021.",
    "Ana Ruiz, 45, said nothing.",
    "Sales hit a record a year earlier.",
])
def test_not_figures(rules, text):
    assert found(rules, text, "FIGURE") == []


def test_a_year_earlier_is_no_rate(rules):
    assert found(rules, "Profit fell from CHF 171 million a year earlier.", "FIGURE") == ["CHF 171 million"]


def test_from_to_is_two_figures_but_a_to_range_is_one(rules):
    assert found(rules, "Vouchers fell from $12 to $8 each.", "FIGURE") == ["$12", "$8"]
    assert found(rules, "Wages rose 3 to 5 percent.", "FIGURE") == ["3 to 5 percent"]


# ---- ACTOR ---------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # untitled names, non-European and of three parts, and their surname-only mentions
    ("The plan was backed by Oluwaseun Adebayo on Monday. Later Adebayo changed course.",
     ["Oluwaseun Adebayo", "Adebayo"]),
    ("Talks with Nguyen Thi Lan ended.", ["Nguyen Thi Lan"]),
    # dotted abbreviations and a symbol suffix
    ("The U.S. and the E.U. agreed, and OPEC+ cut output.", ["U.S.", "E.U.", "OPEC+"]),
    # "and" / "&" inside a company name
    ("Procter & Gamble and Marks and Spencer Group reported results.", ["Procter & Gamble", "Marks and Spencer Group"]),
    # a company without a suffix, mentioned several times
    ("Vantora agreed to buy Helmark. Analysts said Vantora overpaid for Helmark.",
     ["Vantora", "Helmark", "Vantora", "Helmark"]),
    # capitals for governments; a place only as a location is no actor
    ("Washington imposed sanctions. Troops massed near the border with Moldova.", ["Washington"]),
    # currency codes and demonyms never
    ("The deal is worth 5 billion KES, and Kenyan officials said USD reserves fell.", []),
    ("Flooding hit the city of Kelowna. Crews left Kelowna at dawn.", []),
])
def test_actor_families(rules, text, expected):
    assert found(rules, text, "ACTOR") == expected


# ---- ASSERTION -----------------------------------------------------------------


def test_reporting_verbs_in_every_form(rules):
    text = "The minister stressed that talks would go on. Economists are stressing the risks. Its claims were dropped."
    assert found(rules, text, "ASSERTION") == ["The minister stressed that talks would go on."]


def test_a_quotation_opened_before_its_speaker(rules):
    text = 'The deal collapsed.\n\n"We will not sign. We never will," Ruiz said. "It is over."\n'
    assert found(rules, text, "ASSERTION") == ['"We will not sign.', 'We never will," Ruiz said.', '"It is over."']


def test_views_are_assertions_but_passives_are_not(rules):
    text = ("Analysts expect the bank to cut rates. The deal is expected to close in May. "
            "Migrants were denied entry. Economists think inflation will ease.")
    assert found(rules, text, "ASSERTION") == ["Analysts expect the bank to cut rates.",
                                               "Economists think inflation will ease."]


# ---- session 2: families found missing on the first unseen set (new sentences) --------


@pytest.mark.parametrize("text, expected", [
    # hyphenated given names: the whole name, and the family name (first) as the short mention
    ("Union leader Choi Min-seok said the deal was fair. Later Choi told reporters it would hold.",
     ["Choi Min-seok", "Choi"]),
    ("Its president, Han Seo-yeon, warned that talks had stalled.", ["Han Seo-yeon"]),
    ("Talks with Jung Hae-won stalled on Monday. Jung said the offer was too low.", ["Jung Hae-won", "Jung"]),
    # a name of three parts with a hyphenated surname after a title, and the surname alone
    ("Oil Minister Abdullah Salem Al-Qahtani said output would rise. Al-Qahtani gave no date.",
     ["Abdullah Salem Al-Qahtani", "Al-Qahtani"]),
    # an untitled name followed by its role
    ("Kwabena Osei Mensah, chief economist at the bank, said prices would ease.", ["Kwabena Osei Mensah"]),
    # a role word opening the sentence is no part of the name
    ("Goalkeeper Ibrahima Sow signed a new contract.", ["Ibrahima Sow"]),
    # "and" inside a firm's name: two words that never occur apart, in a context naming a body
    ("Analysts at Dunmore and Pratt estimated the cost. Dunmore and Pratt, a grain broker, cut its rating.",
     ["Dunmore and Pratt", "Dunmore and Pratt"]),
    ("Grain moved through Lamberg and Voss, which runs silos on the coast.", ["Lamberg and Voss"]),
    ("The report was written by Okoro and Mbeki in May.", []),
    ("In 2024 AFP reported the fine.", ["AFP"]),  # after a year, a code is a name again
    # companies without a suffix: owners and "shares in X" despite the preposition
    ("Shares in Korvath fell after Korvath said profit dropped.", ["Korvath", "Korvath"]),
    ("The probe looks into Brellio's pricing. Regulators said Brellio had abused its position.",
     ["Brellio", "Brellio"]),
    # a state after "in neighbouring" is a place; opening the sentence it acts
    ("Refugees fled to neighbouring Chad. Neighbouring Niger has closed its border.", ["Niger"]),
    # de facto seats of government act for their states
    ("Dar es Salaam agreed to the loan.", ["Dar es Salaam"]),
    # the organisation's head alone, after "the", is a later short mention
    ("The European Commission opened a probe. A spokesperson said the Commission would decide by June.",
     ["European Commission", "Commission"]),
    # codes next to numbers are currencies, units or index names, never actors
    ("The fund paid USD 300 million and GBP 12 million. The port handled 9,000 TEU. The FTSE 100 rose.", []),
    # a place reached or entered is a place at every mention
    ("Floods cut off Kamrup. Rescue teams reached Kamrup by boat.", []),
    # lower-case particles inside an organisation's name
    ("The Parti pour la Renaissance won most seats.", ["Parti pour la Renaissance"]),
    # names with an apostrophe, with no cue but "by"; a first name that ends like a demonym
    ("The plan was drafted by Siobhan O'Brien and Rohan D'Souza. O'Brien said it would pass.",
     ["Siobhan O'Brien", "Rohan D'Souza", "O'Brien"]),
    # long names after a title: particles do not count against the length
    ("President Luiz Inácio Lula da Silva spoke first.", ["Luiz Inácio Lula da Silva"]),
    # two companies with suffixes are two names; a single name joined to a repeated company is one too
    ("Reliance Industries and Adani Group bid for the licence.", ["Reliance Industries", "Adani Group"]),
    ("The deal between Equinor and Petrobras was signed. Equinor will hold most of it.",
     ["Equinor", "Petrobras", "Equinor"]),
    # the second of two places after "the provinces of" is a place too
    ("Rain fell on the provinces of Alto Beni and Rio Claro.", []),
    # goods sent to a capital: a destination; money paid to it: a recipient that acts
    ("The agency flew 2.5 million doses to Maseru. Donors pledged $9 million to Maseru.", ["Maseru"]),
])
def test_actor_families_session_2(rules, text, expected):
    assert found(rules, text, "ACTOR") == expected


@pytest.mark.parametrize("text, expected", [
    ("About 40-50 people gathered.", {"About 40-50": (40, "people", True)}),
    ("Some 30–35 percent voted.", {"Some 30–35 percent": (30, "percent", True)}),
    ("The mine ships 1.2 million tonnes a year of copper.", {"1.2 million tonnes a year": (1200000, "tonnes", False)}),
    ("The port handled as many as 2,400 TEU per day.", {"as many as 2,400 TEU per day": (2400, "TEU", True)}),
    ("Sales fell by half.", {"half": (0.5, "share", False)}),
    ("Nearly 1 in 4 adults smoke.", {"Nearly 1 in 4": (0.25, "share", True)}),
    ("Emissions fell 12 megatonnes across 3,000 km².", {"12 megatonnes": (12, "Mt", False), "3,000 km²": (3000, "km²", False)}),
    ("Output fell by a third.", {"a third": (pytest.approx(1 / 3), "share", False)}),
    ("Profit fell just under a fifth.", {"just under a fifth": (0.2, "share", True)}),
    ("Freight costs almost twice the old rate.", {"almost twice": (2, "times", True)}),
    ("The site is twice the size of the old one.", {"twice": (2, "times", False)}),
    ("Nurses walk out over 9% pay claim\n\nNurses began a strike on Monday.", {"9%": (9, "percent", False)}),
    ("The airline is the second to fail in under four years.", {"under four years": (4, "years", True)}),
    ("Cases passed 7,000 in five weeks.", {"7,000": (7000, "people", False), "five weeks": (5, "weeks", False)}),
    ("Growth may slow by up to half a percentage point.",
     {"up to half a percentage point": (0.5, "percentage points", True)}),
])
def test_figure_shapes_session_2(rules, text, expected):
    assert figures(rules, text) == expected


@pytest.mark.parametrize("text", [
    "The 2019–2020 season ended early.",
    "They won 5-4 on penalties.",
    "She met the minister twice.",
    "He won a fifth term in office.",
    "Apple released iOS 17 and the iPhone 15.",
    "Line 3 of the metro closed.",
    "Between 2010 and 2020 output doubled.",
])
def test_not_figures_session_2(rules, text):
    assert found(rules, text, "FIGURE") == []


def test_reported_that_is_a_report_but_a_reported_loss_is_a_fact(rules):
    text = ("The ministry reported that 40 people had died. The company reported a loss of $3 million. "
            "Three deaths were reported on Monday.")
    assert found(rules, text, "ASSERTION") == ["The ministry reported that 40 people had died."]


def test_hedged_passive_with_an_adverb_and_a_closing_announcement(rules):
    text = ("The militia is also reported to have seized two towns. "
            "Fuel prices will rise by 4 percent, the government announced on Monday, in a bid to cut subsidies. "
            "Justice Amara Diallo ruled that the contract was void.")
    assert len(found(rules, text, "ASSERTION")) == 3
