"""The customers table: one row per account, with a fictional company name, industry, region and account manager.

Examples
--------
>>> import numpy as np
>>> from course.data.b2b_generator._latent import draw_latent
>>> from course.data.b2b_generator._period import Period
>>> rng = np.random.default_rng(0)
>>> customers, customer_ids = build_customers(rng, draw_latent(rng, 3, Period.covering("2020-01-01", "2025-12-31")))
>>> customer_ids.tolist()
['C00001', 'C00002', 'C00003']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice_n
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_schema import INDUSTRIES, REGIONS

# fictional company names: "<syllable><syllable> <trade of the industry> <legal form>", e.g. "Huaxin Metal Works Ltd"
_SYL1 = (
    "Hua",
    "Jin",
    "Tian",
    "Dong",
    "Heng",
    "Xin",
    "Zhong",
    "Rui",
    "Kai",
    "Long",
    "Sheng",
    "Bo",
    "Yuan",
    "Chang",
    "Hai",
    "Feng",
    "Jia",
    "Ming",
    "Tai",
    "An",
    "Guo",
    "Hong",
    "Wei",
    "Da",
    "Cheng",
    "Fu",
    "Run",
    "Yi",
    "Shun",
    "Xing",
    "Ding",
    "Jun",
    "Hao",
    "Lian",
    "Qi",
    "Rong",
    "Sen",
    "Tong",
    "Yu",
    "Zhi",
)
_SYL2 = (
    "xin",
    "tai",
    "feng",
    "yuan",
    "sheng",
    "da",
    "hua",
    "kang",
    "long",
    "tong",
    "heng",
    "rui",
    "an",
    "cheng",
    "fa",
    "hai",
    "jie",
    "li",
    "mei",
    "neng",
    "qiang",
    "shan",
    "tian",
    "wei",
    "xiang",
    "yang",
    "zhan",
    "bo",
    "chuang",
    "de",
)
_TRADE = {
    "Manufacturing": ("Precision Machinery", "Industrial Equipment", "Metal Works", "Automation"),
    "Retail": ("Retail Chain", "Department Stores", "Supermarkets", "Trading"),
    "Healthcare": ("Medical Devices", "Hospital Group", "Pharmaceutical", "Health Services"),
    "Finance": ("Securities", "Leasing", "Insurance", "Capital"),
    "Energy": ("Power", "New Energy", "Petrochemical", "Grid Services"),
    "Logistics": ("Logistics", "Freight", "Supply Chain", "Warehousing"),
    "Public sector": ("City Services", "Water Authority", "Transit", "Public Works"),
    "Technology": ("Software", "Electronics", "Network Technology", "Data Systems"),
}
_FORM = ("Co Ltd", "Group", "Holdings", "Ltd", "Corporation")


def build_customers(rng: np.random.Generator, latent: LatentCustomers) -> tuple[pd.DataFrame, np.ndarray]:
    """Draw the customers table; return it and the customer ids (``C00001`` …) that every later table refers to.

    Size and industry influence grow with the value propensity; strategic
    accounts have more influence and one of the six senior account managers
    (AM01-AM06).

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers

    Returns
    -------
    customers : pandas.DataFrame
        The columns of the schema's ``customers`` table.
    customer_ids : numpy.ndarray
        Id of each customer, in the latent model's order.

    Examples
    --------
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> customers, _ = build_customers(rng, draw_latent(rng, 50, Period.covering("2020-01-01", "2025-12-31")))
    >>> customers.shape
    (50, 8)
    """
    n = latent.n
    customer_ids = _ids("C", np.arange(1, n + 1), 5)
    industry = _choice_n(rng, (0.26, 0.14, 0.1, 0.08, 0.1, 0.12, 0.08, 0.12), n)
    region = _choice_n(rng, (0.18, 0.3, 0.24, 0.12, 0.16), n)
    employees = np.maximum(5, np.round(np.exp(4.2 + 0.55 * latent.log_v + rng.normal(0.0, 0.9, n)))).astype(np.int64)
    score = 0.45 * latent.log_v + 1.6 * latent.strategic + rng.normal(0.0, 0.6, n)
    influence = 1 + np.searchsorted(np.array([-0.6, 0.1, 0.8, 1.6]), score)
    am = np.where(latent.strategic, 1 + rng.integers(0, 6, n), 1 + rng.integers(0, 30, n))
    names = _company_names(rng, industry)
    customers = pd.DataFrame(
        {
            "customer_id": _str(customer_ids),
            "company_name": _str(np.array(names, dtype=object)),
            "industry": _cat(industry, INDUSTRIES),
            "region": _cat(region, REGIONS),
            "employees": employees,
            "acquired_date": latent.period.dates(latent.acq),
            "industry_influence": influence.astype(np.int64),
            "account_manager": _str(np.char.add("AM", np.char.zfill(am.astype(str), 2))),
        }
    )
    return customers, customer_ids


def _company_names(rng: np.random.Generator, industry: np.ndarray) -> list[str]:
    """A fictional name per customer, with a trade that fits its industry (codes into ``INDUSTRIES``)."""
    n = industry.size
    s1 = rng.integers(0, len(_SYL1), n)
    s2 = rng.integers(0, len(_SYL2), n)
    trade = rng.integers(0, 4, n)
    form = rng.integers(0, len(_FORM), n)
    return [
        f"{_SYL1[a]}{_SYL2[b]} {_TRADE[INDUSTRIES[i]][c]} {_FORM[f]}"
        for a, b, i, c, f in zip(s1, s2, industry, trade, form, strict=True)
    ]
