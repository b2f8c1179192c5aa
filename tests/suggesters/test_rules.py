"""The `rules` suggester on fixed sentences, one group per pattern family.

The sentences are written for these tests (not taken from the sample
articles) so they check that the rules follow GUIDELINES.md in general.
"""
from __future__ import annotations

import pytest

from tests.suggesters.suggested import attrs, run, spans


# ---- ACTOR -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chile imposed tariffs on Peruvian copper.", ["Chile"]),
        ("Talks between Ankara and Cairo resumed on Monday.", ["Ankara", "Cairo"]),
        ("Kenya's president signed the bill into law.", ["Kenya"]),
        ("Fighting continued near the Orinoco and in Caracas.", []),
        ("Exports from Vietnam and Thailand fell sharply.", []),
        ("Brazil and Argentina signed the agreement in Montevideo.", ["Brazil", "Argentina"]),
        ("The government pledged $40 million to Haiti after the storm.", ["Haiti"]),
    ],
)
def test_states_act_but_places_do_not(rules, text, expected):
    assert spans(rules, text, "ACTOR") == expected


@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ("The International Monetary Fund approved the loan.", "International Monetary Fund", "organization"),
        ("Officials at the Ministry of Finance declined to comment.", "Ministry of Finance", "organization"),
        ("The Kenya Revenue Authority collected more tax.", "Kenya Revenue Authority", "organization"),
        ("Voters backed the Social Democratic Party in the north.", "Social Democratic Party", "group"),
        ("The Eastern Freedom Front attacked a convoy.", "Eastern Freedom Front", "group"),
        ("Shares in Harbourline Shipping Holdings rose.", "Harbourline Shipping Holdings", "organization"),
        ("The Bank of Ghana left rates unchanged.", "Bank of Ghana", "organization"),
        ("The decision was welcomed by NATO allies.", "NATO", "organization"),
    ],
)
def test_organisations_by_head_word_and_acronym(rules, text, expected, kind):
    found = attrs(rules, text, "ACTOR")
    assert expected in found
    assert found[expected]["kind"] == kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prime Minister Ana Ruiz visited the plant on Tuesday.", ["Ana Ruiz"]),
        ("Opposition leader Marco Diaz rejected the plan.", ["Marco Diaz"]),
        ("Foreign Minister Yusuf Demir met his counterpart.", ["Yusuf Demir"]),
        ("Farida Osei said the talks had failed.", ["Farida Osei"]),
        ("Dr. Helen Park warned of shortages.", ["Helen Park"]),
    ],
)
def test_persons_by_title_role_or_reporting_verb(rules, text, expected):
    assert spans(rules, text, "ACTOR") == expected


def test_later_short_mentions_of_a_person_and_a_company(rules):
    text = (
        "Finance Minister Ana Ruiz met executives of Corvina Mining Group on Monday. "
        "Ruiz said the talks were useful. Corvina declined to comment."
    )
    assert spans(rules, text, "ACTOR") == ["Ana Ruiz", "Corvina Mining Group", "Ruiz", "Corvina"]


@pytest.mark.parametrize(
    "text",
    [
        "Peruvian troops crossed the border.",
        "Experts and officials were sceptical of the plan.",
        "Veterans of the Gulf War gathered in the square.",
        "Drought has spread across the Sahel this year.",
        "The Zürich-based lender cut its forecast.",
    ],
)
def test_not_actors(rules, text):
    assert spans(rules, text, "ACTOR") == []


def test_headline_marks_known_names_only(rules):
    text = "Ruiz Vows Tough Budget as Chile Talks Stall\n\nFinance Minister Ana Ruiz said the budget would be tight."
    assert spans(rules, text, "ACTOR") == ["Ruiz", "Chile", "Ana Ruiz"]


# ---- FIGURE ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, value, unit, approximate",
    [
        ("The army sent about 3,500 soldiers north.", "about 3,500", 3500, "people", True),
        ("The plan costs roughly €2.4 billion.", "roughly €2.4 billion", 2400000000, "EUR", True),
        ("Turnout fell to nearly 40 percent.", "nearly 40 percent", 40, "percent", True),
        ("Police seized more than 12 tonnes of cocaine.", "more than 12 tonnes", 12, "tonnes", True),
        ("The siege lasted almost three years.", "almost three years", 3, "years", True),
        ("They plan a 450-kilometre pipeline.", "450-kilometre", 450, "km", False),
        ("Rebels hold seven provinces.", "seven", 7, "items", False),
        ("The city has two million residents.", "two million", 2000000, "people", False),
        ("Prices rose 3.5% in March.", "3.5%", 3.5, "percent", False),
        ("Debt reached £48m last year.", "£48m", 48000000, "GBP", False),
        ("Revenue was CHF 2.1 billion.", "CHF 2.1 billion", 2100000000, "CHF", False),
        ("The fund holds 800 billion yen in bonds.", "800 billion yen", 800000000000, "JPY", False),
        ("Inflation was 6 per cent.", "6 per cent", 6, "percent", False),
        ("At least 14 people died.", "At least 14", 14, "people", True),
    ],
)
def test_figures_with_value_unit_and_hedge(rules, text, span, value, unit, approximate):
    found = attrs(rules, text, "FIGURE")
    assert found == {span: {"value": value, "unit": unit, "approximate": approximate}}


def test_over_a_duration_means_during(rules):
    found = attrs(rules, "The loan will be repaid over five years.", "FIGURE")
    assert found == {"five years": {"value": 5, "unit": "years", "approximate": False}}


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2019.",
        "The first summit was held on May 4.",
        "Leaders of the Group of 20 met on Friday.",
        "It was the second-largest protest this year.",
        "Talks took place on 12 June.",
    ],
)
def test_not_figures(rules, text):
    assert spans(rules, text, "FIGURE") == []


# ---- ASSERTION ---------------------------------------------------------------


def _assertions(rules, text):
    s = run(rules, text)
    out = []
    for i, sp in enumerate(s.spans):
        if sp.label != "ASSERTION":
            continue
        sources = [text[s.spans[r.child].start : s.spans[r.child].end] for r in s.relations if r.head == i]
        out.append((text[sp.start : sp.end], sp.attributes["stance"], sources))
    return out


@pytest.mark.parametrize(
    "text, stance, source",
    [
        ("Finance Minister Ana Ruiz said the deficit would shrink.", "states", ["Ana Ruiz"]),
        ("The World Bank warned that growth could stall.", "warns", ["World Bank"]),
        ("According to the Central Statistics Office, unemployment rose.", "states", ["Central Statistics Office"]),
        ("Unemployment rose, according to the Central Statistics Office.", "states", ["Central Statistics Office"]),
        ("The Farmers Union estimated that 20 percent of the crop was lost.", "estimates", ["Farmers Union"]),
        ("Kenya denied that its troops had crossed the border.", "denies", ["Kenya"]),
        ("Marco Diaz suggested that the vote be delayed.", "suggests", ["Marco Diaz"]),
        ("Rebels are reported to have seized the airport.", "other", []),
        ("Officials say the road will reopen next week.", "states", []),
        ('"We will not retreat," said Defence Minister Omar Haddad.', "states", ["Omar Haddad"]),
        ("The Atlas Workers Union, which represents dock staff, argued that wages were too low.",
         "states", ["Atlas Workers Union"]),
    ],
)
def test_assertions_with_stance_and_source(rules, text, stance, source):
    assert _assertions(rules, text) == [(text, stance, source)]


def test_pronoun_speaker_links_to_the_previous_person(rules):
    text = "Health Minister Lara Costa visited the clinic. She warned that supplies were low."
    assert _assertions(rules, text) == [("She warned that supplies were low.", "warns", ["Lara Costa"])]


def test_quote_sentence_keeps_its_closing_quote(rules):
    text = 'Ruiz spoke first. "The budget is balanced," Ruiz said. "We expect growth."'
    assert [a[0] for a in _assertions(rules, text)][0] == '"The budget is balanced," Ruiz said.'


@pytest.mark.parametrize(
    "text",
    [
        "The outlook is grim.",
        "Will the central bank raise rates again?",
        "Did the minister say that prices would fall?",
        "Minister Says Budget Will Be Balanced\n\nThe budget was published on Monday.",
        "The union rejected a 6 percent wage offer.",
    ],
)
def test_not_assertions(rules, text):
    assert _assertions(rules, text) == []


def test_unknown_name_after_at_or_the_is_a_body_not_a_person(rules):
    text = "Analysts at Baltic Commodities Research estimated that demand would fall."
    assert attrs(rules, text, "ACTOR") == {"Baltic Commodities Research": {"kind": "organization"}}


@pytest.mark.parametrize(
    "text, stance",
    [
        ("The European Commission welcomed the deal, saying it would help farmers.", "states"),
        ('Prime Minister Olena Shevchuk described the deal as "a test of solidarity."', "states"),
    ],
)
def test_more_reporting_forms(rules, text, stance):
    assert [(a[0], a[1]) for a in _assertions(rules, text)] == [(text, stance)]


def test_name_in_apposition_after_a_role(rules):
    text = "Its president, Luis Ortega, warned that jobs could be lost."
    assert _assertions(rules, text) == [(text, "warns", ["Luis Ortega"])]


def test_abbreviated_month_dates_are_not_figures(rules):
    assert spans(rules, "She will present the budget on Sept. 8.", "FIGURE") == []


def test_abbreviated_titles_do_not_end_the_sentence(rules):
    text = "Army spokesman Brig. Gen. Nabil Abdallah told reporters that the bridge was retaken."
    assert _assertions(rules, text) == [(text, "states", ["Nabil Abdallah"])]


def test_apposition_after_a_role_is_the_speaker(rules):
    text = "The UN's humanitarian coordinator, Clementine Nkweta-Salami, warned that hunger was spreading."
    assert spans(rules, text, "ACTOR") == ["UN", "Clementine Nkweta-Salami"]
    assert _assertions(rules, text)[0][2] == ["Clementine Nkweta-Salami"]


def test_negated_reporting_verb_is_no_assertion(rules):
    assert _assertions(rules, "Mr. Abdallah did not say how many soldiers had died.") == []


def test_person_after_led_by(rules):
    text = "The group, led by Mohamed Hamdan Dagalo, denied the claims."
    assert "Mohamed Hamdan Dagalo" in spans(rules, text, "ACTOR")


def test_company_name_and_its_headline_short_form(rules):
    text = ("Samsung Expands Hanoi Plant\n\n"
            "Samsung Electronics, the country's largest foreign investor, said it would hire more staff.")
    found = attrs(rules, text, "ACTOR")
    assert found["Samsung Electronics"] == {"kind": "organization"}
    assert "Samsung" in found


def test_headline_place_does_not_hide_other_headline_actors(rules):
    text = "Chile Signs Deal in Lima\n\nChile signed the deal on Monday."
    assert spans(rules, text, "ACTOR") == ["Chile", "Chile"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tim Cook leads Apple in Cupertino.", ["Tim Cook"]),
        ("Troops entered Palma Nova on Sunday.", []),
        ("The Vaca Muerta field produces shale oil.", []),
    ],
)
def test_bare_name_opening_a_sentence_is_a_weak_person_guess(rules, text, expected):
    found = [s for s in run(rules, text).spans if s.label == "ACTOR"]
    assert [text[s.start : s.end] for s in found] == expected
    assert all(s.score < 0.8 for s in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("About twenty-five soldiers died.", {"About twenty-five": {"value": 25, "unit": "people", "approximate": True}}),
        ("Rates rose 2 percentage points.",
         {"2 percentage points": {"value": 2, "unit": "percentage points", "approximate": False}}),
        ("The vote was 52-48 in favour.", {}),
        ("It raised US$3 billion.", {"US$3 billion": {"value": 3000000000, "unit": "USD", "approximate": False}}),
    ],
)
def test_compound_numbers_two_word_units_and_scores(rules, text, expected):
    assert attrs(rules, text, "FIGURE") == expected


# ---- generalisation: rule families checked on a second, independent sample set ----


@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ("The Institute for the Study of the Arctic Ocean published its report.",
         "Institute for the Study of the Arctic Ocean", "organization"),
        ("The Office of the Special Envoy for Water Security opened in May.",
         "Office of the Special Envoy for Water Security", "organization"),
        ("The Rural Women's Federation asked for help.", "Rural Women's Federation", "organization"),
        ("The dockers' union Stevra called a strike.", "Stevra", "organization"),
        ("The Norvik union said it would appeal.", "Norvik", "organization"),
        ("Solvang, which builds ferries, cut jobs.", "Solvang", "organization"),
        ("Shares in TerraQuill fell.", "TerraQuill", "organization"),
        ("Grants came from the Osprey Foundation and Lindqvist.", "Lindqvist", "organization"),
        ("The minister told Harbour Daily News that talks would go on.", "Harbour Daily News", "organization"),
        ("The mayor told Vantor that talks would go on.", "Vantor", "organization"),
        ("Analysts at Korvell Ratings cut the outlook.", "Korvell Ratings", "organization"),
    ],
)
def test_organisations_by_structure_and_context(rules, text, expected, kind):
    found = attrs(rules, text, "ACTOR")
    assert expected in found
    assert found[expected]["kind"] == kind


def test_possessive_of_a_state_does_not_join_an_organisation(rules):
    text = "Chile's Ministry of Mining denied the report."
    assert spans(rules, text, "ACTOR") == ["Chile", "Ministry of Mining"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will not retreat," van der Holt told reporters.', ["van der Holt"]),
        ("She met her Peruvian counterpart Tomas Quispe on Monday.", ["Tomas Quispe"]),
        ('"Costs are rising," said Mira Olsen, the group\'s treasurer.', ["Mira Olsen"]),
        ("A spokeswoman for the union, Lena Rask, denied the claim.", ["Lena Rask"]),
    ],
)
def test_persons_by_particle_role_and_inverted_speech(rules, text, expected):
    assert spans(rules, text, "ACTOR") == expected


def test_place_names_are_not_persons(rules):
    text = "Crews from North Ridgefield and Ridgefield arrived. They left Ridgefield at dawn."
    assert spans(rules, text, "ACTOR") == []


@pytest.mark.parametrize(
    "text, stance",
    [
        ("Farm groups warn that prices could double.", "warns"),
        ("A panel of judges alleged that the vote had been rigged.", "states"),
        ("The union put the figure at 4,000, well above the company's count.", "estimates"),
    ],
)
def test_base_forms_alleged_and_put_the_figure_at(rules, text, stance):
    assert [(a[0], a[1]) for a in _assertions(rules, text)] == [(text, stance)]


def test_sentence_final_announcement_after_a_comma(rules):
    text = "The army will send 300 engineers to the coast, Defence Minister Ana Ruiz announced on Friday."
    assert _assertions(rules, text) == [(text, "states", ["Ana Ruiz"])]


def test_participle_cue_links_the_subject(rules):
    text = "The World Food Programme asked for $30 million, warning that stocks would run out."
    assert _assertions(rules, text) == [(text, "warns", ["World Food Programme"])]


def test_according_to_a_description_links_the_body(rules):
    text = "The Nordic Fisheries Council met on Monday. According to the council, catches fell by a third."
    assert _assertions(rules, text) == [("According to the council, catches fell by a third.", "states",
                                         ["Nordic Fisheries Council"])]


def test_quoted_follow_up_keeps_the_speaker(rules):
    text = '"Costs are rising," Lena Rask said. "We cannot wait."\n\n"Nobody listens."'
    assert _assertions(rules, text) == [
        ('"Costs are rising," Lena Rask said.', "states", ["Lena Rask"]),
        ('"We cannot wait."', "states", ["Lena Rask"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The fund, which includes Corvane and Hestia Partners, said investors would be repaid.",
        "Climate researchers suggested Lisbon could lead the plan.",
    ],
)
def test_no_source_from_relative_clauses_or_objects(rules, text):
    assert [a[2] for a in _assertions(rules, text)] == [[]]


def test_the_agency_prefers_an_organisation_over_a_state(rules):
    text = "The Harbour Relief Agency works in Chad. The agency said food was short."
    assert _assertions(rules, text)[-1][2] == ["Harbour Relief Agency"]


def test_codes_and_model_names_are_not_figures(rules):
    text = "The A320 jet uses 5G links and costs R4,500 to service."
    assert spans(rules, text, "FIGURE") == ["R4,500"]


@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ('"We will appeal," Kovacic said.', "Kovacic", "person"),
        ("Shares in Dunmore Inc. rose after Dunmore said sales grew.", "Dunmore", "organization"),
        ("The Party for Rural Renewal (PRR) said it would boycott the vote. The PRR denied it.", "PRR", "group"),
    ],
)
def test_lone_speaker_company_suffix_and_defined_acronym(rules, text, expected, kind):
    found = attrs(rules, text, "ACTOR")
    assert expected in found
    assert found[expected]["kind"] == kind
