"""Build the screening evaluation set (queries.csv) from the bundled lists, deterministically.

Positives are real listed DPRK-related names written the ways analysts meet them: other
romanization systems, Hangul, Cyrillic, word order, titles, joined or hyphenated syllables,
corporate forms, vessel prefixes and spacing, IMO numbers in several forms, typos in long words;
and, generated here by rule from each listed name (independently of sanctionwatch's own tables):
Korean names in Russian Cyrillic (the Kontsevich system, below), in Chinese characters (a
character of each syllable's reading, from the hanja package, traditional and simplified), run
together, and organisation names with their words abbreviated or expanded.
Negatives are real-world Korean, Russian and Chinese names, companies and vessels that are on no
list, and hard negatives made from listed names by changing one syllable or one numeral; a
negative that is a listed name is dropped (it would be a namesake), decided here without
sanctionwatch's name code: its words, letters only, are all words of one listed name on any list
("Valentina Tereshkova", "Tinkoff Bank"), or its syllables read in Revised Romanization
(``mr_to_rr``, below) are a listed name's in some order ("Jang Sung Jin" and CHANG, Chin Sung).

    python benchmarks/screening_eval/build.py [--db PATH]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from sanctionwatch import settings
from sanctionwatch.lists.bundled import ensure_lists
from sanctionwatch.lists.store import Store
from sanctionwatch.screening.index import Subject, load_index

HERE = Path(__file__).parent
SEED = 20240619
SURNAMES_RR = {
    "ri": ["Lee", "Yi", "Rhee"],
    "pak": ["Park"],
    "choe": ["Choi"],
    "jon": ["Jeon"],
    "chon": ["Jeon"],
    "o": ["Oh"],
    "kim": ["Kim", "Gim"],
    "ryu": ["Yu", "Yoo"],
    "no": ["Noh"],
    "jo": ["Cho"],
    "jang": ["Chang"],
    "han": ["Han"],
    "hwang": ["Hwang"],
    "kang": ["Kang"],
    "so": ["Seo"],
    "sin": ["Shin"],
    "yun": ["Yoon"],
}
TITLES = ["Comrade", "General", "Marshal", "Chairman", "Mr", "Vice Minister", "Colonel"]
CORPORATE = ["Co Ltd", "Co., Ltd.", "Corp", "Corporation", "Company Limited", "LLC", ""]


def korean_person(subject: Subject, names: list[str]) -> tuple[str, str] | None:
    """(surname, given syllables) from a listed 'SURNAME, Given' or 'SURNAME GIVEN' name."""
    for name in sorted(names, key=lambda n: ("," not in n, n)):
        words = name.split()
        capitals = [w for w in words if w.isupper() and len(w) > 1]
        if "," not in name and 0 < len(capitals) < len(words):
            # "Tong Un KIM": the UK list writes the surname last, in capitals
            surname = capitals[0]
            return surname, " ".join(w for w in words if w != surname)
        if "," in name:
            surname, given = (p.strip() for p in name.split(",", 1))
        else:
            parts = name.split()
            if len(parts) < 2:
                continue
            surname, given = parts[0], " ".join(parts[1:])
        if len(surname.split()) == 1 and 1 <= len(re.split(r"[\s-]+", given)) <= 3:
            return surname, given
    return None


def mr_to_rr(syllables: str) -> str:
    """McCune-Reischauer (with apostrophes) to Revised Romanization, roughly as a person writes it."""
    out = []
    for syllable in re.split(r"[\s-]+", syllables.lower()):
        s = syllable.replace("o'", "eo").replace("u'", "eu").replace("’", "'")
        s = re.sub(r"^(k|t|p|ch)(?!')", lambda m: {"k": "g", "t": "d", "p": "b", "ch": "j"}[m[1]], s)
        s = s.replace("'", "").replace("shi", "si")
        out.append(s)
    return "-".join(out).capitalize() if len(out) > 1 else out[0].capitalize()


#: McCune-Reischauer to Russian Cyrillic by the Kontsevich rules: initials, vowels and finals,
#: longest spelling first. Written here from the system's published table, not from sanctionwatch's.
KONTSEVICH_INITIALS = [
    ("ch'", "чх"),
    ("k'", "кх"),
    ("t'", "тх"),
    ("p'", "пх"),
    ("kk", "кк"),
    ("tt", "тт"),
    ("pp", "пп"),
    ("ss", "сс"),
    ("ch", "ч"),
    ("j", "чж"),
    ("k", "к"),
    ("g", "к"),
    ("n", "н"),
    ("t", "т"),
    ("d", "т"),
    ("r", "р"),
    ("l", "р"),
    ("m", "м"),
    ("p", "п"),
    ("b", "п"),
    ("s", "с"),
    ("h", "х"),
]
KONTSEVICH_VOWELS = [
    ("yo'", "ё"),
    ("yeo", "ё"),
    ("wo'", "во"),
    ("u'i", "ый"),
    ("ui", "ый"),
    ("u'", "ы"),
    ("eu", "ы"),
    ("o'", "о"),
    ("eo", "о"),
    ("ae", "э"),
    ("ya", "я"),
    ("yo", "ё"),
    ("yu", "ю"),
    ("ye", "е"),
    ("wa", "ва"),
    ("oe", "ве"),
    ("wi", "ви"),
    ("a", "а"),
    ("e", "е"),
    ("o", "о"),
    ("u", "у"),
    ("i", "и"),
]
KONTSEVICH_FINALS = [("ng", "н"), ("n", "н"), ("l", "ль"), ("k", "к"), ("m", "м"), ("p", "п"), ("t", "т")]
KONTSEVICH_SURNAMES = {"ri": "Ли", "choe": "Чхве", "kim": "Ким", "pak": "Пак", "o": "О", "jo": "Чо"}


def kontsevich(syllable: str) -> str | None:
    """One McCune-Reischauer syllable in Cyrillic, or None if it does not parse as one."""
    rest, out = syllable.lower().replace("’", "'"), ""
    for table in (KONTSEVICH_INITIALS, KONTSEVICH_VOWELS, KONTSEVICH_FINALS):
        for latin, cyrillic in table:
            if rest.startswith(latin):
                out, rest = out + cyrillic, rest[len(latin) :]
                break
        else:
            if table is KONTSEVICH_VOWELS:
                return None
    return out.capitalize() if not rest else None


def cyrillic_korean(surname: str, given: str) -> str | None:
    """A Korean name as Russian media write it (Kontsevich), syllables apart: Ким Чон Ын."""
    parts = [KONTSEVICH_SURNAMES.get(surname.lower()) or kontsevich(surname)]
    parts += [kontsevich(syllable) for syllable in re.split(r"[\s-]+", given)]
    return " ".join(p for p in parts if p) if all(parts) else None


@cache
def _hanja_by_reading() -> dict[str, str]:
    """A Hangul syllable -> one common Chinese character read so (the hanja package's table; a
    character in the Big5 set, as names use, preferred)."""
    from hanja.table import hanja_table

    found: dict[str, str] = {}
    for character, reading in hanja_table.items():
        if "\u4e00" <= character <= "\u9fff" and _common(character):
            found.setdefault(reading, character)
    return found


def _common(character: str) -> bool:
    try:
        character.encode("big5")
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _hangul_by_rr() -> dict[str, str]:
    """Revised Romanization of a syllable -> its Hangul (ICU), the first syllable for each."""
    import icu

    latin = icu.Transliterator.createInstance("Hangul-Latin")
    found: dict[str, str] = {}
    for code in range(0xAC00, 0xD7A4):
        found.setdefault(latin.transliterate(chr(code)).replace("'", ""), chr(code))
    return found


def hanja_name(surname: str, given: str) -> str | None:
    """A Korean name in Chinese characters, one character per syllable of its RR spelling."""
    surnames = {"kim": "金", "ri": "李", "pak": "朴", "choe": "崔", "jang": "張", "han": "韓", "o": "吳"}
    characters = [surnames.get(surname.lower().replace("'", ""))]
    for syllable in mr_to_rr(given).lower().split("-"):
        hangul = _hangul_by_rr().get(syllable)
        characters.append(_hanja_by_reading().get(hangul or ""))
    return "".join(c for c in characters if c) if all(characters) else None


def person_variants(rng: random.Random, surname: str, given: str) -> list[tuple[str, str]]:
    syllables = re.split(r"[\s-]+", given)
    plain_given = " ".join(s.replace("'", "").replace("’", "") for s in syllables)
    key = surname.lower().replace("'", "")
    rr_surname = rng.choice(SURNAMES_RR.get(key, [surname.capitalize()]))
    variants = [
        (f"{rr_surname} {mr_to_rr(given)}", "revised-romanization"),
        (f"{' '.join(s.capitalize() for s in plain_given.split())} {surname.capitalize()}", "given-first"),
        (f"{surname.capitalize()} {''.join(plain_given.split()).capitalize()}", "joined"),
        (f"{surname.capitalize()} {'-'.join(plain_given.split()).capitalize()}", "hyphen"),
        (f"{rng.choice(TITLES)} {surname.capitalize()} {plain_given.title()}", "title"),
        (f"{surname.upper()}, {plain_given.title()}", "surname-comma"),
        (f"{surname.lower()} {plain_given.lower()}", "lower-case"),
    ]
    chosen = rng.sample(variants, 2)
    joined = (surname + plain_given).replace(" ", "").lower()
    chosen.append((joined if rng.random() < 0.7 else joined.capitalize(), "run-together"))
    cyrillic = cyrillic_korean(surname, given)
    if cyrillic:
        chosen.append((cyrillic, "cyrillic-korean"))
    hanja = hanja_name(surname, given)
    if hanja:
        chosen.append((hanja, "hanja"))
        simplified = icu_simplified(hanja)
        if simplified != hanja:
            chosen.append((simplified, "hanja-simplified"))
    return chosen


def icu_simplified(text: str) -> str:
    import icu

    return icu.Transliterator.createInstance("Traditional-Simplified").transliterate(text)


def typo(rng: random.Random, word: str) -> str:
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:position] + word[position + 1 :]
    if kind == "double":
        return word[:position] + word[position] + word[position:]
    return word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]


ABBREVIATIONS = [
    ("Department", "Dept."),
    ("Corporation", "Corp."),
    ("Company", "Co."),
    ("Korean People's Army", "KPA"),
    ("Democratic People's Republic of Korea", "DPRK"),
    ("DPRK", "North Korea"),
    ("International", "Int'l"),
]


def abbreviated(name: str) -> str | None:
    """The name with one word or phrase abbreviated (or the abbreviation expanded), if it has one."""
    for long, short in ABBREVIATIONS:
        pattern = re.compile(rf"\b{re.escape(long)}\b", re.IGNORECASE)
        if pattern.search(name):
            return pattern.sub(short, name, count=1)
    return None


def org_variants(rng: random.Random, name: str) -> list[tuple[str, str]]:
    bare = re.sub(r"\s*\([^)]*\)", "", name)
    bare = re.sub(
        r"[,.]?\s*\b(CO(MPANY)?|CORP(ORATION)?|LTD|LIMITED|LLC|INC)\b\.?", "", bare, flags=re.I
    ).strip(" ,.")
    words = bare.split()
    variants = [
        (f"{bare.title()} {rng.choice(CORPORATE)}".strip(), "corporate-form"),
        (bare.lower(), "lower-case"),
    ]
    long_words = [i for i, w in enumerate(words) if len(w) >= 9]
    if long_words:
        i = rng.choice(long_words)
        words = words[:i] + [typo(rng, words[i])] + words[i + 1 :]
        variants.append((" ".join(words), "typo"))
    chosen = rng.sample(variants, min(2, len(variants)))
    short = abbreviated(name)
    if short:
        chosen.append((short, "abbreviation"))
    return chosen


def vessel_variants(rng: random.Random, name: str, imo: str | None) -> list[tuple[str, str, str]]:
    out = [(f"M/V {name}", "prefix", ""), (name.title(), "title-case", "")]
    words = name.split()
    if words and words[-1].isdigit():
        out.append((" ".join(words[:-1]) + f" No. {words[-1]}", "numeral-no", ""))
    if len(words) >= 2 and all(not w.isdigit() for w in words[:2]):
        out.append(("".join(words[:2]) + " " + " ".join(words[2:]), "joined", ""))
    elif len(words) == 1 and len(words[0]) >= 6:
        out.append((words[0][:3] + " " + words[0][3:], "split", ""))
    chosen = rng.sample(out, min(2, len(out)))
    if imo:
        form = rng.choice([f"IMO {imo}", f"IMO{imo}", imo])
        chosen.append(
            ("", "imo-" + ("spaced" if " " in form else "joined" if form.startswith("IMO") else "bare"), form)
        )
    return chosen


NEGATIVE_PEOPLE = """Son Heung-min;Park Ji-sung;Kim Yuna;Lee Min-ho;Bae Suzy;Park Seo-joon;Kim Min-jae;Hwang Hee-chan;
Ryu Hyun-jin;Choo Shin-soo;Park Chan-wook;Bong Joon-ho;Lee Jae-myung;Yoon Suk-yeol;Moon Jae-in;Ban Ki-moon;
Kim Dae-jung;Roh Moo-hyun;Lee Myung-bak;Han Kang;Kim Yeon-koung;Ahn Cheol-soo;Chung Mong-joon;Lee Kun-hee;
Lee Jae-yong;Koo Kwang-mo;Chey Tae-won;Shin Dong-bin;Chung Eui-sun;Yoo Jae-suk;Kang Ho-dong;Lee Ji-eun;
Jeon Jung-kook;Kim Nam-joon;Min Yoon-gi;Jung Ho-seok;Park Ji-min;Kim Tae-hyung;Song Kang-ho;Jun Ji-hyun;
Gong Yoo;Hyun Bin;Son Ye-jin;Lee Byung-hun;Ma Dong-seok;Yoon Yeo-jeong;Kim Go-eun;Park Bo-gum;Lee Sang-hyeok;
Faker Lee;Ko Jin-young;Park In-bee;Pak Se-ri;Cha Bum-kun;Hong Myung-bo;An Jung-hwan;Seo Taiji;Cho Yong-pil;
Chung Kyung-wha;Cho Seong-jin;Yunchan Lim;Sumi Jo;Lee Chang-dong;Hong Sang-soo;Kim Ki-duk;Kim Jee-woon;
Na Hong-jin;Kwon Sang-woo;Bae Yong-joon;Jang Dong-gun;Won Bin;Kim Hee-sun;Jeon Do-yeon;Kim Hye-soo;
Ivan Petrov;Andrei Rublev;Daniil Medvedev;Maria Sharapova;Alexander Ovechkin;Garry Kasparov;Yuri Gagarin;
Leo Tolstoy;Fyodor Dostoevsky;Dmitri Mendeleev;Sergei Rachmaninoff;Pyotr Tchaikovsky;Mikhail Gorbachev;
Boris Yeltsin;Alexei Navalny;Yulia Navalnaya;Svetlana Tikhanovskaya;Mikhail Khodorkovsky;Pavel Durov;
Arkady Volozh;Eugene Kaspersky;Sergey Brin;Vladimir Nabokov;Anton Chekhov;Alexander Pushkin;Valentina Tereshkova;
Anna Pavlova;Rudolf Nureyev;Mikhail Baryshnikov;Andrei Tarkovsky;Sergei Eisenstein;Igor Stravinsky;Dmitri Shostakovich;
Sergei Prokofiev;Anatoly Karpov;Vladimir Kramnik;Ian Nepomniachtchi;Alina Zagitova;Evgeni Plushenko;Yelena Isinbayeva;
Алексей Навальный;Лев Толстой;Фёдор Достоевский;Юрий Гагарин;Анна Павлова;Михаил Горбачёв;Борис Ельцин;
Yao Ming;Li Na;Ma Yun;Lang Lang;Zhang Yimou;Jackie Chan;Gong Li;Mo Yan;Liu Cixin;Tu Youyou;Ding Liren;
Zhang Ziyi;Lei Jun;Ma Huateng;Li Yanhong;Wang Jianlin;Zhong Shanshan;Zhang Yiming;Ren Zhengfei;Liu Qiangdong;
Sun Yang;Lin Dan;Guo Jingjing;Liu Xiang;Zhu Ting;Wu Yifan;Yang Liwei;Ai Weiwei;Tan Dun;Yo-Yo Ma;
姚明;李娜;马云;郎朗;张艺谋;成龙;巩俐;莫言;刘慈欣;屠呦呦;丁立人;雷军;马化腾""".replace("\n", "")

NEGATIVE_ORGS = """Samsung Electronics Co Ltd;Hyundai Motor Company;LG Chem;SK Hynix;Korean Air Lines;Kia Corporation;
POSCO Holdings;Lotte Shopping;Naver Corporation;Kakao Corp;Coupang Inc;HD Hyundai Heavy Industries;Doosan Enerbility;
CJ CheilJedang;Shinhan Bank;KB Kookmin Bank;Woori Bank;Hana Bank;Industrial Bank of Korea;Korea Electric Power Corporation;
Korea Gas Corporation;Korea Zinc;Hanjin Kal;Amorepacific;Celltrion;Samsung Biologics;Hybe Corporation;SM Entertainment;
Alibaba Group Holding;Tencent Holdings;Baidu Inc;BYD Company;Contemporary Amperex Technology;Xiaomi Corporation;
Lenovo Group;China Merchants Bank;Industrial and Commercial Bank of China;Bank of China;China Mobile;PetroChina;
Haier Smart Home;Midea Group;Geely Automobile;NIO Inc;JD.com;Meituan;Pinduoduo;Anta Sports;Yandex;Ozon Holdings;
Magnit;X5 Retail Group;Tinkoff Bank;Aeroflot Cargo Handling;Kaspersky Antivirus Club;Acme Trading Company;
Pacific Star Logistics;Blue Ocean Fisheries;Golden Dragon Restaurant;Seoul Semiconductor;Busan Port Authority;
Vladivostok Sea Fish Port Cafe;Nakhodka Tourist Agency;Dalian Wanda Group;Qingdao Haier;Yantai Apple Cooperative""".replace(
    "\n", ""
)

NEGATIVE_VESSELS = """EVER GIVEN;HMM ALGECIRAS;MSC GULSUN;QUEEN MARY 2;HARMONY OF THE SEAS;MAERSK MC-KINNEY MOLLER;OOCL HONG KONG;
CMA CGM JACQUES SAADE;SEAWISE GIANT;DIAMOND PRINCESS;SEWOL;PACIFIC CONDOR;HYUNDAI FORWARD;PAN ASIA;SINOKOR SEOUL;
KMTC BUSAN;STARBULK SEOUL;POLAR BEAR;ARCTIC SUNRISE;OCEAN VICTORY;GOLDEN RAY;STELLAR DAISY;HANJIN SEOUL;YANG MING ORCHID""".replace(
    "\n", ""
)


def _letters(name: str) -> tuple[str, ...]:
    """A name's words in lower-case letters and digits, accents and punctuation gone."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return tuple(re.findall(r"[^\W_]+", plain.casefold()))


def _rr(words: set[str]) -> tuple[str, ...]:
    return tuple(sorted(mr_to_rr(word).lower().replace("-", "") for word in words))


class Namesakes:
    """Tells whether a name is one on the lists, by its letters alone (never by the product's
    phonetic keys: a negative the product would wrongly match must stay in the set)."""

    def __init__(self, listed: Iterable[str]) -> None:
        self.by_word: dict[str, set[int]] = {}
        self.readings: set[tuple[str, ...]] = set()
        self.lengths: list[int] = []
        for number, name in enumerate(listed):
            words = set(_letters(name))
            for word in words:
                self.by_word.setdefault(word, set()).add(number)
            self.readings.add(_rr(words))
            self.lengths.append(len(words))

    def __contains__(self, name: str) -> bool:
        words = set(_letters(name))
        if not words:
            return False
        holders = set.intersection(*(self.by_word.get(word, set()) for word in words))
        if any(self.lengths[number] == len(words) for number in holders):
            return True  # the same words
        # A listed name written shorter (a patronymic or a middle name left out: "Valentina
        # Tereshkova"); not when a word is a syllable of one or two letters: a Korean name without
        # one of its syllables ("Kim Il" of KIM Il Sung) is another name.
        shorter = len(words) > 1 and all(len(word) > 2 for word in words) and bool(holders)
        return shorter or _rr(words) in self.readings


def hard_negatives(
    rng: random.Random, people: list[tuple[str, str]], vessels: list[str]
) -> list[tuple[str, str, str]]:
    """Listed names changed by one syllable or numeral: exactly what must not match."""
    syllables = ["Chol", "Su", "Il", "Nam", "Ho", "Jin", "Hyok", "Song", "Min", "Gwang", "Yong", "Hui"]
    out = []
    for surname, given in rng.sample(people, min(80, len(people))):
        parts = re.split(r"[\s-]+", given)
        i = rng.randrange(len(parts))
        replacement = rng.choice([s for s in syllables if s.lower() != parts[i].lower().replace("'", "")])
        parts[i] = replacement
        out.append(
            (f"{surname.capitalize()} {' '.join(p.capitalize() for p in parts)}", "person", "one-syllable")
        )
    for name in vessels:
        words = name.split()
        if words[-1].isdigit():
            out.append((" ".join(words[:-1] + [str(int(words[-1]) + 7)]), "vessel", "numeral"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(SEED)
    with Store(settings.db_path(args.db)) as store:
        ensure_lists(store)
        index = load_index(store)
        records = {e.canonical_id: e for e in store.entities("dprk")}
        names_of: dict[str, list[str]] = {}
        for entity in store.entities("dprk"):
            names_of.setdefault(entity.canonical_id, []).extend([entity.name, *entity.aliases])
        namesakes = Namesakes(
            name
            for entity in store.entities()
            for name in (entity.name, *entity.aliases, *entity.weak_aliases)
        )
    subjects = {s.id: s for s in index.subjects if s.id in records}
    rows: list[dict[str, str]] = []

    def add(name: str, kind: str, expected: str, variation: str, imo: str = "") -> None:
        rows.append(
            {
                "id": str(len(rows) + 1),
                "name": name,
                "type": kind,
                "imo": imo,
                "dob": "",
                "country": "",
                "expected": expected,
                "variation": variation,
            }
        )

    with (HERE / "handwritten.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            imo = row["name"] if row["variation"].startswith("imo") else ""
            add("" if imo else row["name"], row["type"], row["expected"], row["variation"], imo)
    people, vessels = [], []
    for subject in sorted(subjects.values(), key=lambda s: s.id):
        expected = subject.refs[0]
        names = names_of.get(subject.id, [])
        if subject.kind == "person":
            parsed = korean_person(subject, names)
            if parsed:
                people.append(parsed)
                for name, variation in person_variants(rng, *parsed):
                    add(name, "person", expected, variation)
        elif subject.kind == "organization" and rng.random() < 0.55:
            for name, variation in org_variants(rng, subject.caption):
                add(name, rng.choice(["organization", "any"]), expected, variation)
        elif subject.schema == "Vessel":
            vessels.append(subject.caption)
            for name, variation, imo in vessel_variants(
                rng, subject.caption, subject.imo[0] if subject.imo else None
            ):
                add(name, "vessel" if name else "any", expected, variation, imo)
    dropped = 0
    negatives = [(n.strip(), "any", "negative") for n in NEGATIVE_PEOPLE.split(";")]
    negatives += [(n.strip(), "organization", "negative") for n in NEGATIVE_ORGS.split(";")]
    negatives += [(n.strip(), "vessel", "negative") for n in NEGATIVE_VESSELS.split(";")]
    negatives += hard_negatives(rng, people, vessels)
    for name, kind, variation in negatives:
        if name in namesakes:
            dropped += 1
            print(f"dropped, a listed name: {name}")
            continue
        add(name, kind, "", variation)
    with (HERE / "queries.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, ["id", "name", "type", "imo", "dob", "country", "expected", "variation"]
        )
        writer.writeheader()
        writer.writerows(rows)
    positives = sum(1 for r in rows if r["expected"])
    print(
        f"{positives} positives, {len(rows) - positives} negatives ({dropped} namesakes of listed names dropped)"
    )


if __name__ == "__main__":
    main()
