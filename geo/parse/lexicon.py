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
    Kind("takeover", "Strategic developments", "Non-violent transfer of territory", "disruption", "", 7),
    Kind("retake", "Battles", "Government regains territory", "disruption", "", 7),
    Kind("attack", "Battles", "Armed clash", "disruption", "", 6),
    Kind("abduct", "Violence against civilians", "Abduction/forced disappearance", "disruption", "", 7),
    Kind("protest", "Protests", "Peaceful protest", "disruption", "", 5),
    Kind("riot", "Riots", "Violent demonstration", "disruption", "", 5),
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
               "rocket", "detonate", "detonation", "blast", "explosive", "explosives", "hit mine", "strike mine",
               "hit landmine", "run mine", "drone strike", "airstrike", "air strike"},
        "fr": {"explosion", "exploser", "kamikaze", "mortier", "obus", "roquette", "bombe", "attentat-suicide",
               "engin explosif", "voiture piéger", "mine antipersonnel", "piéger", "sauter mine",
               "sauter engin", "mine", "rouler mine", "détonation", "explosif", "explosifs", "heurter mine",
               "frappe aérienne", "frappe drone", "bombardement", "bombarder"},
    },
    "seize": {
        "en": {"seize", "capture", "occupy", "occupation", "take over", "take control", "fall to", "overrun", "take"},
        "fr": {"occuper", "occupation", "emparer", "prendre le contrôle", "tomber aux mains", "encercler",
               "assurer le contrôle", "rendre maître", "rendre maîtres"},
    },
    "retake": {
        "en": {"retake", "recapture", "regain", "liberate", "take back", "drive out", "push back"},
        "fr": {"reprendre", "reconquérir", "libérer", "reprise", "chasser"},
    },
    "attack": {
        "en": {"attack", "ambush", "raid", "assault", "clash", "fight", "fighting", "battle", "skirmish",
               "gunfire", "open fire", "counterattack", "exchange fire", "storm", "fire on", "fire at", "offensive",
               "counteroffensive", "counter-offensive", "target", "shoot at"},
        "fr": {"attaquer", "attaque", "embuscade", "assaut", "raid", "attentat", "affrontement", "affronter",
               "faire irruption", "irruption", "prendre d'assaut", "offensive", "contre-offensive", "viser", "cibler",
               "combat", "combattre", "accrochage", "heurt", "échauffourée", "ouvrir le feu", "échange de tirs",
               "tirer"},
    },
    "abduct": {
        "en": {"abduct", "abduction", "kidnap", "kidnapping", "kidnapper", "snatch", "take hostage"},
        "fr": {"enlever", "enlèvement", "kidnapper", "kidnapping", "rapt", "prendre en otage", "séquestrer"},
    },
    "protest": {
        "en": {"protest", "protester", "demonstrate", "demonstration", "demonstrator", "rally", "sit-in", "march",
               "take streets"},
        "fr": {"manifester", "manifestation", "manifestant", "marche", "marcher", "sit-in", "rassemblement",
               "descendre rue"},
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
               "murder", "lose life", "gun down", "shoot dead"},
        "fr": {"tuer", "mort", "décéder", "périr", "exécuter", "exécution", "massacrer", "massacre", "tué",
               "assassiner", "assassinat", "tuerie", "perdre vie", "abattre", "neutraliser"},
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
#: A denial: what the clause reports after it did not happen, by the speaker's account.
DENY = {"deny", "denied", "démentir", "démenti", "nier"}
#: Who was hit decides the ACLED type of an attack: civilians (Violence against civilians) or an armed force
#: (Battles); protesters make it a demonstration, and their violence a riot.
CIVILIANS = {"civilian", "civilians", "villager", "villagers", "passenger", "passengers", "trader", "traders",
             "herder", "herders", "worshipper", "worshippers", "farmer", "farmers", "women", "children",
             "resident", "residents", "inhabitant", "inhabitants", "civil", "civils", "villageois", "passager",
             "passagers", "commerçant", "commerçants", "éleveur", "éleveurs", "fidèles", "femmes", "enfants",
             "habitant", "habitants", "cultivateurs", "agriculteurs", "forains", "population", "populations",
             "campement", "campements", "hamlet", "hameau", "village", "villages", "hamlets", "hameaux",
             "localité", "localités"}
ARMED = {"soldier", "soldiers", "troops", "army", "military", "peacekeeper", "peacekeepers", "gendarme",
         "gendarmes", "policemen", "police", "guards", "post", "outpost", "camp", "base", "barracks",
         "checkpoint", "patrol", "convoy", "fighters", "militia", "militiamen",
         "soldat", "soldats", "militaire", "militaires", "armée", "casque", "casques", "poste", "caserne",
         "patrouille", "convoi", "combattants", "milice", "miliciens",
         "fama", "garde", "gardes", "policiers", "position", "positions", "détachement", "unité", "troupes"}
PROTESTERS = {"demonstrator", "demonstrators", "protester", "protesters", "marchers", "manifestant",
              "manifestants", "marcheurs", "protestataires"}
RIOTING = {"burn", "burned", "burnt", "torch", "torched", "stone", "stones", "loot", "looted", "ransack",
           "ransacked", "vandalise", "vandalised", "barricade", "barricades", "tyres", "clash", "clashed",
           "incendier", "incendié", "incendiés", "pierres", "piller", "pillé", "saccager", "saccagé", "casser",
           "barricader", "pneus", "affrontement", "affrontements", "heurts", "brûler", "brûlé", "violent", "sac"}
#: Ground taken without a fight is a strategic development (ACLED: non-violent transfer of territory): an
#: occupied building or checkpoint, or a town the other side left.
PREMISES = {"checkpoint", "checkpoints", "building", "headquarters", "office", "offices", "assembly", "governorate",
            "gouvernorat", "assemblée", "mairie", "siège", "bâtiment", "bureaux", "préfecture", "poste",
            "town-hall", "radio", "station"}
FIGHTING = {"fight", "fighting", "clash", "clashes", "combat", "combats", "affrontement", "affrontements", "kill",
            "killed", "tuer", "tués", "mort", "morts", "dead", "attack", "attaque", "assaut", "assault", "heavy",
            "violent", "violents", "battle", "bataille", "gunfire", "tirs", "resistance", "résistance"}
NO_FIGHT = {"fled", "fui", "abandoned", "abandonné", "without", "sans", "aucun", "peacefully", "withdrew",
            "retiré", "retirés"}
#: People taken, not ground: "a woman was seized" is an abduction.
TAKEN = {"woman", "man", "missionary", "worker", "workers", "hostage", "hostages", "tourist", "tourists",
         "national", "nationals", "citizen", "employee", "employees", "humanitarian", "nun", "priest", "doctor",
         "femme", "homme", "otage", "otages", "ressortissant", "ressortissante", "employé", "employés",
         "travailleur", "travailleurs", "humanitaire", "religieuse", "prêtre", "médecin", "touriste", "élu",
         "maire", "chef"}
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
    return frozenset(words | HURT | SPEECH | CLAIM | NEGATION | JOINT | INTERIM | SUICIDE | SHELLING | DENY)
