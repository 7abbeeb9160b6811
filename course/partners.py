"""Source 003's comprehensive classification (基于客户综合因素的分类): who is a strategic partner (战略合作伙伴).

Beyond value, source 003 weighs a customer's **industry position** (行业地位),
its **prospects** (发展前景), its **strategic importance** (战略重要性) and the
**history and closeness of the cooperation** (合作历史和关系紧密程度). A
strategic partner is high on all of them: an influential company with a
future, long and closely tied to us, with which we develop products and
markets together. The course's written rule reads each factor from the
customer database:

=========================  ==========================================================  ==================
factor                     the course's measure                                        default
=========================  ==========================================================  ==================
value and prospects        value class (:mod:`course.value_classes`) is 重要价值 or      ``value``
                           重要发展: high profit now, or a high lifetime value
industry position          ``industry_influence`` (1-5, the sales team's judgement)     at least 4
cooperation history        ``tenure_years`` since the first purchase                    at least 3
strategic importance       customisation requests: products developed together          at least 1
relationship closeness     organisational contacts (组织客户关系, e.g. framework       at least 1
                           agreements): a company-to-company tie above the buyers
=========================  ==========================================================  ==================

A customer is a strategic partner when it meets every factor. The thresholds
are management decisions, so they are parameters.

Examples
--------
>>> import pandas as pd
>>> accounts = pd.DataFrame({"class_en": ["Important value", "Important value", "General value"],
...                          "industry_influence": [5, 2, 5], "tenure_years": [4.0, 6.0, 5.0],
...                          "customisation_requests": [3, 1, 2], "org_contacts": [1, 2, 1]},
...                         index=["A", "B", "C"])
>>> strategic_partners(accounts)["strategic_partner"].tolist()
[True, False, False]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from course.validation import (
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
    require_number,
)

__all__ = ["FACTORS", "strategic_partners"]

#: The factor columns :func:`strategic_partners` adds, in order.
FACTORS = ["value", "industry_position", "cooperation_history", "strategic_importance", "relationship"]

_TABLE = "customers"


def strategic_partners(
    customers: pd.DataFrame,
    *,
    value_class: str = "class_en",
    influence: str = "industry_influence",
    tenure: str = "tenure_years",
    customisation: str = "customisation_requests",
    relationship: str = "org_contacts",
    value: Iterable[str] = ("Important value", "Important development"),
    min_influence: float = 4,
    min_tenure_years: float = 3,
    min_customisation: float = 1,
    min_relationship: float = 1,
) -> pd.DataFrame:
    """Test each customer on the five factors of the comprehensive classification.

    Parameters
    ----------
    customers : DataFrame
        One row per customer with a value class and the four measures. Not
        modified.
    value_class, influence, tenure, customisation, relationship : str
        The columns: value class (e.g. ``value_classes(...)["class_en"]``),
        industry influence 1-5, tenure in years, customisation requests, and
        organisational contacts (org_relations rows, e.g. framework agreements).
    value : iterable of str
        The value classes that count as "high value and good prospects".
    min_influence, min_tenure_years, min_customisation, min_relationship : float
        The least value of each measure that passes its factor.

    Returns
    -------
    DataFrame
        A copy of ``customers`` with one bool column per factor
        (:data:`FACTORS`) and ``strategic_partner`` (every factor passed).

    Raises
    ------
    CourseInputError
        ``customers`` is empty or lacks a column, a measure is not a number or
        is empty (the message names the rows), the value class is empty, a
        minimum is negative, or ``value`` names no class found in the data.
    """
    require_not_empty(require_frame(customers, table=_TABLE), table=_TABLE)
    measures = {influence: min_influence, tenure: min_tenure_years, customisation: min_customisation}
    measures[relationship] = min_relationship
    require_columns(customers, [value_class, *measures], table=_TABLE)
    require_no_missing(customers, value_class, table=_TABLE)
    wanted = [value] if isinstance(value, str) else list(value)
    classes = customers[value_class].astype("object")
    if not classes.isin(wanted).any():
        found = ", ".join(map(repr, sorted(classes.unique(), key=str)[:6]))
        raise CourseInputError(
            f"table '{_TABLE}', column '{value_class}': no customer is in the value classes {wanted!r} "
            f"(found {found}). Pass the column of value_classes(...) and its English names."
        )
    passed = {"value": classes.isin(wanted).to_numpy()}
    for factor, (column, least) in zip(FACTORS[1:], measures.items(), strict=True):
        numbers = parse_numbers(customers, column, table=_TABLE, allow_missing=True)
        if numbers.isna().any():
            detail = describe_rows(customers, numbers.isna(), column, ("is empty", "are empty"))
            raise CourseInputError(
                f"table '{_TABLE}', column '{column}': {detail}. Fill the gaps first (e.g. 0 contacts)."
            )
        least = require_number(least, name=f"the minimum for '{column}'", minimum=0)
        passed[factor] = (numbers >= least).to_numpy()
    result = customers.copy()
    for factor in FACTORS:
        result[factor] = passed[factor]
    result["strategic_partner"] = np.logical_and.reduce([passed[f] for f in FACTORS])
    return result
