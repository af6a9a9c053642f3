"""The word tables and the word-level primitives every stage shares: one tokenizer, one stemmer, one number parser.

Everything that reads words reads them here, so two stages never disagree about what a word, a stem or a number
is. Tables: stopwords (function words of present-day and archaic English), number words and scales, ordinal
words, months, irregular plurals, approximation markers, and a small antonym table. The stemmer is Snowball
English (Porter2) from the pure-Python ``snowballstemmer`` package (imported in ~20 ms; nltk took ~500 ms).

The number parser :func:`find_numbers` reads figures however they are written: ``"90,000"``, ``"1.5 million"``
(= 1,500,000), ``"twenty one"`` / ``"thirty-one"`` (= 21 / 31), ``"a hundred"``, ``"17%"``, ``"$2.3 billion"``,
``"hundreds"`` (vague), with the marker before it (``"about 100,000"`` is approx ``"about"``).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

# --- tuned numbers ----------------------------------------------------------------------------------------
# How far a figure marked "about" may be from the figure it rounds: 5 % either way. "about 100,000" thus
# covers 95,000–105,000 and conflicts with "90,000" (the test), while "1.5 million" and "1,500,000"
# are equal. Vague plurals ("thousands") cover their value up to 1000 times it.
APPROX_TOLERANCE = 0.05
ROUNDING_TOLERANCE = 0.005   # exact figures: "1.5 million" vs "1,498,000" round to the same
VAGUE_SPAN = 1000.0
# distinct words whose descriptions tokenize_packed keeps in its dictionary (no effect on results)
WORD_CACHE_SIZE = 200_000

# --- tables ----------------------------------------------------------------------------------------------

# Function words of present-day English plus the archaic forms common in older sources (thou, hath, unto, ...).
# These are what the alignment leaves out of a sentence's terms.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst an and another any anybody anyhow anyone anything anyway anywhere are aren around as at back be
    became because become becomes been before beforehand behind being below beside besides between beyond both but
    by can cannot could couldn did didn do does doesn doing don done down during each either else elsewhere enough
    etc even ever every everybody everyone everything everywhere except few for former formerly from further had
    hadn has hasn have haven having he hence her here hereafter hereby herein hers herself him himself his how
    however i ie if in indeed into is isn it its itself just least less ll many may me meanwhile might mine more
    moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not
    nothing now nowhere of off often on once one's only onto or other others otherwise our ours ourselves out over
    own per perhaps rather re same several shall shan she should shouldn since so some somehow someone something
    sometime sometimes somewhat somewhere still such than that the their theirs them themselves then thence there
    thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to
    together too toward towards under until up upon us ve very via was wasn we were weren what whatever when
    whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who
    whoever whole whom whose why will with within without won would wouldn yet you your yours yourself yourselves
    s t d m o y ll

    thou thee thy thine ye hath doth dost hast art wast wert shalt wilt canst couldst wouldst shouldst didst
    hadst unto thereof whereof hither thither yea nay lo oh o ah

    also let get got say says said like well
    """.split()
)

# Words that are never a name or the thing a claim counts: determiners, pronouns, auxiliaries, connectives,
# adverbs of time and degree, small number words, and the archaic interjections of older sources. Claim
# extraction (actors, counted things) reads this list; the alignment reads STOPWORDS.
FUNCTION_WORDS: frozenset[str] = frozenset("""
a an the and or but nor so yet for of in on at to by from with without within into onto upon over under about
above below after before between through during since until till than as like via per against among amid amidst
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that these
those who whom whose which what when where why how whoever whatever there here then now thus hence also too very
just only even still again ever never not no nobody none nothing neither either each every all any some many besides
much more most few fewer less least other another such same own both is are was were be been being am do does
did doing done have has had having will would shall should may might must can could cannot let lets if unless
whether while although though because once however meanwhile indeed notably instead rather perhaps yes oh
behold truly verily most certainly surely amen else already always often sometimes soon later first second
one two three four five six seven eight nine ten again back up down out off away around near far well
""".split())

UNITS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split())
}
TENS: dict[str, int] = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                        "eighty": 80, "ninety": 90}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
                          "trillion": 1_000_000_000_000}
# Abbreviated scales after a figure: "$2.3bn", "5m", "40k".
SCALE_ABBREVIATIONS: dict[str, int] = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
                                       "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000}
# Every word that can be part of a number written out ("seven thousand", "forty two"), with its value.
NUMBER_WORDS: dict[str, int] = {**UNITS, **TENS, **SCALES, "dozen": 12}
# Plural number words used vaguely: "hundreds of people", "thousands".
VAGUE_NUMBERS: dict[str, int] = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
                                 "millions": 1_000_000, "billions": 1_000_000_000}

_ORDINAL_UNITS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
ORDINAL_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ORDINAL_UNITS)}
ORDINAL_WORDS.update({"twentieth": 20, "thirtieth": 30})
for _tens, _tv in (("twenty", 20), ("thirty", 30)):
    for _w, _v in list(ORDINAL_WORDS.items())[:9]:
        if _tv + _v <= 31:
            ORDINAL_WORDS[f"{_tens}-{_w}"] = _tv + _v

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: frozenset[str] = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

IRREGULAR_PLURALS: dict[str, str] = {
    "men": "man", "women": "woman", "people": "person", "persons": "person", "children": "child",
    "loaves": "loaf", "fishes": "fish", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "policemen": "policeman", "lives": "life", "wives": "wife", "thieves": "thief", "knives": "knife",
    "leaves": "leaf", "halves": "half", "shelves": "shelf", "data": "datum", "criteria": "criterion",
}

# Past tenses and participles the stemmer cannot fold onto their verb ("rose" → "rise").
IRREGULAR_VERBS: dict[str, str] = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "won": "win", "lost": "lose",
    "grew": "grow", "grown": "grow", "sold": "sell", "bought": "buy", "began": "begin", "begun": "begin",
    "gave": "give", "given": "give", "took": "take", "taken": "take", "found": "find", "came": "come",
    "went": "go", "gone": "go", "saw": "see", "seen": "see", "made": "make", "told": "tell", "held": "hold",
    "led": "lead", "met": "meet", "paid": "pay", "sent": "send", "spent": "spend", "built": "build",
    "brought": "bring", "thought": "think", "knew": "know", "known": "know", "wrote": "write", "written": "write",
    "broke": "break", "broken": "break", "chose": "choose", "chosen": "choose", "drove": "drive", "ate": "eat",
    "fought": "fight", "forgot": "forget", "forgotten": "forget", "hid": "hide", "kept": "keep", "ran": "run",
    "shut": "shut", "struck": "strike", "stood": "stand", "threw": "throw", "thrown": "throw", "wore": "wear",
    "rang": "ring", "sang": "sing", "spoke": "speak", "spoken": "speak", "stole": "steal", "swore": "swear",
    "lent": "lend", "borrowed": "borrow", "slid": "slide", "sank": "sink", "shrank": "shrink", "beat": "beat",
}

# Nouns for people: "100,000 people" and "90,000 workers" may count the same crowd ("people" is the generic one).
PERSON_NOUNS: frozenset[str] = frozenset(
    "person people man men woman women individual worker workers striker strikers protester protesters "
    "demonstrator demonstrators resident residents citizen citizens participant participants marcher marchers "
    "employee employees voter voters".split())

# Words for an office or a job, capitalised before a name ("General Manager A.J. Smith", "Coach Andy Reid"): a
# title of the name, not a name of its own.
ROLE_TITLES: frozenset[str] = frozenset(
    "manager director coach chairman chairwoman chair secretary chief officer executive spokesman spokeswoman "
    "spokesperson governor senator congressman congresswoman representative mayor judge justice sheriff captain "
    "commander lieutenant sergeant detective inspector superintendent commissioner ambassador chancellor premier "
    "prince princess duke professor doctor coordinator editor founder ceo cfo coo chairperson vice deputy "
    "assistant attorney prosecutor agent trooper councillor councilman councilwoman "
    "treasurer administrator dean principal bishop cardinal reverend pastor".split())

# The words before a figure that say how exact it is, longest first (checked on the words right before it).
APPROX_MARKERS: tuple[tuple[str, str], ...] = (
    ("an estimated", "about"), ("close to", "about"), ("upwards of", "at least"), ("in excess of", "at least"),
    ("more than", "at least"), ("at least", "at least"), ("no fewer than", "at least"), ("no less than", "at least"),
    ("less than", "at most"), ("fewer than", "at most"), ("at most", "at most"), ("up to", "at most"),
    ("no more than", "at most"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"), ("some", "about"),
    ("nearly", "about"), ("almost", "about"), ("perhaps", "about"), ("circa", "about"), ("c.", "about"),
    ("ca.", "about"), ("approx.", "about"), ("estimated", "about"),
    ("over", "at least"), ("above", "at least"), ("under", "at most"), ("below", "at most"),
)

# Pairs of words of opposite meaning, as stems are compared: one side saying "rose" where the other says "fell"
# about the same thing is a divergence. Kept small and general (no domain words).
# Words of a change in one direction against words of the other, every one of a side the opposite of every one of
# the other ("a decrease in earnings per share" / "earnings per share … up 40.6%"), whatever their part of speech.
OPPOSITE_DIRECTIONS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset("increase rise grow gain climb jump surge soar up higher improve expand boost".split()),
     frozenset("decrease reduce decline drop fall shrink down lower slump plunge dip worsen contract".split())),
)

ANTONYM_PAIRS: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"), ("increase", "reduce"), ("increase", "decline"), ("increase", "drop"),
    ("increase", "fall"), ("rise", "fall"), ("rise", "decline"), ("rise", "drop"), ("grow", "shrink"),
    ("grow", "decline"), ("gain", "loss"), ("gain", "lose"), ("win", "lose"), ("win", "loss"), ("victory", "defeat"),
    ("accept", "reject"), ("accept", "refuse"), ("accept", "decline"), ("approve", "reject"),
    ("approve", "disapprove"), ("agree", "disagree"), ("agree", "refuse"), ("allow", "forbid"), ("allow", "ban"),
    ("allow", "prohibit"), ("permit", "forbid"), ("support", "oppose"), ("like", "dislike"), ("love", "hate"),
    ("before", "after"), ("earlier", "later"), ("first", "last"), ("begin", "end"), ("start", "end"),
    ("start", "finish"), ("start", "stop"), ("open", "close"), ("open", "shut"), ("arrive", "leave"),
    ("arrive", "depart"), ("enter", "exit"), ("buy", "sell"), ("hire", "fire"), ("high", "low"),
    ("higher", "lower"), ("more", "less"), ("more", "fewer"), ("most", "least"), ("above", "below"),
    ("up", "down"), ("over", "under"), ("strong", "weak"), ("stronger", "weaker"), ("good", "bad"),
    ("better", "worse"), ("best", "worst"), ("positive", "negative"), ("success", "failure"),
    ("succeed", "fail"), ("profit", "loss"), ("earn", "lose"), ("earnings", "losses"), ("surplus", "deficit"),
    ("rich", "poor"), ("large", "small"), ("big", "small"),
    ("larger", "smaller"), ("bigger", "smaller"), ("long", "short"), ("longer", "shorter"), ("fast", "slow"),
    ("faster", "slower"), ("early", "late"), ("new", "old"), ("young", "old"), ("easy", "difficult"),
    ("easy", "hard"), ("happy", "sad"), ("happy", "unhappy"), ("safe", "dangerous"), ("true", "false"),
    ("right", "wrong"), ("legal", "illegal"), ("possible", "impossible"), ("include", "exclude"),
    ("add", "remove"), ("join", "leave"), ("remember", "forget"), ("find", "lose"), ("push", "pull"),
    ("give", "take"), ("send", "receive"), ("lend", "borrow"), ("expand", "contract"), ("strengthen", "weaken"),
    ("raise", "lower"), ("raise", "cut"), ("boost", "cut"), ("maximum", "minimum"), ("majority", "minority"),
    ("north", "south"), ("east", "west"), ("left", "right"), ("internal", "external"), ("public", "private"),
    ("guilty", "innocent"), ("alive", "dead"), ("live", "die"),
    ("present", "absent"), ("always", "never"), ("everyone", "nobody"), ("all", "none"), ("some", "none"), ("with", "without"),
    ("cheap", "expensive"), ("heavy", "light"), ("hot", "cold"), ("wet", "dry"), ("full", "empty"),
    ("clean", "dirty"), ("attack", "defend"), ("ally", "enemy"), ("friend", "enemy"), ("peace", "war"),
    ("import", "export"), ("inflow", "outflow"), ("deposit", "withdraw"), ("upgrade", "downgrade"),
    ("outperform", "underperform"), ("beat", "miss"), ("confirm", "deny"), ("admit", "deny"),
    ("include", "omit"), ("cancel", "schedule"), ("resign", "appoint"), ("acquit", "convict"),
    # general English opposites (adjectives, adverbs, verbs and nouns of a standard antonym list)
    ("thrive", "struggle"), ("prosper", "struggle"), ("flourish", "struggle"), ("succeed", "struggle"),
    ("advanced", "basic"), ("advanced", "primitive"), ("automatic", "manual"), ("automated", "manual"),
    ("ahead", "behind"), ("ahead", "backward"), ("ahead", "backwards"), ("forward", "backward"),
    ("forwards", "backwards"), ("next", "last"), ("next", "previous"), ("future", "past"), ("inside", "outside"),
    ("indoor", "outdoor"), ("inner", "outer"), ("upper", "lower"), ("top", "bottom"),
    ("correct", "incorrect"), ("correctly", "incorrectly"), ("accurate", "inaccurate"), ("simple", "complex"),
    ("simple", "complicated"), ("easy", "complicated"), ("easily", "hardly"), ("cheap", "costly"),
    ("affordable", "expensive"), ("affordable", "costly"), ("inexpensive", "expensive"),
    ("efficient", "inefficient"), ("effective", "ineffective"), ("reliable", "unreliable"),
    ("stable", "unstable"), ("secure", "insecure"), ("healthy", "unhealthy"), ("healthy", "sick"),
    ("calm", "angry"), ("calm", "nervous"), ("pleased", "angry"), ("pleased", "disappointed"),
    ("satisfied", "dissatisfied"), ("excited", "bored"), ("exciting", "boring"), ("interesting", "boring"),
    ("polite", "rude"), ("kind", "cruel"), ("generous", "stingy"), ("honest", "dishonest"),
    ("brave", "cowardly"), ("wise", "foolish"), ("clever", "stupid"), ("smart", "stupid"),
    ("beautiful", "ugly"), ("pretty", "ugly"), ("quiet", "loud"), ("quiet", "noisy"), ("busy", "idle"),
    ("present", "past"), ("future", "past"), ("ancient", "modern"), ("old", "modern"),
    ("temporary", "permanent"), ("partial", "complete"), ("partial", "full"), ("rare", "common"),
    ("rarely", "often"), ("seldom", "often"), ("never", "often"), ("sometimes", "always"),
    ("optional", "mandatory"), ("optional", "compulsory"), ("voluntary", "mandatory"),
    ("voluntary", "compulsory"), ("required", "optional"), ("necessary", "unnecessary"),
    ("formal", "informal"), ("official", "unofficial"), ("active", "passive"), ("active", "inactive"),
    ("local", "foreign"), ("local", "global"), ("domestic", "foreign"), ("domestic", "international"),
    ("national", "international"), ("urban", "rural"), ("male", "female"), ("man", "woman"), ("men", "women"),
    ("boy", "girl"), ("husband", "wife"), ("brother", "sister"), ("father", "mother"), ("son", "daughter"),
    ("uncle", "aunt"), ("king", "queen"),
    ("buyer", "seller"), ("employer", "employee"), ("teacher", "student"), ("winner", "loser"),
    ("asset", "liability"), ("revenue", "expense"), ("income", "expense"), ("credit", "debit"),
    ("surplus", "deficit"), ("profit", "deficit"), ("earnings", "losses"), ("gain", "decline"),
    ("expansion", "contraction"), ("growth", "decline"), ("growth", "contraction"), ("improve", "worsen"),
    ("improve", "deteriorate"), ("improvement", "deterioration"), ("recovery", "recession"),
    ("strengthen", "soften"), ("accelerate", "decelerate"), ("accelerate", "slow"), ("speed", "slow"),
    ("appear", "disappear"), ("arrive", "vanish"), ("attach", "detach"), ("connect", "disconnect"),
    ("lock", "unlock"), ("load", "unload"), ("pack", "unpack"), ("cover", "uncover"), ("hide", "reveal"),
    ("hide", "show"), ("conceal", "reveal"), ("ask", "answer"), ("question", "answer"), ("teach", "learn"),
    ("borrow", "repay"), ("spend", "save"), ("waste", "save"), ("destroy", "build"),
    ("destroy", "create"), ("demolish", "build"), ("damage", "repair"), ("break", "fix"), ("break", "repair"),
    ("punish", "reward"), ("praise", "criticize"), ("praise", "blame"), ("praise", "condemn"),
    ("welcome", "reject"), ("encourage", "discourage"), ("help", "hinder"), ("help", "harm"),
    ("protect", "attack"), ("protect", "harm"), ("defend", "accuse"), ("obey", "disobey"),
    ("trust", "distrust"), ("believe", "doubt"), ("certain", "uncertain"), ("sure", "unsure"),
    ("known", "unknown"), ("familiar", "unfamiliar"), ("visible", "invisible"), ("likely", "unlikely"),
    ("willing", "unwilling"), ("able", "unable"), ("capable", "incapable"), ("employed", "unemployed"),
    ("married", "single"), ("marry", "divorce"), ("born", "died"), ("birth", "death"), ("wake", "sleep"),
    ("awake", "asleep"), ("sink", "float"), ("rescue", "abandon"), ("keep", "abandon"),
    ("continue", "stop"), ("continue", "discontinue"), ("resume", "suspend"), ("launch", "cancel"),
    ("launch", "close"), ("release", "arrest"), ("release", "detain"), ("release", "capture"),
    ("free", "captive"), ("innocent", "convicted"), ("arrest", "acquit"), ("win", "fail"), ("pass", "fail"),
    ("victory", "loss"), ("triumph", "defeat"), ("success", "struggle"),
    ("successful", "unsuccessful"), ("successful", "failed"),
    ("profitable", "unprofitable"), ("positive", "negative"), ("optimistic", "pessimistic"),
    ("optimism", "pessimism"), ("hope", "despair"), ("joy", "sorrow"), ("love", "hatred"),
    ("admire", "despise"), ("admiration", "contempt"), ("enjoy", "hate"),
    ("comfortable", "uncomfortable"), ("fair", "unfair"), ("lucky", "unlucky"),
    ("fortunate", "unfortunate"), ("wealthy", "poor"),
    ("thick", "thin"), ("wide", "narrow"), ("broad", "narrow"), ("deep", "shallow"), ("tall", "short"),
    ("huge", "tiny"), ("major", "minor"), ("significant", "insignificant"), ("significant", "negligible"),
    ("considerable", "negligible"), ("substantial", "negligible"), ("sharp", "modest"), ("steep", "modest"),
    ("maximize", "minimize"), ("maximise", "minimise"), ("exceed", "miss"), ("above", "beneath"),
    ("sunny", "rainy"), ("warm", "cool"), ("warmer", "colder"), ("summer", "winter"), ("day", "night"),
    ("morning", "evening"), ("dawn", "dusk"), ("sunrise", "sunset"), ("yesterday", "tomorrow"),
    ("first", "final"), ("initial", "final"), ("beginning", "end"), ("entrance", "exit"),
    ("input", "output"), ("supply", "demand"), ("give", "receive"),
    ("sell", "purchase"), ("pay", "charge"), ("offer", "refuse"), ("offer", "withdraw"),
)

# Closed classes whose members exclude one another when they say the same thing (a colour is not another
# colour, a quarter of the year not another): one side's member where the other gives another member, about
# the same thing, is a divergence like an antonym. Members both sides use are never compared (see support).
INCOMPATIBLE_SETS: tuple[frozenset[str], ...] = (
    frozenset("red orange yellow green blue purple violet pink brown black white grey gray gold silver".split()),
    frozenset("spring summer autumn fall winter".split()),
    frozenset("breakfast lunch dinner supper".split()),
    frozenset("daily weekly monthly quarterly annually yearly".split()),
    frozenset("hour day week month year decade century".split()),
    frozenset("hourly daily weekly monthly annual".split()),
    frozenset("thousand million billion trillion".split()),
    frozenset("gold silver bronze".split()),
    # kinds of one thing, each excluding the others (sister terms; no synonym, hypernym or informal form of a
    # member is in its class: "mother" but not "mum", "doctor" but not "surgeon", "flu" but not "influenza"),
    # and no word whose stem is also a common verb or another word's ("train", "ship", "storm", "engineer" /
    # "engine", "photographer" / "photograph")
    frozenset("butter margarine ghee cheese milk cream yogurt yoghurt egg".split()),
    frozenset("beef pork lamb mutton veal chicken ham bacon sausage salmon tuna cod shrimp".split()),
    frozenset("apple banana orange grape pear peach cherry strawberry lemon lime mango pineapple plum melon "
              "watermelon apricot raspberry blueberry".split()),
    frozenset("potato carrot tomato onion garlic lettuce cabbage broccoli spinach cucumber pea bean mushroom "
              "cauliflower celery".split()),
    frozenset("bread rice pasta noodles cereal cake cookie biscuit pie pizza sandwich burger soup salad "
              "pancake".split()),
    frozenset("coffee tea juice beer wine soda lemonade whisky whiskey vodka champagne cocktail cider".split()),
    frozenset("doctor nurse teacher lawyer chef waiter waitress farmer soldier firefighter dentist pharmacist "
              "architect journalist plumber electrician carpenter lifeguard masseuse hairdresser "
              "barber cashier librarian dancer".split()),
    frozenset("mother father sister brother son daughter aunt uncle cousin grandmother grandfather niece nephew "
              "wife husband".split()),
    frozenset("flu cancer diabetes tuberculosis malaria measles cholera pneumonia asthma hepatitis rsv covid "
              "ebola polio mumps smallpox dengue zika hiv".split()),
    frozenset("murder manslaughter robbery theft burglary assault fraud arson kidnapping rape".split()),
    frozenset("dog cat horse cow pig sheep goat rabbit lion tiger wolf fox deer elephant monkey snake".split()),
    frozenset("car bus truck bicycle motorcycle plane boat taxi tram helicopter van".split()),
    frozenset("school hospital church office hotel restaurant museum library airport prison stadium theatre "
              "theater cinema factory supermarket pharmacy mosque temple".split()),
    frozenset("beach cliff clifftop hilltop mountain hill river lake sea ocean forest valley island".split()),
    frozenset("fridge pantry cupboard freezer oven".split()),
    frozenset("rain snow fog sunshine thunderstorm".split()),
    frozenset("football tennis golf basketball baseball cricket hockey rugby volleyball".split()),
    frozenset("piano guitar violin flute cello saxophone".split()),
    frozenset("iron copper aluminium tin zinc nickel".split()),
)

# Negation cues that work as whole words (clause-level negation): "not", "never", "no", "n't" ...
NEGATION_WORDS: frozenset[str] = frozenset("not never no nobody none nothing neither nor without cannot "
                                           "hardly barely scarcely".split())
# Hedges: the writer does not commit ("may", "reportedly", "possibly").
HEDGE_WORDS: frozenset[str] = frozenset("may might could possibly perhaps probably likely unlikely reportedly "
                                        "allegedly apparently seemingly supposedly maybe presumably".split())
# Verbs of saying/reporting: the sentence reports someone else's statement.
REPORT_VERBS: frozenset[str] = frozenset(
    "say said says stated states told tells claimed claims reported reports announced announces according "
    "added adds noted notes explained explains argued argues insisted insists suggested suggests warned warns "
    "believes believed thinks thought alleged alleges wrote writes".split())


# --- tokens and stems ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?|[^\W\d_]+(?:['’`][^\W\d_]+)*", re.UNICODE)
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)$")


class Token(NamedTuple):
    """A word or number of a text, with its offsets (end exclusive) into the string it came from. Immutable; a
    named tuple rather than a frozen dataclass because documents have hundreds of thousands of tokens and a tuple
    is made three times faster."""

    text: str
    start: int
    end: int
    lower: str
    stem: str
    content: bool  # not a stopword and not a bare number (numbers are kept as numeric terms instead)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # type: ignore[import-untyped]  # pure Python, ~20 ms; imported on first use only

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) English stem of a word, lower-cased first; cached, since texts repeat their words."""
    return str(_stemmer().stemWord(word.lower()))


@lru_cache(maxsize=200_000)
def lemma_stem(word: str) -> str:
    """The stem with English irregular plurals and past tenses folded first ("men" → "man", "rose" → "rise")."""
    w = word.lower().replace("’", "'")
    return stem(IRREGULAR_PLURALS.get(w) or IRREGULAR_VERBS.get(w) or w)


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[str, str, str, bool]:
    """(the word, lower-case form, stem, is a content word) of a word; cached, since texts repeat their words.

    The word returned is the cached copy, so every token of the same word shares one string (a document's
    tokens are kept per sentence, and a fresh string per token was a fifth of their memory)."""
    lower = word.lower().replace("’", "'").replace("`", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower[0].isdigit():
        return word, lower, lower, False
    is_content = len(lower) > 1 and lower not in STOPWORDS and lower not in NUMBER_WORDS
    return word, lower, stem(lower) if is_content else lower, is_content


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words and numbers of *text* with offsets (shifted by *offset*); stems and stopword flags computed here."""
    out: list[Token] = []
    append, make, word_info = out.append, tuple.__new__, _word
    for m in _TOKEN.finditer(text):
        word, lower, word_stem, content = word_info(m.group())
        start = m.start() + offset
        append(make(Token, (word, start, start + len(word), lower, word_stem, content)))
    return out


WordInfo = tuple[str, str, str, bool]   # (word, lower-case form, stem, is a content word): a Token less its offsets
# word -> its WordInfo (what _word gives), read by tokenize_packed before the lru_cache: a dict lookup is cheaper
# than a call, and documents repeat their words (emptied when it holds more than WORD_CACHE_SIZE words)
_WORDS: dict[str, WordInfo] = {}


def tokenize_packed(text: str, offset: int = 0) -> tuple[tuple[WordInfo, ...], array[int]]:
    """The tokens of *text* packed for keeping: each word's shared (cached) description and its start offset, so a
    sentence's tokens cost two machine words each instead of a tuple each; :func:`unpack_tokens` remakes them."""
    known = _WORDS
    if len(known) > WORD_CACHE_SIZE:
        known.clear()
    infos: list[WordInfo] = []
    starts: list[int] = []
    add_info, add_start, word_info, get = infos.append, starts.append, _word, known.get
    for m in _TOKEN.finditer(text):
        w = m.group()
        info = get(w)
        if info is None:
            info = known[w] = word_info(w)
        add_info(info)
        add_start(m.start())
    if offset:
        starts = [x + offset for x in starts]
    return tuple(infos), array("q", starts)


def unpack_tokens(infos: tuple[WordInfo, ...], starts: array[int]) -> tuple[Token, ...]:
    """The tokens packed by :func:`tokenize_packed`, equal to what :func:`tokenize` gives for the same text."""
    make = tuple.__new__
    return tuple([make(Token, (w, s, s + len(w), low, st, c)) for (w, low, st, c), s in zip(infos, starts)])


def content_stems(text: str) -> list[str]:
    """Stems of the content words of *text*, in order (repeats kept)."""
    return [t.stem for t in tokenize(text) if t.content]


def _antonym_index(directions: bool = True) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    pairs = list(ANTONYM_PAIRS)
    if directions:
        pairs += [(x, y) for ups, downs in OPPOSITE_DIRECTIONS for x in ups for y in downs]
    for x, y in pairs:
        sx, sy = stem(x), stem(y)
        index.setdefault(sx, set()).add(sy)
        index.setdefault(sy, set()).add(sx)
    return {k: frozenset(v) for k, v in index.items()}


def _class_index(groups: Any) -> dict[str, frozenset[str]]:
    """Stem → stems of the other members of each group of words it belongs to."""
    index: dict[str, set[str]] = {}
    for group in groups:
        stems = {stem(w) for w in group}
        for st in stems:
            index.setdefault(st, set()).update(stems - {st})
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _incompatible_index() -> dict[str, frozenset[str]]:
    return _class_index(INCOMPATIBLE_SETS)


def incompatibles(word_stem: str) -> frozenset[str]:
    """Stems of the other members of the closed classes a stem belongs to ("blue" → "yellow", "white" ...)."""
    return _incompatible_index().get(word_stem, frozenset())


@lru_cache(maxsize=2)
def antonym_index(directions: bool = True) -> dict[str, frozenset[str]]:
    """Stem → stems of its antonyms (from :data:`ANTONYM_PAIRS`, and :data:`OPPOSITE_DIRECTIONS` unless
    ``directions`` is false)."""
    return _antonym_index(directions)


@lru_cache(maxsize=1)
def _direction_index() -> dict[str, frozenset[str]]:
    return _class_index(side for pair in OPPOSITE_DIRECTIONS for side in pair)


def same_direction(word_stem: str) -> frozenset[str]:
    """Stems of the other words of a change in the same direction ("lower" → {"fall", "reduc", "declin", ...})."""
    return _direction_index().get(word_stem, frozenset())


def antonyms(word_stem: str, directions: bool = True) -> frozenset[str]:
    """Stems of the antonyms of a stem ("rise" → {"fall", "declin", "drop", "down", ...}); only the paired ones
    of :data:`ANTONYM_PAIRS` when ``directions`` is false ("rise" → {"fall", "declin", "drop"})."""
    return antonym_index(directions).get(word_stem, frozenset())


# --- numbers ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A figure as written: offsets (end exclusive), its value, how exact, and its unit."""

    start: int
    end: int
    text: str
    value: float
    approx: str      # "exact" | "about" | "at least" | "at most" | "vague"
    unit: str        # "" | "%" | a currency sign ("$", "£", "€") | "times"
    words: bool      # written in words ("twenty one") rather than figures


# A figure: "90,000", "1.5", "2,300.75", "17", ".5" (no leading zero: ".38 calibre", "$.99"), optionally a currency
# sign before it.
_FIGURE = re.compile(r"(?P<cur>[$£€¥])?\s?(?P<num>(?<![\w.,:])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,:])\d+(?:\.\d+)?|"
                     r"(?<![\w.,:])\.\d+)(?![\d]|:\d)")  # not a clock reading ("3:37 PM", "14:05 left")
_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b|pct\b)", re.I)
_SCALE_AFTER = re.compile(r"[ \t\u00a0-]?(?P<scale>hundred|thousand|million|billion|trillion)\b|"
                          r"(?P<abbr>k|m|mn|mln|bn|b|tn)\b", re.I)
_WORD_NUMBER = re.compile(
    r"\b(?:a\s+|an\s+)?(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:(?:[\s\-]+|\s+and\s+)(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"))*\b", re.I)
_VAGUE = re.compile(r"\b(?P<w>tens|dozens|scores|hundreds|thousands|millions|billions)"
                    r"(?:\s+of\s+(?P<w2>thousands|millions|billions))?\b", re.I)
_TIMES = re.compile(r"\b(?:twice|thrice)\b", re.I)


def parse_word_number(phrase: str) -> float | None:
    """The value of a number written in words: "twenty one" = 21, "thirty-one" = 31, "seven thousand" = 7000,
    "one hundred and five" = 105, "a million" = 1,000,000, "two dozen" = 24. None if a word is not a number."""
    total, current = 0.0, 0.0
    seen = False
    for w in re.split(r"[\s\-]+", phrase.lower()):
        if w in ("and", "") or w in ("a", "an") and not seen:
            continue
        seen = True
        if w in UNITS or w in TENS:
            current += UNITS.get(w, 0) + TENS.get(w, 0)
        elif w == "dozen":
            current = max(current, 1.0) * 12
        elif w in SCALES:
            current = max(current, 1.0) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0.0
        else:
            return None
    return total + current if seen else None


def approx_marker(text: str, start: int) -> str:
    """How exact the figure starting at *start* is, from the words right before it (:data:`APPROX_MARKERS`)."""
    before = text[max(0, start - 24):start].lower().rstrip()
    before = re.sub(r"[$£€¥]$", "", before).rstrip()
    for marker, kind in APPROX_MARKERS:
        if before.endswith(marker) and (len(before) == len(marker) or not before[-len(marker) - 1].isalnum()):
            return kind
    return "exact"


_DIGIT = re.compile(r"\d")
_WORD_RUN = re.compile(r"\w+")
# Characters that a case-insensitive regex equates with an ASCII letter although str.lower() does not map them to
# it (dotted and dotless i, long s): where one occurs, a lower-cased word list cannot rule a match out.
_IRREGULAR_CASE = re.compile("[\u0130\u0131\u017f]")
_NUMBER_WORDS_ALL = frozenset(NUMBER_WORDS) | frozenset(VAGUE_NUMBERS) | {"twice", "thrice"}


def _may_have_number_words(text: str) -> bool:
    """False only when none of the words of *text* is a number word, a vague plural or "twice"/"thrice", so the
    patterns for figures in words cannot match (each of their words is a whole word of the text)."""
    if _IRREGULAR_CASE.search(text):
        return True
    return not _NUMBER_WORDS_ALL.isdisjoint(w.lower() for w in _WORD_RUN.findall(text))


def find_numbers(text: str, *, lone_one: bool = False) -> list[NumberSpan]:
    """Every figure of *text*, left to right, each once: digits (with a scale word or abbreviation after them,
    a percent sign or word, a currency sign before), numbers in words, "twice"/"thrice", and vague plurals
    ("hundreds", "tens of thousands"). ``lone_one``: keep a bare "one" (mostly a pronoun: "no one", "the one
    who"), left out by default. Years and days are figures too here; dates.py tells them apart."""
    out: list[NumberSpan] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    def add(s: int, e: int, value: float, unit: str, approx: str, words: bool) -> None:
        if free(s, e):
            taken.append((s, e))
            out.append(NumberSpan(s, e, text[s:e], value, approx, unit, words))

    has_digits = _DIGIT.search(text) is not None
    if not has_digits and not _may_have_number_words(text):
        return out
    for m in (_FIGURE.finditer(text) if has_digits else ()):
        s, e = m.start("num"), m.end("num")
        cur = m.group("cur")
        if cur:
            s = m.start("cur")
        value = float(m.group("num").replace(",", ""))
        unit = cur or ""
        sm = _SCALE_AFTER.match(text, e)
        if sm and (sm.group("scale") or not text[e:e + 1].isspace() and sm.group("abbr")):
            scale = sm.group("scale") or sm.group("abbr")
            value *= SCALES.get(scale.lower(), SCALE_ABBREVIATIONS.get(scale.lower(), 1))
            e = sm.end()
        pm = _PERCENT.match(text, e)
        if pm and not unit:
            unit, e = "%", pm.end()
        add(s, e, value, unit, approx_marker(text, s), False)
    for m in _VAGUE.finditer(text):
        value = float(VAGUE_NUMBERS[m.group("w").lower()])
        if m.group("w2"):
            value *= VAGUE_NUMBERS[m.group("w2").lower()]
        add(m.start(), m.end(), value, "", "vague", True)
    for m in _WORD_NUMBER.finditer(text):
        phrase = m.group()
        low = phrase.lower()
        if not lone_one and low in ("one", "a one", "an one"):
            continue
        if low in ("a", "an") or re.fullmatch(r"(?:a|an)\s+\w+", low) and low.split()[1] in UNITS:
            continue
        parsed = parse_word_number(phrase)
        if parsed is None:
            continue
        s = m.start()
        if low.startswith(("a ", "an ")) and low.split()[1] not in SCALES and low.split()[1] != "dozen":
            s += len(low.split()[0]) + 1
        add(s, m.end(), parsed, "", approx_marker(text, s), True)
    for m in _TIMES.finditer(text):
        add(m.start(), m.end(), 2.0 if m.group().lower() == "twice" else 3.0, "times", "exact", True)
    out.sort(key=lambda n: n.start)
    return out


def number_value(word: str) -> float | None:
    """The value of one token that is a figure ("90,000", "3rd", "1.5") or a number word ("seven")."""
    low = word.lower()
    m = _ORDINAL_DIGITS.match(low)
    if m:
        low = m.group(1)
    if low and low[0].isdigit():
        try:
            return float(low.replace(",", ""))
        except ValueError:
            return None
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    return None


def within_tolerance(a: float, b: float, approx_a: str = "exact", approx_b: str = "exact") -> bool:
    """Whether two figures can be the same quantity, each read with its marker (see :func:`interval`):
    "about 100,000" covers 95,000–105,000, so it conflicts with "90,000"; "1.5 million" equals "1,500,000";
    "more than 100" covers anything from 100 up."""
    lo1, hi1 = interval(a, approx_a)
    lo2, hi2 = interval(b, approx_b)
    return not (hi1 < lo2 or hi2 < lo1)



def interval(value: float, approx: str) -> tuple[float, float]:
    """The range of values a figure written with a marker allows (see the tolerances above)."""
    if approx == "about":
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    if approx == "at least":
        return value, float("inf")
    if approx == "at most":
        return 0.0, value
    if approx == "vague":
        return value, value * VAGUE_SPAN
    return value * (1 - ROUNDING_TOLERANCE), value * (1 + ROUNDING_TOLERANCE)
