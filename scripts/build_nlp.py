"""Rebuild data/nlp/ from spaCy (PyPI spacy 3.8.18) and spacy-lookups-data 1.0.5 (both MIT).

- ``lemmas_en.json``, ``lemmas_fr.json``: the part of spaCy's English and French lemma lookup tables whose
  lemma is a word the extractor looks for (geo/parse/lexicon.py): every inflected form -> its lemma
  ("overran" -> "overrun", "tués" -> "tuer"). Keeping only these makes loading instant.
- ``fr_tokenizer.json``: spaCy's French prefix, suffix and infix rules (elision: "l'autorité" -> "l'" +
  "autorité"), so the extractor builds a French tokenizer without importing spaCy's 1.8-second list of
  French exceptions.

Run: python scripts/build_nlp.py   (needs: pip install spacy==3.8.18 spacy-lookups-data==1.0.5)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.manifest import record_file  # noqa: E402
from geo.parse.lexicon import all_lemmas  # noqa: E402

OUT = ROOT / "data" / "nlp"


def main() -> None:
    import spacy_lookups_data
    import srsly
    from spacy.lang.fr.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    OUT.mkdir(parents=True, exist_ok=True)
    wanted = all_lemmas()
    for lang in ("en", "fr"):
        raw = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
        table = srsly.read_gzip_json(raw)  # form -> lemma (French: sometimes a list of lemmas)
        subset = {}
        for form, lemma in table.items():  # some French forms list several lemmas: keep the first we look for
            lemma = next((w for w in lemma if w in wanted), None) if isinstance(lemma, list) else lemma
            if lemma in wanted and form != lemma:
                subset[form] = lemma
        path = OUT / f"lemmas_{lang}.json"
        path.write_text(json.dumps(dict(sorted(subset.items())), ensure_ascii=False, indent=0) + "\n",
                        encoding="utf-8")
        record_file(f"nlp/lemmas_{lang}.json")
        print(f"wrote {path} ({len(subset)} forms)")
    rules = {
        "prefix": compile_prefix_regex(TOKENIZER_PREFIXES).pattern,
        "suffix": compile_suffix_regex(TOKENIZER_SUFFIXES).pattern,
        "infix": compile_infix_regex(TOKENIZER_INFIXES).pattern,
    }
    path = OUT / "fr_tokenizer.json"
    path.write_text(json.dumps(rules, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    record_file("nlp/fr_tokenizer.json")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
