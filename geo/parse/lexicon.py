"""The words events are recognised by, as lemmas (spaCy's English and French lookup tables), by kind.

A trigger is a lemma (or a lemma followed by a particle: "take over", "swear in", "prendre le contrôle");
each kind maps onto an ACLED event type and sub-event type and one of our categories. Casualty words,
speech verbs, claims, negation and modality words are listed here too, so that the lemma tables built
by scripts/build_nlp.py cover every word the extractor looks at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Kind:
    name: str
    event_type: str
    sub_event_type: str
    category: str
    ia_status: str = ""
    priority: int = 0  # when one clause holds several triggers, the highest describes the occurrence


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("install", "Strategic developments", "Other", "political", "installed", 9),
    Kind("block", "Strategic developments", "Other", "political", "blocked", 10),
    Kind("bomb", "Explosions/Remote violence", "Remote explosive/landmine/IED", "disruption", "", 8),
    Kind("seize", "Battles", "Non-state actor overtakes territory", "disruption", "", 7),
    Kind("retake", "Battles", "Government regains territory", "disruption", "", 7),
    Kind("attack", "Battles", "Armed clash", "disruption", "", 6),
    Kind("protest", "Protests", "Peaceful protest", "disruption", "", 5),
    Kind("alliance", "Strategic developments", "Change to group/activity", "political", "", 4),
    Kind("agreement", "Strategic developments", "Agreement", "political", "", 3),
    Kind("patrol", "Strategic developments", "Other", "joint_patrol", "", 2),
    Kind("kill", "Violence against civilians", "Attack", "disruption", "", 1),
)}

#: kind -> language -> lemmas; a "lemma particle" entry needs the particle within the next three words.
TRIGGERS: dict[str, dict[str, set[str]]] = {
    "install": {
        "en": {"install", "installation", "inaugurate", "inauguration", "invest", "investiture", "swear in",
               "take office", "assume office", "send", "dispatch"},
        "fr": {"installer", "installation", "investir", "investiture", "intronisation", "introniser",
               "prêter serment", "prise de fonction", "mise en place", "mettre en place", "envoyer", "dépêcher",
               "prendre fonctions", "prendre fonction", "entrer fonctions", "entrer fonction"},
    },
    "block": {
        "en": {"postpone", "delay", "block", "suspend", "cancel", "halt", "prevent", "boycott", "derail"},
        "fr": {"reporter", "report", "renvoyer", "bloquer", "suspendre", "annuler", "ajourner", "empêcher", "boycotter",
               "perturber", "blocage", "suspension", "ajournement", "annulation"},
    },
    "bomb": {
        "en": {"explosion", "explode", "bomb", "bombing", "bomber", "ied", "landmine", "mortar", "shell", "shelling",
               "rocket", "detonate", "blast", "explosive", "hit mine", "strike mine", "hit landmine"},
        "fr": {"explosion", "exploser", "kamikaze", "mortier", "obus", "roquette", "bombe", "attentat-suicide",
               "engin explosif", "voiture piéger", "mine antipersonnel", "piéger", "sauter mine",
               "sauter engin"},
    },
    "seize": {
        "en": {"seize", "capture", "occupy", "occupation", "take over", "take control", "fall to", "overrun"},
        "fr": {"occuper", "occupation", "emparer", "prendre le contrôle", "tomber aux mains", "encercler",
               "assurer le contrôle", "rendre maître", "rendre maîtres"},
    },
    "retake": {
        "en": {"retake", "recapture", "regain", "liberate", "take back", "drive out", "push back"},
        "fr": {"reprendre", "reconquérir", "libérer", "reprise", "chasser"},
    },
    "attack": {
        "en": {"attack", "ambush", "raid", "assault", "clash", "fight", "fighting", "battle", "skirmish",
               "gunfire", "open fire", "counterattack", "exchange fire", "storm"},
        "fr": {"attaquer", "attaque", "embuscade", "assaut", "raid", "attentat", "affrontement", "affronter",
               "faire irruption", "irruption", "prendre d'assaut",
               "combat", "combattre", "accrochage", "heurt", "échauffourée", "ouvrir le feu", "échange de tirs",
               "tirer"},
    },
    "protest": {
        "en": {"protest", "protester", "demonstrate", "demonstration", "demonstrator", "rally", "sit-in", "march"},
        "fr": {"manifester", "manifestation", "manifestant", "marche", "marcher", "sit-in", "rassemblement"},
    },
    "alliance": {
        "en": {"merge", "merger", "alliance", "unite", "unification", "join force", "pledge allegiance"},
        "fr": {"fusion", "fusionner", "alliance", "unifier", "unification", "allégeance", "s'allier"},
    },
    "agreement": {
        "en": {"sign"},
        "fr": {"signer", "parapher"},
    },
    "patrol": {"en": {"patrol"}, "fr": {"patrouille", "patrouiller"}},
    "kill": {
        "en": {"kill", "killing", "die", "dead", "death", "execute", "execution", "massacre", "slaughter",
               "murder"},
        "fr": {"tuer", "mort", "décéder", "périr", "exécuter", "exécution", "massacrer", "massacre", "tué",
               "assassiner", "assassinat", "tuerie"},
    },
}
#: Words for the wounded and missing: a number before them is not a death toll.
HURT = {"wound", "injure", "injured", "wounded", "missing", "blesser", "blessé", "disparu", "injury"}
#: Reported speech: a place after these (in the same sentence, after the trigger) is where it was said.
SPEECH = {"say", "tell", "announce", "state", "declare", "report", "indicate", "add", "confirm", "quote",
          "dire", "déclarer", "annoncer", "indiquer", "affirmer", "préciser", "confier", "ajouter", "confirmer",
          "apprendre", "expliquer", "raconter",
          # reactions are statements too: "officials in Bamako condemned the raid"
          "condemn", "denounce", "welcome", "deplore", "hail", "condamner", "dénoncer", "saluer", "déplorer",
          "regretter"}
#: A claim of responsibility refers to an event already reported; it does not make a new one.
CLAIM = {"claim", "revendiquer", "revendication"}
NEGATION = {"not", "n't", "never", "no", "ne", "pas", "jamais", "aucun", "aucune", "ni", "sans", "without"}
#: Marks of a joint patrol (a patrol alone, say one that was attacked, is not an event).
JOINT = {"joint", "mixed", "mixte", "conjoint", "conjointe", "moc", "mécanisme"}
#: Install triggers that install something only when interim authorities are what is sent.
SENT = {"send", "dispatch", "envoyer", "dépêcher"}
#: Interim-authority context: installations and blockages in it get the interim_authority category.
INTERIM = {"interim", "intérimaire", "transitional", "transitoire", "autorité", "authority"}
#: Words whose presence in the clause decides a bomb's sub-event type.
SUICIDE = {"suicide", "kamikaze", "suicide bomber"}
SHELLING = {"mortar", "shell", "shelling", "rocket", "mortier", "obus", "roquette", "artillery", "artillerie"}


@lru_cache(maxsize=1)
def all_lemmas() -> frozenset[str]:
    """Every single-word lemma the extractor looks for (the lemma tables keep only these)."""
    words = set()
    for langs in TRIGGERS.values():
        for lemmas in langs.values():
            words |= {w for lemma in lemmas for w in lemma.split()}
    return frozenset(words | HURT | SPEECH | CLAIM | NEGATION | JOINT | INTERIM | SUICIDE | SHELLING)
