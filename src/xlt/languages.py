"""The language registry: one place that turns any code a user or a benchmark writes into xlt's code.

Codes come from the IANA language subtag registry shipped with `language-data` (every ISO 639-1
and 639-3 code), names and likely scripts from CLDR through `langcodes`, families and typological
similarities from URIEL through `lang2vec`. xlt's canonical code is the shortest ISO code
(639-1 where one exists, else 639-3), which is what `langcodes` standardizes to.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from pathlib import Path

import langcodes
import numpy as np

# Codes that benchmarks write but that are not ISO 639 codes of the language they mean.
BENCHMARK_ALIASES = {
    "jp": "ja",  # XWinograd
    "cn": "zh",
    "zh-cn": "zh",
    "zh-tw": "zh",
    "zh_cn": "zh",
    "gr": "el",
    "dk": "da",
    "se": "sv",  # only where a benchmark means Swedish; `se` is also Northern Sami
    "ua": "uk",
    "vn": "vi",
    "kr": "ko",
}

# The micro world's resource profile: how much pretraining text each of its
# 18 languages gets. Studies can override it; other languages have no known level.
MICRO_RESOURCE = {
    **{c: "high" for c in ("en", "es", "fr", "de", "ru", "zh", "ja")},
    **{c: "mid" for c in ("it", "pt", "cs", "ar", "ko", "tr")},
    **{c: "low" for c in ("et", "fi", "he", "hi", "sw")},
}

# The six similarity kinds of Lucky 52 (Table 1), as URIEL feature sets; cosine distance between
# two languages' vectors of one kind, as URIEL's distances are defined.
SIMILARITY_FEATURES = {
    "syntactic": "syntax_knn",
    "geographic": "geo",
    "phonological": "phonology_knn",
    "genetic": "fam",
    "inventory": "inventory_knn",
    "featural": "syntax_knn+phonology_knn+inventory_knn",
}


class UnknownLanguage(ValueError):
    """A code that is not in the registry."""


@dataclass(frozen=True)
class Language:
    code: str  # canonical: ISO 639-1 where one exists, else ISO 639-3
    alpha3: str
    name: str
    script: str | None  # ISO 15924 likely script, e.g. Latn, Cyrl, Hans
    family: str | None  # top-level family from URIEL, e.g. Indo-European
    resource: str | None  # high / mid / low where known


@dataclass(frozen=True)
class Typology:
    """What a synthetic language of the micro world's typology ladder changes in English, one factor each."""

    base: str  # the language it is derived from
    transforms: tuple[str, ...]
    script: str  # ISO 15924
    word_order: str  # "SVO" (English's) or "reversed" (every sentence's words in reverse)
    morphology: str  # "analytic" (English's) or "agglutinative" (function words as suffixes)
    lexicon: str  # "shared" (English's words) or "relexified" (made-up words; names and digits kept)

    @property
    def distance(self) -> int:
        """How many factors differ from the base language (0-4): the ladder's rung."""
        return len(self.transforms)


def _typology(transforms: tuple[str, ...]) -> Typology:
    return Typology(
        base="en",
        transforms=transforms,
        script="Geor" if "script" in transforms else "Latn",
        word_order="reversed" if "order" in transforms else "SVO",
        morphology="agglutinative" if "agglutinative" in transforms else "analytic",
        lexicon="relexified" if "relex" in transforms else "shared",
    )


@functools.cache
def _synthetic() -> dict[str, tuple[Language, Typology]]:
    """The typology ladder (xlt.corpus.micro.typology) under ISO 639's private-use codes qaa-qtz."""
    from xlt.corpus.micro.typology import LADDER, name

    return {
        code: (Language(code, code, name(code), _typology(t).script, "Synthetic", None), _typology(t))
        for code, t in LADDER.items()
    }


def synthetic_codes() -> tuple[str, ...]:
    return tuple(_synthetic())


def typology(code: str) -> Typology | None:
    """The typology entry of a synthetic language (None for a natural one)."""
    entry = _synthetic().get(str(code).strip().lower())
    return entry[1] if entry else None


@functools.cache
def _registry_codes() -> tuple[str, ...]:
    """Every non-deprecated language subtag in the IANA registry that names a language: not private-use, and
    not the special-purpose mis / mul / und / zxx (uncoded, multiple, undetermined, no linguistic content)."""
    import language_data

    path = Path(language_data.__file__).parent / "data" / "language-subtag-registry.txt"
    codes, record = [], {}
    for line in path.read_text(encoding="utf-8").splitlines() + ["%%"]:
        if line == "%%":
            if (
                record.get("Type") == "language"
                and "Deprecated" not in record
                and record.get("Scope") not in ("private-use", "special")
                and ".." not in record.get("Subtag", "..")
            ):
                codes.append(record["Subtag"])
            record = {}
        elif ":" in line and not line.startswith(" "):
            key, _, value = line.partition(":")
            record.setdefault(key.strip(), value.strip())
    return tuple(sorted(set(codes)))


@functools.cache
def _valid_codes() -> frozenset[str]:
    return frozenset(_registry_codes())


from langcodes.data_dicts import LANGUAGE_ALPHA3 as _ALPHA1_TO_3
from langcodes.data_dicts import NORMALIZED_MACROLANGUAGES as _CLDR_MACRO

_ALPHA3_TO_1 = {v: k for k, v in _ALPHA1_TO_3.items()}

# The individual language a macrolanguage code stands for, written as the macrolanguage: corpora and
# benchmarks write cmn, arb, swh, zsm (Aya, FLORES) where studies write zh, ar, sw, ms, and lingua
# answers nb/nn where a study says no. CLDR's table names the dominant member only (yue, ary,
# azb stay their own languages); ISO 639-1 codes in it (tw, bh) are kept as ISO writes them. Where a
# macrolanguage has several members here, the one it stands for comes first (Bokmål for Norwegian).
MACROLANGUAGE_OF = {
    **{member: macro for member, macro in _CLDR_MACRO.items() if len(member) == 3},
    "nb": "no",  # Norwegian Bokmål: lingua's `nb`
    "nn": "no",  # Norwegian Nynorsk: lingua's `nn`
    "pbt": "ps",  # Southern Pashto: FLORES-200 and NLLB's Pashto (CLDR names Northern, pbu)
}


def normalize(code: str) -> str:
    """The canonical code for `code`, or UnknownLanguage naming it: one code per language, so the
    member a macrolanguage stands for (cmn, nb) is written as the macrolanguage (zh, no)."""
    lang = registry_code(code)
    return MACROLANGUAGE_OF.get(lang, lang)


def members(code: str) -> tuple[str, ...]:
    """The individual languages (registry codes) that xlt writes as `code`, the one it stands for first."""
    return tuple(m for m, macro in MACROLANGUAGE_OF.items() if macro == code)


def alpha3_spellings(code: str) -> tuple[str, ...]:
    """The ISO 639-3 codes datasets may write for xlt's `code`: its own, then its members' (FLORES-200
    and Belebele write est and zho, but arb, nob, swh)."""
    canonical = normalize(code)
    try:  # not get(code).alpha3: the registry entry also looks up the family in URIEL (seconds, once)
        own = langcodes.get(canonical).to_alpha3()
    except LookupError:
        own = canonical
    return (own, *(_ALPHA1_TO_3.get(m, m) for m in members(canonical) if _ALPHA1_TO_3.get(m, m) != own))


def variety_rank(raw: str, code: str) -> tuple[int, int]:
    """How well a dataset's code with an optional script (nob_Latn, zho_Hant, npi_Deva) stands for xlt's
    `code`, lower first: the registry's script, then the language itself or the member the code stands
    for (Bokmål for Norwegian) before its other members. Picks one of several files or tokens."""
    lang, _, script = raw.replace("-", "_").partition("_")
    script_rank = 0 if len(script) != 4 or script.title() == get(code).script else 1
    try:
        own = registry_code(lang)
    except UnknownLanguage:
        return script_rank, 0
    ranked = members(code)
    return script_rank, ranked.index(own) if own in ranked else 0


def registry_code(code: str) -> str:
    """The registry's own code for a spelling: ISO 639-1 where one exists, else ISO 639-3."""
    raw = str(code).strip()
    key = raw.lower()
    if key in _synthetic():
        return key
    key = BENCHMARK_ALIASES.get(key, key)
    # A current ISO 639-1 code, or the 639-2 code of one, is kept as ISO writes it: langcodes would
    # replace some by CLDR's preferred tag (tl -> fil), which is not the code corpora and papers use.
    key = _ALPHA3_TO_1.get(key, key)
    if len(key) == 2 and key in _valid_codes():
        return key
    try:
        tag = langcodes.get(key.replace("_", "-"))
    except (langcodes.LanguageTagError, ValueError):
        raise UnknownLanguage(f"unknown language code {raw!r} (expected an ISO 639-1/639-3 code, e.g. 'es' or 'spa')") from None
    lang = tag.language
    if lang not in _valid_codes() or tag.territory or tag.variants:
        # `langcodes.get` accepts regional tags; xlt's languages are bare codes.
        if lang in _valid_codes() and (tag.territory or tag.script):
            return lang
        raise UnknownLanguage(f"unknown language code {raw!r} (expected an ISO 639-1/639-3 code, e.g. 'es' or 'spa')")
    return lang


def is_known(code: str) -> bool:
    try:
        normalize(code)
        return True
    except UnknownLanguage:
        return False


@functools.cache
def get(code: str) -> Language:
    """The registry entry for a code (any accepted spelling)."""
    canonical = normalize(code)
    if canonical in _synthetic():
        return _synthetic()[canonical][0]
    tag = langcodes.get(canonical)
    try:
        alpha3 = tag.to_alpha3()
    except LookupError:
        alpha3 = canonical
    script = tag.maximize().script
    return Language(
        code=canonical,
        alpha3=alpha3,
        name=tag.display_name(),
        script=script,
        family=family_of(alpha3),
        resource=MICRO_RESOURCE.get(canonical),
    )


def all_codes() -> tuple[str, ...]:
    """Every language code in the registry."""
    return _registry_codes()


# --- URIEL (lang2vec): families and typological similarity -------------------------------------


@functools.cache
def _l2v():
    """lang2vec's module. Its wheel also installs a `lang2vec.py` script into the environment's bin/,
    which shadows the package when a console script (`xlt`) runs with bin/ first on sys.path."""
    import os
    import sys
    import sysconfig

    scripts = os.path.realpath(sysconfig.get_path("scripts"))
    saved = list(sys.path)
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != scripts]
    if getattr(sys.modules.get("lang2vec"), "__path__", None) is None:
        sys.modules.pop("lang2vec", None)  # the shadowing script, not the package
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lang2vec imports the deprecated pkg_resources
            import lang2vec.lang2vec as l2v
    finally:
        sys.path[:] = saved
    return l2v


@functools.cache
def uriel_code(alpha3: str) -> str | None:
    """The URIEL code for an ISO 639-3 code: macrolanguages (zho, ara, swa) map to the individual
    language CLDR treats as their default (cmn, arb, swh)."""
    from langcodes.data_dicts import NORMALIZED_MACROLANGUAGES

    uriel = _l2v().URIEL_LANGUAGES
    if alpha3 in uriel:
        return alpha3
    macro = langcodes.get(alpha3).language
    for individual, target in sorted(NORMALIZED_MACROLANGUAGES.items()):
        if target == macro and individual in uriel:
            return individual
    return None


@functools.cache
def _family_table() -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    """URIEL's family features: how many languages each covers, and each language's lineage."""
    l2v = _l2v()
    with np.load(Path(l2v.__file__).parent / "data" / "family_features.npz") as db:
        feats = [str(f) for f in db["feats"]]
        langs = [str(x) for x in db["langs"]]
        data = db["data"][:, :, 0] == 1
    sizes = dict(zip(feats, data.sum(axis=0).tolist()))
    lineages = {lang: tuple(feats[j] for j in np.flatnonzero(row)) for lang, row in zip(langs, data)}
    return sizes, lineages


def family_of(alpha3: str) -> str | None:
    """The top-level language family URIEL records for a language (the largest of its lineage)."""
    code = uriel_code(alpha3)
    if code is None:
        return None
    sizes, lineages = _family_table()
    lineage = lineages.get(code, ())
    if not lineage:
        return None
    root = max(lineage, key=lambda n: (sizes[n], n))
    return root.removeprefix("F_").replace("_", " ")


@functools.cache
def _uriel_vectors(codes: tuple[str, ...], feature_set: str) -> dict[str, np.ndarray]:
    """One lang2vec call for a whole set of languages (each call reloads URIEL's files)."""
    present = [c for c in codes if c is not None]
    if not present:
        return {}
    feats = _l2v().get_features(list(present), feature_set)
    return {c: np.array([np.nan if x == "--" else float(x) for x in feats[c]], dtype=float) for c in present}


def _cosine(x: np.ndarray, y: np.ndarray) -> float:
    mask = ~(np.isnan(x) | np.isnan(y))
    x, y = x[mask], y[mask]
    nx, ny = np.linalg.norm(x), np.linalg.norm(y)
    if nx == 0 or ny == 0:
        return 0.0
    return float(np.dot(x, y) / (nx * ny))


def similarity_matrix(codes: list[str], kind: str) -> np.ndarray:
    """URIEL similarity (1 − cosine distance) between every pair of `codes` for one kind.

    NaN where URIEL lacks a language. The lang2vec wheel ships URIEL's feature vectors but not the
    `distance()` of its repository; URIEL defines its distances as cosine distances between these
    vectors of one kind, which is what this computes (the union of the three kNN sets for featural).
    """
    if kind not in SIMILARITY_FEATURES:
        raise ValueError(f"unknown similarity kind {kind!r}; expected one of {sorted(SIMILARITY_FEATURES)}")
    uriel = [uriel_code(get(c).alpha3) for c in codes]
    vectors = _uriel_vectors(tuple(sorted({u for u in uriel if u})), SIMILARITY_FEATURES[kind])
    out = np.full((len(codes), len(codes)), np.nan)
    for i, a in enumerate(uriel):
        for j, b in enumerate(uriel):
            if a in vectors and b in vectors:
                out[i, j] = _cosine(vectors[a], vectors[b])
    return out


def similarity(a: str, b: str, kind: str) -> float:
    """URIEL similarity between two languages for one of SIMILARITY_FEATURES (see similarity_matrix)."""
    return float(similarity_matrix([a, b], kind)[0, 1])
