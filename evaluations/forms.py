"""The agreement and the scores as page forms: lines of text and one field per indicator,
turned into what the services take (the services hold every rule)."""

from django.utils.translation import gettext as _

from hrflow.errors import Invalid


def parse_agreement(text) -> list[dict]:
    """“component number | indicator | target | weight” per line (components counted from 1)."""
    items = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != 4 or not cells[0].isdigit():
            raise Invalid(
                _("“%(line)s”: write an indicator as “component number | indicator | target | "
                  "weight”.") % {"line": line.strip()[:100]},
                "items",
            )  # fmt: skip
        items.append(
            {"component": int(cells[0]) - 1, "name": cells[1], "target": cells[2],
             "weight": cells[3]}
        )  # fmt: skip
    return items


def format_agreement(case) -> str:
    return "\n".join(
        f"{item.component + 1} | {item.name} | {item.target} | {item.weight.normalize()}"
        for item in case.items.all()
    )


def parse_scores(case, post) -> dict:
    return {
        item.pk: {
            "score": post.get(f"score-{item.pk}", ""),
            "comment": post.get(f"comment-{item.pk}", ""),
        }
        for item in case.items.all()
    }


DECISIONS = {"upheld": True, "rejected": False}


def parse_decision(post):
    """True (upheld), False (rejected) or None for anything else, which the service refuses
    (after deciding whether the user may decide at all)."""
    return DECISIONS.get(post.get("decision", ""))
