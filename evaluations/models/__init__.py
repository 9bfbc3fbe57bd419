from .case import AgreementItem, Appeal, CaseState, EvaluationCase, IdpLine
from .round import EvaluationRound, RoundState

__all__ = [
    "AgreementItem",
    "Appeal",
    "CaseState",
    "EvaluationCase",
    "EvaluationRound",
    "IdpLine",
    "RoundState",
]
