"""The opportunities table: lead to cash (线索到回款), from the lead to the contract and the payment.

Three kinds of opportunity: the one that won each buyer; later ones of
buyers, won less often before churn; and prospects' ones, never won.
Customers about to leave also pay later.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice_n, _events
from course.data.b2b_generator._handover import CustomerEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import YEAR
from course.data.b2b_schema import STAGES


@dataclass(frozen=True)
class _Pipeline:
    """Opportunities and the times of their milestones, before the end of the period cuts them.

    ``qual`` and ``contract`` are the times the milestones would be reached
    if the opportunity is ``qualified`` and ``won``.
    """

    owner: np.ndarray
    lead: np.ndarray
    qualified: np.ndarray
    won: np.ndarray
    qual: np.ndarray
    contract: np.ndarray


def build_opportunities(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray
) -> tuple[pd.DataFrame, CustomerEvents]:
    """Draw the opportunities table; return it and the owners and lead times, for the cost to serve.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.

    Returns
    -------
    opportunities : pandas.DataFrame
        The columns of the schema's ``opportunities`` table, in order of the lead date.
    leads : CustomerEvents

    Examples
    --------
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> latent = draw_latent(rng, 50, Period.covering("2020-01-01", "2025-12-31"))
    >>> opportunities, leads = build_opportunities(rng, latent, np.array([f"C{i:05d}" for i in range(1, 51)]))
    >>> bool(opportunities["customer_id"].nunique() == 50)
    True
    """
    winning = _winning(latent)  # no draws; the later opportunities draw before the prospects'
    later = _later(rng, latent)
    prospects = _prospects(rng, latent)
    pipe = _concatenate([winning, later, prospects])
    owner, lead = pipe.owner, pipe.lead
    qual_t = np.where(pipe.qualified, pipe.qual, np.inf)
    contract_t = np.where(pipe.won, pipe.contract, np.inf)
    m = owner.size
    terms = np.array([30.0, 60.0, 90.0])[_choice_n(rng, (0.3, 0.5, 0.2), m)]
    due_t = contract_t + terms
    late = np.where(latent.in_decline(owner, lead), 25.0, 0.0)  # customers about to leave pay late
    pay_t = due_t + np.maximum(-10.0, rng.normal(3.0 + late, 12.0, m))
    expected = np.round(0.5 * latent.annual[owner] * np.exp(rng.normal(0.0, 0.4, m)), -2)
    contract_amount = np.round(expected * rng.uniform(0.85, 1.05, m), 2)
    # what has happened by the end of the period
    end = latent.period.length - 1.0
    has_qual = qual_t <= end
    has_contract = contract_t <= end
    has_paid = pay_t <= end
    lost = ~pipe.won & (np.where(pipe.qualified, qual_t + 120.0, lead + 90.0) <= end)
    stage = np.select([has_paid, has_contract, lost, has_qual], [3, 2, 4, 1], 0)
    sort = np.lexsort((owner, np.floor(lead)))
    milestones = {
        "owner": owner,
        "lead": lead,
        "qual": qual_t,
        "contract": contract_t,
        "due": due_t,
        "pay": pay_t,
        "has_qual": has_qual,
        "has_contract": has_contract,
        "has_paid": has_paid,
        "expected": expected,
        "amount": contract_amount,
        "stage": stage,
    }
    by_lead = {name: values[sort] for name, values in milestones.items()}
    return _table(latent, customer_ids, by_lead), CustomerEvents(owner=by_lead["owner"], t=by_lead["lead"])


def _table(latent: LatentCustomers, customer_ids: np.ndarray, d: dict[str, np.ndarray]) -> pd.DataFrame:
    """The opportunities table from the arrays ``d`` of :func:`build_opportunities`, in order of the lead date."""
    dates_or_nat = latent.period.dates_or_nat
    return pd.DataFrame(
        {
            "opportunity_id": _str(_ids("Y", np.arange(1, d["owner"].size + 1), 6)),
            "customer_id": _str(customer_ids[d["owner"]]),
            "lead_date": latent.period.dates(d["lead"]),
            "qualified_date": dates_or_nat(d["has_qual"], d["qual"]),
            "contract_date": dates_or_nat(d["has_contract"], d["contract"]),
            "payment_due_date": dates_or_nat(d["has_contract"], d["due"]),
            "payment_date": dates_or_nat(d["has_paid"], d["pay"]),
            "expected_amount": d["expected"],
            "contract_amount": np.where(d["has_contract"], d["amount"], np.nan),
            "collected_amount": np.where(d["has_paid"], d["amount"], 0.0),
            "stage": _cat(d["stage"], STAGES),
        }
    )


def _winning(latent: LatentCustomers) -> _Pipeline:
    """The opportunity that won each buyer: lead at first contact, contract shortly before the first purchase."""
    b = np.flatnonzero(latent.buyer)
    return _Pipeline(
        owner=b,
        lead=latent.acq[b],
        qualified=np.ones(b.size, dtype=bool),
        won=np.ones(b.size, dtype=bool),
        qual=latent.acq[b] + 0.35 * latent.lag[b],
        contract=latent.acq[b] + 0.8 * latent.lag[b],
    )


def _later(rng: np.random.Generator, latent: LatentCustomers) -> _Pipeline:
    """Later opportunities of buyers while they buy; won less often in the months before churn."""
    rate = (0.4 + 1.2 * latent.p + 2.0 * latent.strategic) / YEAR
    lo, hi = np.where(latent.buyer, latent.first, 0.0), np.where(latent.buyer, latent.stop, 0.0)
    owner, lead = _events(rng, lo, hi, rate)
    m = owner.size
    qualified = rng.random(m) < 0.65
    p_win = np.where(latent.strategic[owner], 0.75, 0.6) * np.where(latent.in_decline(owner, lead), 0.4, 1.0)
    won = qualified & (rng.random(m) < p_win)
    qual = lead + 7.0 + rng.gamma(2.0, 10.0, m)
    contract = qual + 14.0 + rng.gamma(2.0, 20.0, m)
    return _Pipeline(owner=owner, lead=lead, qualified=qualified, won=won, qual=qual, contract=contract)


def _prospects(rng: np.random.Generator, latent: LatentCustomers) -> _Pipeline:
    """Prospects' opportunities: one or more leads in the six months after first contact, never won."""
    T = latent.period.length
    pr = np.flatnonzero(~latent.buyer)
    owner = np.repeat(pr, 1 + rng.poisson(0.4, pr.size))
    m = owner.size
    lead = latent.acq[owner] + rng.random(m) * np.clip(np.minimum(180.0, T - latent.acq[owner]), 0.0, None)
    qualified = rng.random(m) < 0.5
    qual = lead + 7.0 + rng.gamma(2.0, 10.0, m)
    return _Pipeline(
        owner=owner,
        lead=lead,
        qualified=qualified,
        won=np.zeros(m, dtype=bool),
        qual=qual,
        contract=np.full(m, np.inf),
    )


def _concatenate(parts: list[_Pipeline]) -> _Pipeline:
    """One pipeline with the opportunities of ``parts``, in that order."""
    return _Pipeline(**{f.name: np.concatenate([getattr(part, f.name) for part in parts]) for f in fields(_Pipeline)})
