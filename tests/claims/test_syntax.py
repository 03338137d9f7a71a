"""Direction read from the dependency parse, and what the parse rules out or adds."""

from __future__ import annotations

import pytest

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.evaluate import _match
from sanctionwatch.claims.extract import extract, read_by_rules
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.parsing import parse
from sanctionwatch.claims.rules import facts
from sanctionwatch.claims.syntax import Roles, between_ships, goods_in, plausible, roles, taught


def read(text: str) -> set[tuple]:
    """What the rules read, before the learned scorer (tested in test_scorer.py) revises it."""
    document = Document("t", text, "text")
    return {
        (c.category, c.supplier, c.recipient, c.modality) for c in read_by_rules(document, parse(document))
    }


def first_goods(text: str, label: str | None = None) -> tuple:
    lex = lexicons()
    sentence = next(lex.nlp(text).sents)
    found = facts(sentence, lex)
    goods = next(c for c in found.categories if label in (None, c.label))
    return goods_in(found.doc, goods, found.parties, found.verbs), goods.label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject of a verb of taking receives, "from" supplies
        ("Moscow has received self-propelled howitzers from Pyongyang.", Roles("KP", "RU")),
        # the object of "provide ... with" receives
        ("Russia has provided North Korea with air defence equipment.", Roles("RU", "KP")),
        # the subject of a relative clause gives
        ("Kyiv named the North Korean firm that sold rocket launchers to Russia.", Roles("KP", "RU")),
        # a raising verb lends its subject to the infinitive
        ("North Korea is expected to send thousands of construction workers to Russia.", Roles("KP", "RU")),
        # the state on the goods is their origin, whoever carries them
        (
            "A Hong Kong company that transported North Korean coal to Vietnam was sanctioned.",
            Roles("KP", "VN"),
        ),
        # trainees trained by an agent: the agent gives
        ("North Korean special forces are being trained by Russian instructors.", Roles("RU", "KP")),
    ],
)
def test_roles_from_the_parse(text: str, expected: Roles) -> None:
    goods, _ = first_goods(text)
    assert goods is not None
    assert roles(goods) == expected


def test_no_roles_through_another_verb() -> None:
    # the missiles are launched from the trucks, not exported: no verb of transfer governs them
    goods, _ = first_goods("Chinese trucks used to launch missiles were exported from China.", "arms")
    assert goods.predicate is None and roles(goods) is None
    trucks, _ = first_goods("Chinese trucks used to launch missiles were exported from China.")
    assert trucks.predicate is not None and trucks.predicate.lower_ == "exported"


def test_a_transfer_to_a_ship_is_ship_to_ship() -> None:
    goods, _ = first_goods(
        "A tanker delivered 2,000 tonnes of diesel to a North Korean ship on the high seas."
    )
    assert between_ships(goods)
    goods, _ = first_goods("The tanker delivered diesel to the North Korean port of Nampo.")
    assert not between_ships(goods)
    assert ("ship_to_ship", "TW", "KP", "asserted") in read(
        "A Taiwanese tanker delivered diesel to a North Korean ship on the high seas."
    )


def test_what_is_not_moved() -> None:
    goods, label = first_goods(
        "North Korean hackers stole design data on tanks from South Korean firms.", "arms"
    )
    assert label == "arms" and not plausible(goods, label)
    goods, label = first_goods("North Korea will host 200 Russian university students this summer.")
    assert label == "workers" and not plausible(goods, label)
    goods, label = first_goods("Russia will host 200 North Korean students this summer.")
    assert label == "workers" and plausible(goods, label)


def test_negated_transfer_is_a_denial_and_reported_is_not() -> None:
    assert ("coal", "KP", "CN", "denied") in read(
        "Beijing has not imported any coal from North Korea since 2017, a spokesperson said."
    )
    assert read("Beijing has not reported the deliveries of oil to North Korea.") == {
        ("petroleum", "CN", "KP", "asserted")
    }


def test_seat_and_port_are_places_not_parties() -> None:
    found = read("Tankers registered in Sierra Leone and Togo delivered diesel to North Korea.")
    assert {(s, r) for _, s, r, _ in found} == {(None, "KP")}


def test_citing_intelligence_is_an_assessment() -> None:
    assert read(
        "North Korean officers are receiving training at a Russian base, a lawmaker said, "
        "citing the National Intelligence Service."
    ) == {("military_cooperation", "RU", "KP", "assessed")}


def test_scoring_matches_exact_modality_first() -> None:
    gold = [
        {"category": "arms", "supplier": "KP", "recipient": "RU", "modality": "asserted"},
        {"category": "arms", "supplier": "KP", "recipient": "RU", "modality": "denied"},
    ]
    predicted = [dict(gold[1]), dict(gold[0])]
    pairs, left = _match(gold, predicted)
    assert [(g["modality"], p["modality"] if p else None) for g, p in pairs] == [
        ("asserted", "asserted"),
        ("denied", "denied"),
    ]
    assert left == []
    pairs, left = _match(gold, [dict(gold[1])])
    assert [p["modality"] if p else None for _, p in pairs] == [None, "denied"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the trained are the receivers, the trainers the givers
        ("Iranian officers taught North Korean soldiers to fly drones.", Roles("IR", "KP")),
        # "help X upgrade Y": Y comes from the helper
        ("China's army is helping North Korea expand its missile factories.", Roles("CN", "KP")),
        # the verbal noun given ("help") yields to the verb that gives it
        (
            "Moscow provided Pyongyang with assistance for its nuclear submarine programme.",
            Roles("RU", "KP"),
        ),
    ],
)
def test_roles_of_helping_and_teaching(text: str, expected: Roles) -> None:
    goods, _ = first_goods(text)
    assert goods is not None
    assert roles(goods) == expected


def test_nationals_at_work_are_workers_whatever_the_noun() -> None:
    assert ("workers", "KP", "RU") in {
        c[:3] for c in read("North Korean plumbers work on building sites in Russia.")
    }
    assert read("Russian plumbers work on building sites in Kazan.") == set()
    # hackers are cyber goods already, not workers
    assert "workers" not in {
        c[0] for c in read("North Korean hackers working for Pyongyang stole $5 million.")
    }


def test_training_military_people_is_cooperation() -> None:
    assert read("Belarusian instructors arrived in Pyongyang to train North Korean tank crews.") == {
        ("military_cooperation", "BY", "KP", "asserted")
    }


def test_goods_paid_back_go_the_other_way() -> None:
    found = read("In return for the shells, Moscow is paying Pyongyang with wheat.")
    assert ("arms", "KP", "RU", "asserted") in found
    assert ("food", "RU", "KP", "asserted") in found


def test_an_appended_rejection_is_a_denial_by_its_speaker() -> None:
    claims = extract(
        Document(
            "t",
            "Officials in Kyiv said the drones that struck Odesa contained Iranian engines, "
            "a claim Tehran rejected. North Korea was not mentioned.",
            "text",
        )
    )
    assert claims == []  # no DPRK party: nothing to report
    claims = extract(
        Document(
            "t",
            "Officials in Kyiv said the missiles fired by Russia contained North Korean parts, "
            "an allegation Pyongyang rejected.",
            "text",
        )
    )
    read_back = {(c.category, c.supplier, c.recipient, c.modality, c.source) for c in claims}
    assert ("arms", "KP", "RU", "denied", "Pyongyang") in read_back
    assert ("arms", "KP", "RU", "asserted", "Officials in Kyiv") in read_back


def test_briefing_by_intelligence_is_an_assessment() -> None:
    assert read(
        "Russia has sent air defence systems to North Korea, a lawmaker said after a briefing by "
        "the spy agency's intelligence officers."
    ) == {("arms", "RU", "KP", "assessed")}


def test_the_country_in_a_speakers_denial_is_the_speaker() -> None:
    assert read("Russia's foreign ministry said the country had never bought shells from North Korea.") == {
        ("arms", "KP", "RU", "denied")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle on the goods is their verb of transfer
        ("Investigators identified a howitzer supplied by North Korea.", {("arms", "KP", None, "asserted")}),
        # what is paid for goes to the payer
        (
            "Chinese trawlers pay North Korea for fishing rights, a monitoring group said.",
            {("seafood", "KP", "CN", "asserted")},
        ),
        # help for a weapons programme is weapons-of-mass-destruction goods
        (
            "Beijing has never given Pyongyang any assistance for its nuclear programme.",
            {("wmd_ballistic", "CN", "KP", "denied")},
        ),
        # learners receive from the state where they learn
        (
            "North Korean pilots are training at Russian air bases, a Ukrainian official said.",
            {("military_cooperation", "RU", "KP", "asserted")},
        ),
        # two states agreeing on cooperation give it to each other
        (
            "Laos and North Korea signed an agreement on military cooperation.",
            {
                ("military_cooperation", "LA", "KP", "expected"),
                ("military_cooperation", "KP", "LA", "expected"),
            },
        ),
        # a flag of convenience is not a party; a demonym flag is
        (
            "The Panama-flagged tanker transferred diesel to a North Korean tanker at sea.",
            {("refined_petroleum", None, "KP", "asserted"), ("ship_to_ship", None, "KP", "asserted")},
        ),
        # a city named in the speaker's phrase is not a party
        (
            "The freighter took on coal from a North Korean barge, an official in Tokyo said.",
            {("coal", "KP", None, "asserted"), ("ship_to_ship", "KP", None, "asserted")},
        ),
        # what was made in a state and is held by another went from the one to the other
        (
            "Kim Jong Un's armoured limousine was built in Germany.",
            {("luxury_goods", "DE", "KP", "asserted")},
        ),
    ],
)
def test_more_readings_from_the_parse(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "control"),
    [
        # goods that are only where something happens, or what people are named after
        (
            "The debris was found at a North Korean missile base near Russia.",
            "North Korean missiles were found near Russia.",
        ),
        (
            "Chinese instructors trained North Korean submarine crews.",
            "China sent submarines to North Korea.",
        ),
        # goods one learns to use are not moved
        (
            "North Korean soldiers are learning to operate Russian drones at a training ground near Moscow.",
            "Russia sent drones to North Korean soldiers at a training ground near Moscow.",
        ),
    ],
)
def test_goods_that_do_not_move(text: str, control: str) -> None:
    # the control, a minimal edit that moves the goods, shows the reading works on these words:
    # without it an extractor that read nothing at all would pass
    assert {c[0] for c in read(control)} & {"arms", "wmd_ballistic"}
    assert not {c for c in read(text) if c[0] in {"arms", "wmd_ballistic"}}


def test_a_city_struck_and_people_found_are_not_parties() -> None:
    lex = lexicons()
    sentence = next(lex.nlp("A KN-23 missile hit Kyiv on Monday.").sents)
    assert [m.label for m in facts(sentence, lex).places] == ["UA"]
    sentence = next(lex.nlp("North Korean diplomats were found smuggling liquor into Pakistan.").sents)
    assert facts(sentence, lex).speakers == []


def test_a_body_after_a_headline_starts_one_sentence() -> None:
    # the parser used to cut "North | Korean hackers ..." after a paragraph break
    doc = lexicons().nlp(
        "The crypto laundering\n\nNorth Korean hackers laundered stolen crypto, officials said."
    )
    assert [s.text.strip() for s in doc.sents][1].startswith("North Korean hackers")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paid "for" goods: they go to the payer; paid "with" or "in" goods: to the payee
        (
            "Pyongyang was paid for its rockets in maize, a diplomat said.",
            {("arms", "KP", None, "asserted"), ("food", None, "KP", "asserted")},
        ),
        (
            "Pyongyang paid for Chinese diesel with zinc.",
            {("refined_petroleum", "CN", "KP", "asserted"), ("iron_ore_metals", "KP", "CN", "asserted")},
        ),
        # an opening question claims nothing
        ("Asked whether Laos had bought rifles from North Korea, a spokesman declined to comment.", set()),
        # "each other" makes the goods go both ways
        (
            "Laos and North Korea agreed to open correspondent accounts in each other's banks.",
            {("financial", "LA", "KP", "expected"), ("financial", "KP", "LA", "expected")},
        ),
        # goods that arrive at a place go to its state
        (
            "Chinese tractors, including some new models, arrived at the port of Nampo.",
            {("machinery_vehicles", "CN", "KP", "asserted")},
        ),
    ],
)
def test_payments_questions_and_arrivals(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_ship_as_a_noun_is_no_verb_and_help_carries_its_origin() -> None:
    lex = lexicons()
    sentence = next(lex.nlp("A North Korean tanker lay alongside a Chinese ship for two days.").sents)
    assert facts(sentence, lex).verbs == []
    assert read("Pyongyang is receiving Iranian help to build a nuclear submarine, officials suspect.") == {
        ("wmd_ballistic", "IR", "KP", "speculated")
    }


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        (
            "A news site said Russia had sent tanks to North Korea, but the report could not be verified.",
            "speculated",
        ),
        ("North Korea is thought to have sold rockets to Russia, diplomats said.", "assessed"),
        ("Russia intends to sell wheat to North Korea, a minister said.", "expected"),
        ("The embassy declined to comment on reports that Laos hired North Korean workers.", "speculated"),
    ],
)
def test_modality_cues(text: str, modality: str) -> None:
    assert {m for *_, m in read(text)} == {modality}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Since 2018 Vietnam has not officially imported any coal from North Korea.",
            {("coal", "KP", "VN", "denied")},
        ),
        (
            "The ministry said no North Korean workers were employed in Mongolia.",
            {("workers", "KP", "MN", "denied")},
        ),
        ("China transferred $30 million to North Korea last year.", {("financial", "CN", "KP", "asserted")}),
        (
            "North Korea sent tens of millions of dollars to Iran.",
            {("financial", "KP", "IR", "asserted")},
        ),
        ("Russia sent North Korea $5 million worth of oil.", {("petroleum", "RU", "KP", "asserted")}),
        (
            "Iraqi militias have fired rockets that contain North Korean parts.",
            {("arms", "KP", "IQ", "asserted")},
        ),
        (
            "Analysts said the freighter was probably carrying Russian diesel to North Korea.",
            {("refined_petroleum", "RU", "KP", "assessed")},
        ),
        ("Russia will probably send more wheat to North Korea.", {("food", "RU", "KP", "expected")}),
    ],
)
def test_denials_sums_users_and_hedges(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "absent", "control"),
    [
        (
            "North Korean loggers in Russia are paid in timber rather than cash.",
            "financial",
            "North Korean loggers in Russia are paid in cash.",
        ),
        (
            "Mongolia's labour ministry said on Monday that it had met North Korean diplomats.",
            "workers",
            "Mongolia's labour ministry said on Monday that it had hired North Korean workers.",
        ),
        (
            "A fire broke out at a North Korean refinery near the Chinese border.",
            "machinery_vehicles",
            "China sent a refinery to North Korea.",
        ),
    ],
)
def test_goods_only_named(text: str, absent: str, control: str) -> None:
    assert absent in {c[0] for c in read(control)}  # the words themselves are read when they move
    assert absent not in {c[0] for c in read(text)}


def test_direction_by_measure_and_sources_that_point_back() -> None:
    # coal leaves the DPRK; with one other state named, that state takes it
    assert read("Officials said North Korea and Russia will expand trade in coal.") == {
        ("coal", "KP", "RU", "expected")
    }
    # "it" is the intelligence service of the sentence before: an assessment
    found = read(
        "South Korea's spy agency said the war had changed the North's economy. It also said Russia had sent "
        "air defence systems to North Korea."
    )
    assert found == {("arms", "RU", "KP", "assessed")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speaker's data are not goods
        (
            "According to satellite data, Russian tankers delivered diesel to Rajin.",
            {("refined_petroleum", "RU", "KP", "asserted")},
        ),
        # "of North Korean origin" names the origin; where goods are found, they went
        (
            "Rifles of North Korean origin were found in Mali, researchers said.",
            {("arms", "KP", "ML", "asserted")},
        ),
        # "but Tehran denies it" rejects the claim before it
        (
            "Iran is said to have bought missile engines from North Korea, but Tehran denies it.",
            {("wmd_ballistic", "KP", "IR", "asserted"), ("wmd_ballistic", "KP", "IR", "denied")},
        ),
        # two states that cooperate on goods give them to each other
        (
            "Laos and North Korea could cooperate on drones, an official warned.",
            {("arms", "LA", "KP", "speculated"), ("arms", "KP", "LA", "speculated")},
        ),
    ],
)
def test_origins_findings_rejections_and_cooperation(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what is swapped "for" comes back; goods never go back to where they were made
        (
            "North Korean traders swap squid for Chinese cigarettes at sea, fishermen said.",
            {("seafood", "KP", "CN", "asserted"), ("luxury_goods", "CN", "KP", "asserted")},
        ),
        # two states named on a joint subject give each other
        (
            "Russian and North Korean navies held joint drills off Vladivostok.",
            {
                ("military_cooperation", "RU", "KP", "asserted"),
                ("military_cooperation", "KP", "RU", "asserted"),
            },
        ),
        # a rebuttal by a party that is not a state is still a denial
        (
            "A newspaper said a restaurant in Laos employs North Korean waitresses, "
            "though the owners deny it.",
            {("workers", "KP", "LA", "asserted"), ("workers", "KP", "LA", "denied")},
        ),
    ],
)
def test_swaps_joint_subjects_and_rebuttals(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_made_by_found_in_and_unpaid() -> None:
    assert read("Soldiers found North Korean-made rifles in Mali, the army said.") == {
        ("arms", "KP", "ML", "asserted")
    }
    assert read("North Korean loggers in Russia have not been paid for months, a union said.") == {
        ("workers", "KP", "RU", "asserted")
    }
    assert ("ship_to_ship", "CN", "KP") in {
        c[:3] for c in read("North Korean fleets depend on fuel bought from Chinese boats at sea.")
    }


def test_hired_nationals_students_and_long_speaker_phrases() -> None:
    assert read("Hotels in Shenyang employ North Korean women as cooks, a newspaper said.") == {
        ("workers", "KP", "CN", "asserted")
    }
    # students learning a language are not trained by the state of their university
    assert "RU" not in {
        c[1] for c in read("North Korean students will study at universities in Moscow, a ministry said.")
    }
    assert read("Laos will buy rifles from North Korea, a South Korean arms control expert said.") == {
        ("arms", "KP", "LA", "expected")
    }


def test_trade_at_sea_dealers_and_learners_sent_abroad() -> None:
    found = read(
        "North Korean boats transferred crab to Chinese trawlers at sea and received diesel in return."
    )
    assert {("ship_to_ship", "KP", "CN"), ("ship_to_ship", "CN", "KP")} <= {c[:3] for c in found}
    assert "arms" not in {
        c[0] for c in read("The EU blacklisted a Chinese bank that served North Korean arms dealers.")
    }
    assert read("North Korean officers will be sent to Belarus for training, a minister said.") == {
        ("military_cooperation", "BY", "KP", "expected")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China is North Korea's largest supplier of rice, traders said.",
            {("food", "CN", "KP", "asserted")},
        ),
        (
            "North Korea's trade ministry denied selling coal to China.",
            {("coal", "KP", "CN", "denied")},
        ),
        (
            "Belarusian instructors are training North Korean pilots, an opposition group said.",
            {("military_cooperation", "BY", "KP", "asserted")},
        ),
        (
            "North Korean tank crews are being trained in Belarus, an opposition group said.",
            {("military_cooperation", "BY", "KP", "asserted")},
        ),
        (
            "North Korean troops fought alongside Russian marines near Kursk, officials said.",
            {("military_cooperation", "KP", "RU", "asserted")},
        ),
    ],
)
def test_suppliers_gerunds_trainers_and_companions(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_money_sent_home_and_workers_into_the_dprk() -> None:
    assert ("financial", "CN", "KP") in {
        c[:3] for c in read("North Korean workers in China send cash home through couriers, a defector said.")
    }
    # DPRK workers go out; doctors sent to the DPRK are not DPRK workers
    assert read("Cuba has sent doctors to North Korea, Cuban media said.") == set()
    assert read("Moscow has supplied North Korea with replacement barrels for its howitzers.") == {
        ("arms", "RU", "KP", "asserted")
    }


def test_hosted_offices_pacts_through_leaders_orders_and_hedges() -> None:
    # the host state serves the DPRK bank that opens an office in it
    assert read(
        "Korea Kwangson Banking Corp opened a representative office in Minsk, Belarusian records show."
    ) == {("financial", "BY", "KP", "asserted")}
    # "the leaders of X and Y" sign the pact of a relative clause: each side gives
    assert {
        c[:3]
        for c in read(
            "The leaders of Belarus and North Korea signed a pact that deepens military cooperation."
        )
    } == {
        ("military_cooperation", "BY", "KP"),
        ("military_cooperation", "KP", "BY"),
    }
    # who places orders takes the goods
    assert {c[:3] for c in read("Vietnamese firms are ordering coal from North Korea, traders said.")} == {
        ("coal", "KP", "VN")
    }
    # "suggesting" and "open to" hedge
    assert read(
        "A yacht was seen off Wonsan, suggesting that it was smuggled into North Korea from Italy."
    ) == {("luxury_goods", "IT", "KP", "speculated")}
    assert read("Minsk is open to selling tractors to North Korea, its ambassador said.") == {
        ("machinery_vehicles", "BY", "KP", "speculated")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a gift from a state: it gives, whoever has the goods now
        (
            "Kim Jong Un was photographed on a new yacht, a gift from Alexander Lukashenko.",
            {("luxury_goods", "BY", "KP", "asserted")},
        ),
        # goods unloaded at a port: the port's state receives
        (
            "A North Korean freighter docked at the Russian port of Nakhodka to unload iron ore.",
            {("iron_ore_metals", "KP", "RU", "asserted")},
        ),
        # goods delivered to a state's ports: that state receives
        (
            "North Korean boats have been delivering crabs to Russian ports, fishermen said.",
            {("seafood", "KP", "RU", "asserted")},
        ),
        # what pays "for" people or goods goes the other way from them
        (
            "Moscow is paying for North Korean labourers with grain, officials said.",
            {("food", "RU", "KP", "asserted"), ("workers", "KP", "RU", "asserted")},
        ),
        # "no" on the subject denies what it would do
        (
            "The ministry said no Vietnamese company had bought coal from North Korea.",
            {("coal", "KP", "VN", "denied")},
        ),
        # talks on cooperation between two states go both ways
        (
            "Syrian and North Korean officials discussed cooperation on chemical weapons, a report said.",
            {("wmd_ballistic", "SY", "KP", "expected"), ("wmd_ballistic", "KP", "SY", "expected")},
        ),
    ],
)
def test_gifts_ports_payments_no_subjects_and_cooperation(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_accounts_partnerships_and_tobacco() -> None:
    # accounts a DPRK bank opens abroad are served by the host state
    assert read("North Korea's Foreign Trade Bank has opened accounts at Chinese banks, a report said.") == {
        ("financial", "CN", "KP", "asserted")
    }
    assert {
        c[:3]
        for c in read("A Chinese firm will run a casino in Rason in partnership with a North Korean company.")
    } == {("joint_venture", "CN", "KP")}
    assert read("Chinese smugglers sold tobacco to North Korea, traders said.") == {
        ("luxury_goods", "CN", "KP", "asserted")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # goods loaded at a port come from its state
        (
            "The tanker loaded fuel oil at a Chinese port before meeting a North Korean ship, data show.",
            {("refined_petroleum", "CN", "KP", "asserted")},
        ),
        # a verb after the report's own verb of saying governs nothing: "trains" here is a noun
        (
            "Rocket launchers from North Korea were filmed on Russian trains, bloggers said, sharing videos.",
            {("arms", "KP", "RU", "asserted")},
        ),
        # "think" in "think tank" is no verb of saying: the state of a Seoul-based tank only speaks
        (
            "Russia shipped ammunition to North Korea last year, a Seoul-based think tank said.",
            {("arms", "RU", "KP", "asserted")},
        ),
        # "it" points back at a speaker named before it, never at one named after
        (
            "North Korea holds old tanks that it could sell to Iran, an analyst in Tokyo wrote.",
            {("arms", "KP", "IR", "speculated")},
        ),
    ],
)
def test_loading_ports_reports_and_pronouns(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # trucks that carry the goods are not goods themselves
        (
            "Chinese trucks loaded with rice crossed into North Korea at Namyang, residents said.",
            "machinery_vehicles",
        ),
        # what learners are taught to fly stays with the teacher, named by its model or its kind
        ("Russia is training North Korean pilots to fly MiG-29 fighter jets, a source said.", "arms"),
        # the goods a workplace is named after are not what its workers move
        ("North Korean women work at a seafood-processing plant in Hunchun, China, a group said.", "seafood"),
    ],
)
def test_carriers_types_flown_and_workplaces_are_not_goods(text: str, absent: str) -> None:
    found = read(text)
    assert found and absent not in {c[0] for c in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # help for the armed forces is military help
        (
            "Russian technicians are helping North Korea upgrade its air force, officials said.",
            {("military_cooperation", "RU", "KP", "asserted")},
        ),
        # barrels for guns are no oil
        (
            "Moscow sent Pyongyang spare barrels for its howitzers, a Ukrainian official said.",
            {("arms", "RU", "KP", "asserted")},
        ),
        # "to X or to Y" names two recipients
        (
            "Kazakhstan has not sold rifles to Russia or to North Korea, its ministry said.",
            {("arms", "KZ", "KP", "denied")},
        ),
    ],
)
def test_forces_helped_gun_barrels_and_recipients_joined_by_or(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_a_negated_verb_with_its_own_object_denies_nothing_before_it() -> None:
    text = "Russia is sending North Korea fuel, a Russian official said. He did not give details."
    assert read(text) == {("petroleum", "RU", "KP", "asserted")}
    text = "Russia is sending North Korea fuel, a newspaper said. Russia has not sent them."
    assert ("petroleum", "RU", "KP", "denied") in read(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence that names no goods and rejects the report denies the claims before it
        (
            "North Korea sold rifles to the army of Mali, a UN report said. Mali rejected the report.",
            {("arms", "KP", "ML", "asserted"), ("arms", "KP", "ML", "denied")},
        ),
        # a state that opens a sentence with a verb of saying speaks; it is no party
        (
            "Tokyo says North Korea has sold squid to China.",
            {("seafood", "KP", "CN", "asserted")},
        ),
        # help to build missiles is know-how, not missiles
        (
            "Analysts say Pyongyang helped Syria develop new missiles in the 1990s.",
            {("wmd_ballistic", "KP", "SY", "asserted")},
        ),
        # goods named after a sentence that says where things move go that way
        (
            "Freight trains have been crossing from North Korea into China every night. "
            "Smugglers say they carry coal.",
            {("coal", "KP", "CN", "asserted")},
        ),
    ],
)
def test_rejections_speakers_know_how_and_routes(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_never_allowed_denies() -> None:
    # timber is tracked as "other" since the long-form corpus (data/claims/categories.csv)
    found = read("Laos has never allowed North Korean firms to export timber and coal to its markets.")
    assert ("coal", "KP", "LA", "denied") in found and {c[3] for c in found} == {"denied"}


def goods_of(text: str) -> set[tuple[str, str]]:
    """Each goods mention the parse finds in the document, with its words."""
    parsed = parse(Document("t", text, "text"))
    return {
        (m.label, found.doc[m.start : m.end].text) for _, found in parsed.sentences for m in found.categories
    }


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a raised subject works where the infinitive says
        (
            "About 3,000 North Koreans are thought to be working on farms in Russia, a researcher said.",
            ("workers", "Koreans"),
            None,
        ),
        # a sum paid for soldiers is a transfer of funds; one paid for goods is their price
        (
            "Moscow pays Pyongyang $1,500 a month for each soldier, a lawmaker said.",
            ("financial", "1,500"),
            None,
        ),
        ("Iran paid North Korea $20 million for the rockets, officials said.", None, "financial"),
        # money moved through banks
        (
            "Front companies moved $30 million for North Korea through banks in Macau, officials said.",
            ("financial", "million"),
            None,
        ),
        # help to improve missiles is know-how, not the missiles
        (
            "Russia is helping North Korea improve the range of its missiles, analysts said.",
            ("wmd_ballistic", "missiles"),
            "arms",
        ),
    ],
)
def test_goods_the_parse_adds(text: str, expected: tuple | None, absent: str | None) -> None:
    found = goods_of(text)
    assert expected is None or expected in found
    assert absent is None or absent not in {label for label, _ in found}


def test_the_dprk_as_speaker_names_it_and_half_of_korea_is_no_state() -> None:
    # a DPRK that only speaks still makes a document about it
    assert parse(Document("t", "Pyongyang denied selling rockets to Iran, state media said.", "text")).has_kp
    lex = lexicons()
    sentence = next(lex.nlp("The North Korean tanker met the South Korean patrol boat.").sents)
    named = {facts(sentence, lex).doc[m.start : m.end].text for m in facts(sentence, lex).parties}
    assert named == {"North Korean", "South Korean"}


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("North Korean gunners are being trained in Russia to fire rocket launchers.", "gunners", True),
        ("North Korean sailors may be sent to Russia for training on submarines.", "sailors", True),
        ("North Korean troops are studying drone tactics with Russian units.", "troops", True),
        ("North Korean troops have been sent to fight for Russia.", "troops", False),
        ("North Korean troops are training in the Russian Far East.", "troops", True),
        ("North Korean officers are training Russian soldiers to fire the KN-23.", "officers", False),
        ("North Korean officers are training Russian soldiers to fire the KN-23.", "soldiers", True),
        ("Wounded North Korean soldiers are treated in a Moscow military hospital.", "soldiers", True),
    ],
)
def test_people_taught_are_told_from_people_sent(text: str, word: str, expected: bool) -> None:
    token = next(t for t in lexicons().nlp(text) if t.text == word)
    assert taught(token) is expected
