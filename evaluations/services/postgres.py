"""The PostgreSQL statement of opening a round's cases (hrflow.sql_paths decides; the ORM path
in rounds._open_cases is what SQLite takes). Both must write the same rows:
tests/evaluations/test_sql_parity.py compares them column by column, so a column added to
EvaluationCase needs adding here too."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from ..models import CaseState

# One case per person in scope not yet in this fiscal year's round (another scope), in the
# order of the people's ids. Their evaluator and second level come from each unit's distinct
# heads from the nearest up (first, second, third): a person who is one of the first two is
# evaluated by the next ones (rounds.evaluators_for, here as a CASE).
_OPEN_CASES = """
INSERT INTO evaluations_evaluationcase
    (round_id, person_id, evaluator_id, second_level_id, evaluator_reason, state, version,
     component_scores, level, witness, second_level_note, created_at)
SELECT %(round)s, employee.id,
       CASE WHEN employee.id = chain.first THEN chain.second ELSE chain.first END,
       CASE WHEN employee.id IN (chain.first, chain.second) THEN chain.third
            ELSE chain.second END,
       '', %(state)s, 1, '[]'::jsonb, '', '', '', %(now)s
FROM hrflow_employee AS employee
JOIN {users} AS person ON person.id = employee.user_id
JOIN unnest(%(units)s::bigint[], %(firsts)s::bigint[], %(seconds)s::bigint[],
            %(thirds)s::bigint[]) AS chain(unit, first, second, third)
  ON chain.unit = employee.unit_id
WHERE person.is_active AND employee.employment_type = ANY(%(types)s::text[])
  AND NOT EXISTS (
      SELECT 1 FROM evaluations_evaluationcase AS taken
      JOIN evaluations_evaluationround AS other ON other.id = taken.round_id
      WHERE other.fiscal_year = %(year)s AND other.number = %(number)s
        AND taken.person_id = employee.id)
ORDER BY employee.id
RETURNING id, person_id, evaluator_id
"""


def insert_cases(round_, heads) -> list[tuple[int, int, int | None]]:
    """Writes one `EvaluationCase` row (state agreement, version 1, nothing scored) per active
    person of the round's employment types in `heads`' units who has no case in this fiscal
    year's round yet; `heads`: {unit id: its distinct heads from the nearest up}. Returns each
    case's (id, person, evaluator), in the order of the people's ids."""
    units = list(heads)
    chains = [[*heads[unit][:3], None, None, None][:3] for unit in units]
    params = {
        "round": round_.pk, "state": CaseState.AGREEMENT, "now": timezone.now(),
        "units": units, "firsts": [c[0] for c in chains], "seconds": [c[1] for c in chains],
        "thirds": [c[2] for c in chains], "types": list(round_.criteria.employment_types),
        "year": round_.fiscal_year, "number": round_.number,
    }  # fmt: skip
    statement = _OPEN_CASES.format(users=connection.ops.quote_name(get_user_model()._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
