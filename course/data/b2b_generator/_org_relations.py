"""The org_relations table: company-to-company contacts at executive level (组织客户关系).

Executive visits, top-to-top meetings, joint events and framework
agreements happen while a customer buys, mostly with strategic and big
accounts. Accounts that will leave have far fewer of them (a third of the
rate): an organisational relationship is a sign of a healthy account. The
customer's side is an organisational-layer contact or a decision maker.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice, _events
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import YEAR
from course.data.b2b_schema import ORG_RELATION_KINDS

# shares of ORG_RELATION_KINDS: strategic accounts, other accounts
_KIND_MIX = np.array([(0.38, 0.22, 0.25, 0.15), (0.50, 0.12, 0.33, 0.05)])
CHURNER_RATE = 0.3  # relative rate of organisational contact at accounts that will leave


def executive_contacts(contacts: pd.DataFrame, n: int, customer_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``contacts`` that can meet our executives (organisational layer or decision makers), per customer.

    Returns ``first``, ``count`` and ``rows``: the candidates of customer ``i`` are
    ``rows[first[i] : first[i] + count[i]]`` (rows of ``contacts``, grouped by customer).
    """
    layer = contacts["relationship_layer"].astype("object").to_numpy()
    role = contacts["decision_role"].astype("object").to_numpy()
    candidate = np.flatnonzero((layer == "organisational") | (role == "decision maker"))
    owner = customer_codes[candidate]
    order = np.argsort(owner, kind="stable")
    candidate, owner = candidate[order], owner[order]
    count = np.bincount(owner, minlength=n)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    return first, count, candidate


def build_org_relations(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray, contacts: pd.DataFrame
) -> pd.DataFrame:
    """Draw the org_relations table.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
    contacts : pandas.DataFrame
        The contacts table (every customer has a decision maker).

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``org_relations`` table, in date order.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=300, seed=4)
    >>> people = db.contacts.set_index("contact_id").loc[db.org_relations["contact_id"]]
    >>> bool((people["customer_id"].to_numpy() == db.org_relations["customer_id"].to_numpy()).all())
    True
    """
    rate = (0.15 + 1.2 * latent.p**2 + 2.5 * latent.strategic) * np.where(latent.churner, CHURNER_RATE, 1.0) / YEAR
    lo = np.where(latent.buyer, latent.first, 0.0)
    hi = np.where(latent.buyer, latent.stop, 0.0)
    owner, t = _events(rng, lo, hi, rate)
    sort = np.lexsort((owner, np.floor(t)))
    owner, t = owner[sort], t[sort]
    m = owner.size
    kind = _choice(rng, _KIND_MIX[np.where(latent.strategic[owner], 0, 1)])
    codes = pd.Index(customer_ids).get_indexer(contacts["customer_id"])
    first, count, candidate = executive_contacts(contacts, latent.n, codes)
    pick = candidate[first[owner] + np.floor(rng.random(m) * count[owner]).astype(np.int64)]
    executive = np.where(
        latent.strategic[owner] & (rng.random(m) < 0.4), 1, 2 + np.floor(rng.random(m) * 5).astype(np.int64)
    )
    return pd.DataFrame(
        {
            "relation_id": _str(_ids("R", np.arange(1, m + 1), 5)),
            "customer_id": _str(customer_ids[owner]),
            "date": latent.period.dates(t),
            "kind": _cat(kind, ORG_RELATION_KINDS),
            "contact_id": _str(contacts["contact_id"].to_numpy(dtype=object)[pick]),
            "our_executive": _str(np.char.add("EX0", executive.astype(str))),
        }
    )
