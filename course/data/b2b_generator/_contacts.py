"""The contacts table: the people at each customer, their decision role, influence, attitude and relationship layer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice_n
from course.data.b2b_generator._handover import CustomerContacts
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_schema import ATTITUDES, DECISION_ROLES, RELATIONSHIP_LAYERS, TITLES

_SURNAMES = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Gao",
    "Luo",
    "Zheng",
    "Liang",
    "Xie",
    "Song",
    "Tang",
    "Han",
    "Feng",
    "Deng",
    "Cao",
    "Peng",
)
_GIVEN = (
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Qiang",
    "Jun",
    "Yan",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Xiu",
    "Hui",
    "Ping",
    "Gang",
    "Hua",
    "Dan",
    "Bo",
    "Yong",
    "Ling",
    "Hao",
    "Yu",
    "Xin",
    "Lan",
    "Kai",
    "Rui",
    "Ting",
    "Zhen",
    "Jian",
    "Yi",
    "Mei",
    "Long",
    "Shu",
    "Peng",
    "Qing",
    "Xia",
    "Zhi",
    "Feng",
)
_TITLES_BY_ROLE = {
    "decision maker": ("General Manager", "Chief Financial Officer", "Chief Technology Officer"),
    "influencer": ("Operations Director", "Project Manager", "IT Manager", "Plant Manager"),
    "user": ("Engineer", "Technician", "Project Manager"),
    "gatekeeper": ("Purchasing Manager", "Procurement Officer", "Executive Assistant"),
    "coach": ("Project Manager", "IT Manager", "Engineer", "Operations Director"),
}
assert all(t in TITLES for titles in _TITLES_BY_ROLE.values() for t in titles)
#: The top titles: a company has at most one person with each (its decision makers, in this order).
_TOP_TITLES = _TITLES_BY_ROLE["decision maker"]


def build_contacts(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray
) -> tuple[pd.DataFrame, CustomerContacts]:
    """Draw the contacts table; return it and where each customer's contacts are, for the interactions.

    Every customer's first contact is a decision maker, and a company has at
    most one General Manager, one CFO and one CTO (its first three decision
    makers). Bigger accounts have more contacts (strategic accounts many);
    contacts at customers who will leave are more often negative; a coach
    (内线) is always a supporter. A person is in the key-person layer
    (decision makers, coaches, influential influencers) or the broad layer;
    the organisational layer is company to company (org_relations).

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.

    Returns
    -------
    contacts : pandas.DataFrame
        The columns of the schema's ``contacts`` table, grouped by customer.
    book : CustomerContacts

    Examples
    --------
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> latent = draw_latent(rng, 20, Period.covering("2020-01-01", "2025-12-31"))
    >>> contacts, _ = build_contacts(rng, latent, np.array([f"C{i:05d}" for i in range(1, 21)]))
    >>> bool(contacts.groupby("customer_id").head(1)["decision_role"].eq("decision maker").all())
    True
    """
    n = latent.n
    count = np.where(
        latent.prospect | ~latent.buyer,
        1 + (rng.random(n) < 0.4),
        np.where(latent.strategic, 6 + rng.poisson(5.0, n), 1 + rng.poisson(0.6 + 2.5 * latent.p)),
    )
    owner = np.repeat(np.arange(n), count)
    first_row = np.concatenate([[0], np.cumsum(count)[:-1]])
    m = owner.size
    first = np.zeros(m, dtype=bool)
    first[first_row] = True
    role = np.where(first, 0, _choice_n(rng, (0.1, 0.3, 0.3, 0.18, 0.12), m))
    u = rng.random(m)
    influence = np.select(
        [role == 0, role == 1, role == 2, role == 3],
        [4 + (u < 0.5), 3 + (u < 0.5), 1 + np.floor(u * 3), 2 + (u < 0.4)],
        2 + np.floor(u * 3),
    ).astype(np.int64)
    churner = latent.churner[owner]
    attitude = np.where(churner, _choice_n(rng, (0.25, 0.4, 0.35), m), _choice_n(rng, (0.45, 0.43, 0.12), m))
    # This draw once placed some decision makers in an "organisational" layer; it is kept (and unused) because
    # removing it would move every later draw of the core stream, orders included. The organisational layer is
    # company to company: it lives in org_relations, not on a person.
    rng.random(m)
    pick = rng.random(m)
    names = _person_names(rng, m)
    # Rules applied after the draws (they draw nothing, so the core stream stays as it was):
    # a company has one General Manager, one CFO and one CTO at most -- its first three decision makers, in
    # that order; a further decision maker is an influencer (a director) instead.
    dm_rank = _rank_within(owner, role == 0)
    role = np.where((role == 0) & (dm_rank >= len(_TOP_TITLES)), 1, role)
    # a coach (内线) is by definition an insider who guides us: a supporter
    attitude = np.where(role == 4, 0, attitude)
    # key-person layer: the decision makers, the coaches and the influential influencers; everybody else broad
    layer = np.where((role == 0) | (role == 4) | ((role == 1) & (influence >= 4)), 0, 1)
    title_codes = _title_codes(role, pick, dm_rank)
    contact_ids = _ids("P", np.arange(1, m + 1), 5)
    contacts = pd.DataFrame(
        {
            "contact_id": _str(contact_ids),
            "customer_id": _str(customer_ids[owner]),
            "name": _str(names),
            "title": _cat(title_codes, TITLES),
            "decision_role": _cat(role, DECISION_ROLES),
            "influence": influence,
            "attitude": _cat(attitude, ATTITUDES),
            "relationship_layer": _cat(layer, RELATIONSHIP_LAYERS),
        }
    )
    return contacts, CustomerContacts(first_row=first_row, count=count, ids=contact_ids.astype(object))


def _rank_within(owner: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """Rank (0, 1, ...) of each selected row among its owner's selected rows, in row order; -1 elsewhere.

    ``owner`` is sorted (rows grouped by owner).

    Examples
    --------
    >>> _rank_within(np.array([0, 0, 0, 1, 1]), np.array([True, False, True, True, True])).tolist()
    [0, -1, 1, 0, 1]
    """
    running = np.cumsum(selected)
    start = np.searchsorted(owner, owner, side="left")
    before = np.where(start > 0, running[start - 1], 0)
    return np.where(selected, running - before - 1, -1)


def _title_codes(role: np.ndarray, pick: np.ndarray, dm_rank: np.ndarray) -> np.ndarray:
    """A job title that fits each contact's decision role (codes into ``TITLES``); ``pick`` is uniform on [0, 1).

    Decision makers take the top titles in order (``dm_rank``: 0 General Manager, 1 CFO, 2 CTO), so that a
    company has at most one of each.
    """
    titles = np.empty(role.size, dtype=object)
    for code, name in enumerate(DECISION_ROLES):  # one vectorised step per role
        options = _TITLES_BY_ROLE[name]
        sel = role == code
        titles[sel] = np.array(options, dtype=object)[np.floor(pick[sel] * len(options)).astype(int)]
    top = role == 0
    titles[top] = np.array(_TOP_TITLES, dtype=object)[dm_rank[top]]
    return pd.Categorical(titles, categories=list(TITLES)).codes


def _person_names(rng: np.random.Generator, m: int) -> np.ndarray:
    """``m`` fictional names, "<surname> <given name>"."""
    surname = rng.integers(0, len(_SURNAMES), m)
    given = rng.integers(0, len(_GIVEN), m)
    return np.char.add(np.char.add(np.array(_SURNAMES)[surname], " "), np.array(_GIVEN)[given])
