"""Generator of the synthetic B2B customer database (模拟客户数据库).

:func:`generate_b2b` builds the database of one fictional B2B company that
sells hardware, software, services, spare parts and consumables to other
companies. Its tables follow :data:`course.data.b2b_schema.SCHEMA`; its
*latent structure* is built so that the claims of the course's source material
can be observed in the data:

- **Value propensity.** Each customer has a hidden, heavy-tailed (lognormal)
  value propensity ``v``. Expected revenue is proportional to ``v``; order
  size grows with ``v ** 0.85`` and order frequency only with ``v ** 0.15``,
  so revenue is concentrated in few accounts (二八法则) and small customers buy
  in many small orders.
- **Negotiating power.** ``p`` in [0, 1] grows with ``log v``. Big customers get
  a discount off list price that grows with tenure (up to 24 % after three
  years: old-big accounts buy at thin margins), plus an introductory discount in
  their first year; small customers pay list price. About 30 % of the big
  accounts also obtain special terms from head office (source 004): a further
  15 % off from their second year and more service, which makes some of the
  largest customers loss-making (the right end of the profit whale curve).
- **Strategic accounts** (战略客户, ~4.5 % of buyers) were won in the first 18
  months, have a larger and less dispersed propensity, more industry influence,
  more contacts and key-person / organisational relationships, more visits and
  events, more tickets (mostly customisation requests), a dedicated account
  team (senior account managers AM01-AM06) and a very low churn risk.
- **New big wins** (~6 % of buyers) are big accounts won 9-30 months before
  the end: like every account the company *pursues* (also ordinary accounts
  with ``p >= 0.75``), they cost a large acquisition and onboarding effort
  (30 % of a year's expected revenue), get introductory discounts and are more
  likely to leave -- the "black hole" of source 004. Small customers come by
  themselves and cost little to acquire.
- **Prospects** (~12 %) never buy: they have contacts, interactions for about
  eight months and opportunities that stay at lead / opportunity stage or are
  lost.
- **Churn** (客户流失): each buyer has a gamma-distributed lifetime (rarely
  short); those who leave within the period stop ordering at a churn date. In
  the 6-12 months before it their order rate falls to 30 %, their CSAT and NPS
  fall, complaints and technical tickets rise, win rates of new opportunities
  fall, payments come later, and survey comments move to service and process.
  About 12 % of buyers become **dormant** (沉睡) at a random date at least a
  year after their first purchase: their order rate drops to 20 %.
- **Service demand.** Independently of value, customers differ in how many
  calls, visits and tickets they need (lognormal, mean 1).
- **Cost to serve** (客户服务成本) per customer and year: an account-management
  fee by service level, prorated to the part of the year the customer buys,
  plus the cost of each call, email, visit and event; logistics per order line
  (many small orders are costly: the old-small group); support per ticket
  (customisation requests cost most); marketing with the acquisition cost in
  the year of first contact, onboarding in the year of the first purchase and
  small yearly promotions.

Everything is drawn from one ``numpy.random.default_rng(seed)``, vectorised, so
the same seed always gives the same database.

Examples
--------
>>> from course.data import generate_b2b
>>> db = generate_b2b(n_customers=100, seed=1)
>>> len(db.customers)
100
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from course.data.b2b_schema import (
    ATTITUDES,
    CHANNELS,
    DECISION_ROLES,
    INDUSTRIES,
    INTERACTION_TYPES,
    PRODUCT_LINES,
    REGIONS,
    SEVERITIES,
    STAGES,
    TICKET_CATEGORIES,
    TITLES,
    VOC_CATEGORIES,
    B2BDatabase,
)
from course.data.coercion import coerce_database
from course.validation import CourseInputError

__all__ = [
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "DEFAULT_START",
    "DEFAULT_END",
    "DEFAULT_ASOF",
    "generate_b2b",
]

#: Number of customers (prospects included) of the shipped database.
DEFAULT_N_CUSTOMERS = 2000
#: Seed of the shipped database.
DEFAULT_SEED = 42
#: First day of the period covered.
DEFAULT_START = "2020-01-01"
#: Last day of the period covered.
DEFAULT_END = "2025-12-31"
#: The "as of" date of every analysis of the shipped database (the last day of the period).
DEFAULT_ASOF = DEFAULT_END

YEAR = 365.25

# ---------------------------------------------------------------- latent customer model
P_PROSPECT = 0.12  # never buy
P_STRATEGIC = 0.045  # of buyers
P_BIG_WIN = 0.06  # of buyers: big accounts won recently
P_EARLY = 0.30  # of ordinary buyers: acquired in the first year (the existing base)
SIGMA_V = 1.0  # spread of log value propensity
SIGMA_SELECTED = 0.6  # strategic accounts and big wins are selected: narrower spread
STRATEGIC_BOOST = 16.0
BIG_WIN_BOOST = 8.0
MEAN_LIFE_YEARS = {"ordinary": 7.0, "big_win": 5.0, "strategic": 30.0}
LIFE_SHAPE = 2.0  # gamma lifetimes: customers rarely leave right after being won
P_DORMANT = 0.12
SIGMA_DEMAND = 0.7  # spread of the service demand (tickets, calls, visits) at equal value

# ---------------------------------------------------------------- orders
ORDERS_PER_YEAR = 4.0  # at v = 1; scales with v ** FREQ_EXP
FREQ_EXP = 0.1
LINE_VALUE = 3500.0  # CNY at v = 1; scales with v ** SIZE_EXP
SIZE_EXP = 0.9
LINE_SIGMA = 0.55
LINES_P = (0.5, 0.32, 0.18)  # 1, 2, 3 lines per order
DECLINE_MULT = 0.3  # order rate in the months before churn
DECLINE_DAYS = (240.0, 365.0)  # the decline starts 8-12 months before the churn date
DORMANT_MULT = 0.2  # order rate once dormant
CSAT_DROP = 2.0  # fall of latent satisfaction before churn
TICKETS_DECLINE = 4.0  # ticket rate multiplier before churn (complaints and technical issues)
TICKETS_ONBOARDING = 1.4  # ticket rate multiplier in the first year (technical issues)
P_CANCEL_ORDER = 0.02
P_RETURN_LINE = 0.015
MAX_DISCOUNT = 0.24  # negotiated by the biggest, oldest accounts (reached after 3 years)
INTRO_DISCOUNT = 0.10  # extra discount in a big account's first year
P_SPECIAL = 0.30  # of big accounts (p >= 0.5): special terms negotiated with head office
SPECIAL_DISCOUNT = 0.15  # extra discount on special terms, from the second year
SPECIAL_DEMAND = 2.5  # and special care: more visits, calls and tickets
UNIT_PRICE = {"Hardware": 1800.0, "Software": 900.0, "Services": 650.0, "Spare parts": 120.0, "Consumables": 25.0}
LIST_MARGIN = {"Hardware": 0.30, "Software": 0.58, "Services": 0.40, "Spare parts": 0.45, "Consumables": 0.36}
MIX_SMALL = (0.14, 0.08, 0.08, 0.33, 0.37)
MIX_BIG = (0.32, 0.24, 0.24, 0.10, 0.10)

# ---------------------------------------------------------------- cost to serve (CNY)
AM_FEE = (600.0, 8000.0, 10000.0)  # base, + per unit of p, + strategic (dedicated team); years with orders
INTERACTION_COST = {"call": 40.0, "email": 15.0, "visit": 500.0, "event": 1000.0}
LOGISTICS_PER_LINE = 250.0
LOGISTICS_RATE = 0.005  # of line revenue
CANCEL_HANDLING = 30.0
TICKET_COST = (150.0, 400.0, 1000.0)  # low, medium, high
CUSTOMISATION_COST = 2500.0
ACQUISITION_COST = (400.0, 0.02, 0.20)  # base + shares of expected annual revenue (all, pursued accounts)
ONBOARDING_COST = 0.10  # share of expected annual revenue of pursued accounts, year of first purchase
PURSUED_P = 0.75  # accounts with p at least this (and strategic, big wins) are actively pursued
PROMOTION_COST = 250.0  # every year with orders

# ---------------------------------------------------------------- vocabulary for fictional names
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


# ================================================================ small vectorised helpers
def _choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category index per row of the matrix ``probs`` (each row sums to 1)."""
    cum = np.cumsum(probs, axis=-1)
    u = rng.random(cum.shape[0])[:, None]
    return np.minimum((u > cum).sum(axis=1), cum.shape[1] - 1)


def _choice_n(rng: np.random.Generator, probs: tuple[float, ...] | np.ndarray, size: int) -> np.ndarray:
    """Draw ``size`` category indices from one probability vector."""
    cum = np.cumsum(np.asarray(probs, dtype=float))
    cum /= cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(cum) - 1)


def _events(
    rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, rate: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Homogeneous Poisson events with ``rate`` per day on ``[lo, hi)`` for every customer.

    Returns the owner (customer index) and the time (float days) of each event.
    """
    span = np.clip(hi - lo, 0.0, None)
    counts = rng.poisson(rate * span)
    owner = np.repeat(np.arange(lo.size), counts)
    t = lo[owner] + rng.random(owner.size) * span[owner]
    return owner, t


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Fixed-width ids such as ``C00042``, built with integer arithmetic (fast for millions)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    width = max(width, len(str(int(numbers.max())))) if numbers.size else width
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = (numbers[:, None] // powers) % 10 + ord("0")
    chars = np.empty((numbers.size, width + 1), dtype=np.uint8)
    chars[:, 0] = ord(prefix)
    chars[:, 1:] = digits
    return chars.view(f"S{width + 1}").ravel().astype(f"U{width + 1}")


def _str(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="str")


def _cat(codes: np.ndarray, categories: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(categories))


def _parse_day(value: object, name: str) -> np.datetime64:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CourseInputError(f"generate_b2b: {name}={value!r} is not a date. Use the format YYYY-MM-DD.") from exc
    if pd.isna(stamp):
        raise CourseInputError(f"generate_b2b: {name} must be a date such as '2020-01-01', got {value!r}.")
    return np.datetime64(stamp.date(), "D")


# ================================================================ the generator
def generate_b2b(
    n_customers: int = DEFAULT_N_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    start: str | _dt.date = DEFAULT_START,
    end: str | _dt.date = DEFAULT_END,
) -> B2BDatabase:
    """Generate the synthetic B2B customer database.

    The result is deterministic for a given ``seed`` (only
    ``numpy.random.default_rng(seed)`` is used) and passes through the same
    coercion and key checks as :func:`course.data.load_b2b`, so
    ``generate_b2b()`` equals ``load_b2b()`` table by table. The module
    docstring describes the latent structure built into the data.

    Parameters
    ----------
    n_customers : int, default 2000
        Number of customers, prospects included (about 12 % never buy).
    seed : int, default 42
        Seed of the random generator.
    start, end : str or date, default "2020-01-01", "2025-12-31"
        First and last day of the period; every date of the database falls in
        it (except the payment due dates of contracts not yet due), and
        ``end`` is the "as of" date. The period must cover at least two years.

    Returns
    -------
    B2BDatabase
        customers, orders, interactions, contacts, surveys, tickets,
        opportunities, cost_to_serve.

    Examples
    --------
    >>> db = generate_b2b(n_customers=50, seed=3)
    >>> db.customers["customer_id"].head(3).tolist()
    ['C00001', 'C00002', 'C00003']
    >>> bool((db.orders["margin"] - (db.orders["revenue"] - db.orders["cost"])).abs().max() < 0.006)
    True
    >>> db.orders["order_date"].max() <= pd.Timestamp("2025-12-31")
    True
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)) or n_customers < 1:
        raise CourseInputError(f"generate_b2b: n_customers must be a positive whole number, got {n_customers!r}.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise CourseInputError(f"generate_b2b: seed must be a non-negative whole number, got {seed!r}.")
    day0 = _parse_day(start, "start")
    day_end = _parse_day(end, "end")
    n_days = int((day_end - day0).astype(int)) + 1
    if n_days < 730:
        raise CourseInputError(
            f"generate_b2b: the period {day0} .. {day_end} is shorter than two years; choose an earlier start "
            "or a later end."
        )
    rng = np.random.default_rng(seed)
    gen = _Generator(rng, int(n_customers), day0, n_days)
    return coerce_database(gen.tables())


class _Generator:
    """Holds the latent customer model and builds the tables from it (all arrays indexed by customer)."""

    def __init__(self, rng: np.random.Generator, n: int, day0: np.datetime64, n_days: int) -> None:
        self.rng, self.n, self.day0, self.T = rng, n, day0, float(n_days)
        self._customers_latent()

    # ------------------------------------------------------------ latent model
    def _customers_latent(self) -> None:
        rng, n, T = self.rng, self.n, self.T
        prospect = rng.random(n) < P_PROSPECT
        u = rng.random(n)
        strategic = ~prospect & (u < P_STRATEGIC)
        big_win = ~prospect & ~strategic & (u > 1 - P_BIG_WIN)
        z = rng.normal(0.0, 1.0, n)
        log_v = np.select(
            [strategic, big_win],
            [np.log(STRATEGIC_BOOST) + SIGMA_SELECTED * z, np.log(BIG_WIN_BOOST) + SIGMA_SELECTED * z],
            SIGMA_V * z,
        )
        # acquisition (first contact) in days since start
        r = rng.random(n)
        early = rng.random(n) < P_EARLY
        acq = np.where(early, r * min(365.0, T / 4), r * (T - 45.0))
        acq = np.where(strategic, r * min(540.0, T / 3), acq)
        recent = min(912.0, T / 2)
        acq = np.where(big_win, T - 270.0 - r * (recent - 270.0), acq)
        acq = np.where(prospect, (T - 1.0) * r**0.6, acq)
        # customer ids follow account opening
        order = np.argsort(acq, kind="stable")
        self.prospect_flag, self.strategic, self.big_win = prospect[order], strategic[order], big_win[order]
        self.log_v, self.acq = log_v[order], acq[order]
        self.v = np.exp(self.log_v)
        self.p = np.clip((self.log_v - 0.7) / 1.6, 0.0, 1.0)  # negotiating power / size
        lag = 7.0 + rng.gamma(2.0, 20.0, n)
        self.first = self.acq + lag
        self.buyer = ~self.prospect_flag & (self.first < T)
        self.lag = lag
        # churn: gamma-distributed lifetime from the first purchase
        mean_life = np.where(
            self.strategic,
            MEAN_LIFE_YEARS["strategic"],
            np.where(self.big_win, MEAN_LIFE_YEARS["big_win"], MEAN_LIFE_YEARS["ordinary"]),
        )
        self.churn_at = self.first + rng.gamma(LIFE_SHAPE, mean_life * YEAR / LIFE_SHAPE)
        self.churner = self.buyer & (self.churn_at < T)
        self.churn_at = np.where(self.churner, self.churn_at, np.inf)
        self.decline_from = self.churn_at - rng.uniform(DECLINE_DAYS[0], DECLINE_DAYS[1], n)
        self.stop = np.where(self.buyer, np.minimum(self.churn_at, T), self.first)  # end of buying
        # dormancy: the order rate drops at a random date, at least a year after the first purchase
        dormant = self.buyer & ~self.strategic & (rng.random(n) < P_DORMANT) & (self.stop - self.first > YEAR)
        self.dormant_from = np.where(
            dormant, self.first + YEAR + rng.uniform(0.0, 0.8, n) * (self.stop - self.first - YEAR), np.inf
        )
        self.satisfaction = rng.normal(0.0, 0.45, n)
        # how much service the customer asks for, independent of its value (mean 1)
        self.demand = np.exp(rng.normal(-(SIGMA_DEMAND**2) / 2, SIGMA_DEMAND, n))
        # some big accounts obtain special terms from head office (source 004): little or no profit
        self.special = (self.p >= 0.5) & (rng.random(n) < P_SPECIAL)
        self.demand = np.where(self.special, SPECIAL_DEMAND * self.demand, self.demand)
        # expected yearly revenue at list price: orders per year * lines per order * line value
        lines_per_order = float(np.dot(LINES_P, (1, 2, 3)))
        self.annual = ORDERS_PER_YEAR * lines_per_order * LINE_VALUE * self.v
        # big accounts the company goes after (strategic accounts are long-standing relationships instead)
        self.pursued = ~self.strategic & (self.big_win | (self.p >= PURSUED_P))

    def _in_decline(self, owner: np.ndarray, t: np.ndarray) -> np.ndarray:
        return (t >= self.decline_from[owner]) & (t < self.churn_at[owner])

    def _date(self, t: np.ndarray) -> np.ndarray:
        days = np.floor(np.asarray(t, dtype=float)).astype(np.int64)
        return (self.day0 + days.astype("timedelta64[D]")).astype("datetime64[ns]")

    def _date_or_nat(self, reached: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Dates of the milestones reached, ``NaT`` for the others (whose time may be infinite)."""
        return np.where(reached, self._date(np.where(reached, t, 0.0)), np.datetime64("NaT", "ns"))

    def _year(self, t: np.ndarray) -> np.ndarray:
        return self._date(t).astype("datetime64[Y]").astype(np.int64) + 1970

    def tables(self) -> dict[str, pd.DataFrame]:
        tables = {"customers": self._customers()}
        tables["contacts"] = self._contacts()
        tables["orders"] = self._orders()
        tables["interactions"] = self._interactions()
        tables["surveys"] = self._surveys()
        tables["tickets"] = self._tickets()
        tables["opportunities"] = self._opportunities()
        tables["cost_to_serve"] = self._cost_to_serve()
        return tables

    # ------------------------------------------------------------ customers
    def _customers(self) -> pd.DataFrame:
        rng, n = self.rng, self.n
        self.customer_ids = _ids("C", np.arange(1, n + 1), 5)
        industry = _choice_n(rng, (0.26, 0.14, 0.1, 0.08, 0.1, 0.12, 0.08, 0.12), n)
        region = _choice_n(rng, (0.18, 0.3, 0.24, 0.12, 0.16), n)
        employees = np.maximum(5, np.round(np.exp(4.2 + 0.55 * self.log_v + rng.normal(0.0, 0.9, n)))).astype(np.int64)
        score = 0.45 * self.log_v + 1.6 * self.strategic + rng.normal(0.0, 0.6, n)
        influence = 1 + np.searchsorted(np.array([-0.6, 0.1, 0.8, 1.6]), score)
        am = np.where(self.strategic, 1 + rng.integers(0, 6, n), 1 + rng.integers(0, 30, n))
        s1 = rng.integers(0, len(_SYL1), n)
        s2 = rng.integers(0, len(_SYL2), n)
        trade = rng.integers(0, 4, n)
        form = rng.integers(0, len(_FORM), n)
        names = [
            f"{_SYL1[a]}{_SYL2[b]} {_TRADE[INDUSTRIES[i]][c]} {_FORM[f]}"
            for a, b, i, c, f in zip(s1, s2, industry, trade, form, strict=True)
        ]
        return pd.DataFrame(
            {
                "customer_id": _str(self.customer_ids),
                "company_name": _str(np.array(names, dtype=object)),
                "industry": _cat(industry, INDUSTRIES),
                "region": _cat(region, REGIONS),
                "employees": employees,
                "acquired_date": self._date(self.acq),
                "industry_influence": influence.astype(np.int64),
                "account_manager": _str(np.char.add("AM", np.char.zfill(am.astype(str), 2))),
            }
        )

    # ------------------------------------------------------------ contacts
    def _contacts(self) -> pd.DataFrame:
        rng, n = self.rng, self.n
        count = np.where(
            self.prospect_flag | ~self.buyer,
            1 + (rng.random(n) < 0.4),
            np.where(self.strategic, 6 + rng.poisson(5.0, n), 1 + rng.poisson(0.6 + 2.5 * self.p)),
        )
        owner = np.repeat(np.arange(n), count)
        self.contact_start = np.concatenate([[0], np.cumsum(count)[:-1]])
        self.contact_count = count
        m = owner.size
        first = np.zeros(m, dtype=bool)
        first[self.contact_start] = True
        role = np.where(first, 0, _choice_n(rng, (0.1, 0.3, 0.3, 0.18, 0.12), m))
        u = rng.random(m)
        influence = np.select(
            [role == 0, role == 1, role == 2, role == 3],
            [4 + (u < 0.5), 3 + (u < 0.5), 1 + np.floor(u * 3), 2 + (u < 0.4)],
            2 + np.floor(u * 3),
        ).astype(np.int64)
        churner = self.churner[owner]
        attitude = np.where(churner, _choice_n(rng, (0.25, 0.4, 0.35), m), _choice_n(rng, (0.45, 0.43, 0.12), m))
        strategic = self.strategic[owner]
        organisational = (role == 0) & (rng.random(m) < np.where(strategic, 0.6, 0.05))
        key_person = ~organisational & ((role == 0) | (np.isin(role, (1, 4)) & (influence >= 4)))
        layer = np.where(organisational, 2, np.where(key_person, 0, 1))
        title_pick = rng.random(m)
        titles = np.empty(m, dtype=object)
        for code, name in enumerate(DECISION_ROLES):
            options = _TITLES_BY_ROLE[name]
            sel = role == code
            titles[sel] = np.array(options, dtype=object)[np.floor(title_pick[sel] * len(options)).astype(int)]
        title_codes = pd.Categorical(titles, categories=list(TITLES)).codes
        surname = rng.integers(0, len(_SURNAMES), m)
        given = rng.integers(0, len(_GIVEN), m)
        names = np.char.add(np.char.add(np.array(_SURNAMES)[surname], " "), np.array(_GIVEN)[given])
        self.contact_ids = _ids("P", np.arange(1, m + 1), 5)
        self.contact_ids_obj = self.contact_ids.astype(object)
        return pd.DataFrame(
            {
                "contact_id": _str(self.contact_ids),
                "customer_id": _str(self.customer_ids[owner]),
                "name": _str(names),
                "title": _cat(title_codes, TITLES),
                "decision_role": _cat(role, DECISION_ROLES),
                "influence": influence,
                "attitude": _cat(attitude, ATTITUDES),
                "relationship_layer": _cat(layer, ("key-person", "broad", "organisational")),
            }
        )

    # ------------------------------------------------------------ orders
    def _orders(self) -> pd.DataFrame:
        rng = self.rng
        rate = ORDERS_PER_YEAR * self.v**FREQ_EXP / YEAR
        lo = np.where(self.buyer, self.first, 0.0)
        hi = np.where(self.buyer, self.stop, 0.0)
        owner, t = _events(rng, lo, hi, rate)
        mult = np.where(self._in_decline(owner, t), DECLINE_MULT, 1.0)
        mult = np.where(t >= self.dormant_from[owner], mult * DORMANT_MULT, mult)
        keep = rng.random(owner.size) < mult
        buyers = np.flatnonzero(self.buyer)
        owner = np.concatenate([buyers, owner[keep]])  # every buyer orders on its first-purchase date
        t = np.concatenate([self.first[buyers], t[keep]])
        is_first = np.concatenate([np.ones(buyers.size, dtype=bool), np.zeros(int(keep.sum()), dtype=bool)])
        day = np.floor(t).astype(np.int64)
        sort = np.lexsort((t, owner, day))
        owner, t, day, is_first = owner[sort], t[sort], day[sort], is_first[sort]
        n_orders = owner.size
        # order level: channel, cancellation
        p_direct = 0.15 + 0.8 * self.p
        preferred = _choice(rng, np.column_stack([p_direct, (1 - p_direct) * 0.55, (1 - p_direct) * 0.45]))
        other = rng.integers(0, 3, n_orders)
        channel = np.where(rng.random(n_orders) < 0.85, preferred[owner], other)
        cancelled = (rng.random(n_orders) < P_CANCEL_ORDER) & ~is_first  # the first order is always completed
        # lines
        n_lines = 1 + _choice_n(rng, LINES_P, n_orders)
        line_order = np.repeat(np.arange(n_orders), n_lines)
        starts = np.concatenate([[0], np.cumsum(n_lines)[:-1]])
        line_no = np.arange(line_order.size) - starts[line_order] + 1
        lo_owner = owner[line_order]
        lt = t[line_order]
        m = line_order.size
        p = self.p[lo_owner]
        product = _choice(rng, (1 - p)[:, None] * np.array(MIX_SMALL) + p[:, None] * np.array(MIX_BIG))
        unit_price = np.array([UNIT_PRICE[k] for k in PRODUCT_LINES])[product] * np.exp(rng.normal(0.0, 0.08, m))
        value = LINE_VALUE * self.v[lo_owner] ** SIZE_EXP * np.exp(rng.normal(-(LINE_SIGMA**2) / 2, LINE_SIGMA, m))
        quantity = np.maximum(1, np.round(value / unit_price)).astype(np.int64)
        list_amount = quantity * unit_price
        tenure = (lt - self.acq[lo_owner]) / YEAR
        discount = (
            MAX_DISCOUNT * p * np.minimum(1.0, tenure / 3.0)
            + INTRO_DISCOUNT * p * (tenure < 1.0)
            + SPECIAL_DISCOUNT * (self.special[lo_owner] & (tenure >= 1.0))
        )
        revenue = np.round(list_amount * (1.0 - discount), 2)
        list_margin = np.array([LIST_MARGIN[k] for k in PRODUCT_LINES])[product]
        cost = np.round(list_amount * (1.0 - list_margin) * np.exp(rng.normal(0.0, 0.04, m)), 2)
        margin = np.round(revenue - cost, 2)
        returned = (rng.random(m) < P_RETURN_LINE) & ~is_first[line_order]
        status = np.where(cancelled[line_order], 1, np.where(returned, 2, 0))
        self.order_lines = {"owner": lo_owner, "t": lt, "revenue": revenue, "status": status}
        return pd.DataFrame(
            {
                "order_id": _str(_ids("O", line_order + 1, 6)),
                "line_no": line_no.astype(np.int64),
                "customer_id": _str(self.customer_ids[lo_owner]),
                "order_date": self._date(lt),
                "product_line": _cat(product, PRODUCT_LINES),
                "channel": _cat(channel[line_order], CHANNELS),
                "quantity": quantity,
                "revenue": revenue,
                "cost": cost,
                "margin": margin,
                "status": _cat(status, ("completed", "cancelled", "returned")),
            }
        )

    # ------------------------------------------------------------ interactions
    def _interactions(self) -> pd.DataFrame:
        rng, T = self.rng, self.T
        p, s, pr = self.p, self.strategic.astype(float), ~self.buyer
        d = self.demand
        rates = {  # per year while buying; prospects are worked on for 8 months
            "call": np.where(pr, 5.0, (2.0 + 3.0 * p + 6.0 * s) * d),
            "email": np.where(pr, 7.0, (4.0 + 3.0 * p + 8.0 * s) * d),
            "visit": np.where(pr, 0.6 + 2.0 * p, (0.3 + 2.5 * p + 6.0 * s) * d),
            "event": np.where(pr, 0.4, 0.2 + 0.6 * p + 1.5 * s),
        }
        lo = self.acq
        hi = np.where(pr, np.minimum(self.acq + 240.0, T), np.minimum(self.churn_at + YEAR, T))
        parts = []
        for code, kind in enumerate(INTERACTION_TYPES):
            owner, t = _events(rng, lo, hi, rates[kind] / YEAR)
            after_churn = t >= self.churn_at[owner]
            keep = rng.random(owner.size) < np.where(after_churn, 0.25, 1.0)  # win-back contact only
            parts.append((owner[keep], t[keep], np.full(int(keep.sum()), code)))
        owner = np.concatenate([x[0] for x in parts])
        t = np.concatenate([x[1] for x in parts])
        kind = np.concatenate([x[2] for x in parts])
        sort = np.lexsort((kind, owner, np.floor(t)))
        owner, t, kind = owner[sort], t[sort], kind[sort]
        m = owner.size
        u = rng.random(m)
        duration = np.select(
            [kind == 0, kind == 1, kind == 2],
            [5 + np.floor(u * 26), 5 + np.floor(u * 16), 60 + 15 * np.floor(u * 13)],
            120 + 30 * np.floor(u * 13),
        ).astype(np.int64)
        pick = self.contact_start[owner] + np.floor(rng.random(m) * self.contact_count[owner]).astype(np.int64)
        no_contact = rng.random(m) < np.select([kind == 3, kind == 1], [0.5, 0.1], 0.0)
        contact = np.where(no_contact, None, self.contact_ids_obj[pick])
        self.interaction_events = {"owner": owner, "t": t, "kind": kind}
        return pd.DataFrame(
            {
                "interaction_id": _str(_ids("I", np.arange(1, m + 1), 7)),
                "customer_id": _str(self.customer_ids[owner]),
                "contact_id": _str(contact),
                "date": self._date(t),
                "type": _cat(kind, INTERACTION_TYPES),
                "duration_minutes": duration,
            }
        )

    # ------------------------------------------------------------ surveys
    def _surveys(self) -> pd.DataFrame:
        rng, T = self.rng, self.T
        rate = (1.0 + 1.0 * self.p + 2.0 * self.strategic) / YEAR
        lo = np.where(self.buyer, self.first + 30.0, 0.0)
        hi = np.where(self.buyer, np.minimum(self.churn_at + 45.0, T), 0.0)
        owner, t = _events(rng, lo, hi, rate)
        sort = np.lexsort((owner, np.floor(t)))
        owner, t = owner[sort], t[sort]
        m = owner.size
        decline = self._in_decline(owner, t) | (t >= self.churn_at[owner])
        latent = 4.0 + self.satisfaction[owner] + rng.normal(0.0, 0.7, m) - CSAT_DROP * decline
        csat = np.clip(np.round(latent), 1, 5).astype(np.int64)
        nps = np.clip(np.round(7.4 + 2.0 * (latent - 4.0) + rng.normal(0.0, 1.0, m)), 0, 10).astype(np.int64)
        normal_mix = (0.25, 0.2, 0.2, 0.15, 0.12, 0.08)
        decline_mix = (0.06, 0.06, 0.1, 0.3, 0.18, 0.3)
        voc = np.where(decline, _choice_n(rng, decline_mix, m), _choice_n(rng, normal_mix, m))
        return pd.DataFrame(
            {
                "survey_id": _str(_ids("S", np.arange(1, m + 1), 6)),
                "customer_id": _str(self.customer_ids[owner]),
                "date": self._date(t),
                "csat": csat,
                "nps": nps,
                "voc_category": _cat(voc, VOC_CATEGORIES),
            }
        )

    # ------------------------------------------------------------ tickets
    def _tickets(self) -> pd.DataFrame:
        rng, T = self.rng, self.T
        rate = (0.3 + 1.0 * self.p + 2.5 * self.strategic) * self.demand / YEAR
        lo = np.where(self.buyer, self.first, 0.0)
        hi = np.where(self.buyer, np.minimum(self.churn_at + 60.0, T), 0.0)
        owner, t = _events(rng, lo, hi, rate * TICKETS_DECLINE)
        decline = self._in_decline(owner, t)
        onboarding = (t - self.first[owner]) < YEAR
        mult = np.where(decline, TICKETS_DECLINE, np.where(onboarding, TICKETS_ONBOARDING, 1.0))
        keep = rng.random(owner.size) * TICKETS_DECLINE < mult
        owner, t, decline, onboarding = owner[keep], t[keep], decline[keep], onboarding[keep]
        sort = np.lexsort((owner, np.floor(t)))
        owner, t, decline, onboarding = owner[sort], t[sort], decline[sort], onboarding[sort]
        m = owner.size
        strategic = self.strategic[owner]
        mixes = np.array(
            [
                (0.32, 0.26, 0.16, 0.08, 0.18),  # ordinary
                (0.45, 0.2, 0.12, 0.08, 0.15),  # onboarding: technical issues
                (0.22, 0.12, 0.08, 0.45, 0.13),  # strategic: customisation requests
                (0.32, 0.12, 0.06, 0.05, 0.45),  # before churn: complaints and technical issues
            ]
        )
        case = np.where(decline, 3, np.where(strategic, 2, np.where(onboarding, 1, 0)))
        category = _choice(rng, mixes[case])
        severity = np.where(category == 4, _choice_n(rng, (0.25, 0.45, 0.3), m), _choice_n(rng, (0.5, 0.35, 0.15), m))
        days_open = np.ceil(rng.exponential(np.array([3.0, 7.0, 15.0])[severity]))
        closed_t = np.floor(t) + days_open
        closed = np.where(closed_t < T, self._date(closed_t), np.datetime64("NaT", "ns"))
        self.ticket_events = {"owner": owner, "t": t, "category": category, "severity": severity}
        return pd.DataFrame(
            {
                "ticket_id": _str(_ids("T", np.arange(1, m + 1), 6)),
                "customer_id": _str(self.customer_ids[owner]),
                "opened_date": self._date(t),
                "closed_date": closed.astype("datetime64[ns]"),
                "category": _cat(category, TICKET_CATEGORIES),
                "severity": _cat(severity, SEVERITIES),
            }
        )

    # ------------------------------------------------------------ opportunities
    def _opportunities(self) -> pd.DataFrame:
        rng, T = self.rng, self.T
        annual = self.annual
        # a) the opportunity that won each buyer
        b = np.flatnonzero(self.buyer)
        lead_a = self.acq[b]
        qual_a = self.acq[b] + 0.35 * self.lag[b]
        contract_a = self.acq[b] + 0.8 * self.lag[b]
        win_a = np.ones(b.size, dtype=bool)
        qualified_a = np.ones(b.size, dtype=bool)
        # b) later opportunities of buyers
        rate = (0.4 + 1.2 * self.p + 2.0 * self.strategic) / YEAR
        lo, hi = np.where(self.buyer, self.first, 0.0), np.where(self.buyer, self.stop, 0.0)
        owner_b, lead_b = _events(rng, lo, hi, rate)
        mb = owner_b.size
        qualified_b = rng.random(mb) < 0.65
        p_win = np.where(self.strategic[owner_b], 0.75, 0.6) * np.where(self._in_decline(owner_b, lead_b), 0.4, 1.0)
        win_b = qualified_b & (rng.random(mb) < p_win)
        qual_b = lead_b + 7.0 + rng.gamma(2.0, 10.0, mb)
        contract_b = qual_b + 14.0 + rng.gamma(2.0, 20.0, mb)
        # c) prospects' opportunities (never won)
        pr = np.flatnonzero(~self.buyer)
        n_c = 1 + rng.poisson(0.4, pr.size)
        owner_c = np.repeat(pr, n_c)
        mc = owner_c.size
        lead_c = self.acq[owner_c] + rng.random(mc) * np.clip(np.minimum(180.0, T - self.acq[owner_c]), 0.0, None)
        qualified_c = rng.random(mc) < 0.5
        qual_c = lead_c + 7.0 + rng.gamma(2.0, 10.0, mc)
        contract_c = np.full(mc, np.inf)
        # together
        owner = np.concatenate([b, owner_b, owner_c])
        lead = np.concatenate([lead_a, lead_b, lead_c])
        qualified = np.concatenate([qualified_a, qualified_b, qualified_c])
        win = np.concatenate([win_a, win_b, np.zeros(mc, dtype=bool)])
        qual_t = np.where(qualified, np.concatenate([qual_a, qual_b, qual_c]), np.inf)
        contract_t = np.where(win, np.concatenate([contract_a, contract_b, contract_c]), np.inf)
        m = owner.size
        terms = np.array([30.0, 60.0, 90.0])[_choice_n(rng, (0.3, 0.5, 0.2), m)]
        due_t = contract_t + terms
        late = np.where(self._in_decline(owner, lead), 25.0, 0.0)  # customers about to leave pay late
        pay_t = due_t + np.maximum(-10.0, rng.normal(3.0 + late, 12.0, m))
        expected = np.round(0.5 * annual[owner] * np.exp(rng.normal(0.0, 0.4, m)), -2)
        contract_amount = np.round(expected * rng.uniform(0.85, 1.05, m), 2)
        # what has happened by the end of the period
        end = T - 1.0
        has_qual = qual_t <= end
        has_contract = contract_t <= end
        has_paid = pay_t <= end
        lost = ~win & (np.where(qualified, qual_t + 120.0, lead + 90.0) <= end)
        stage = np.select([has_paid, has_contract, lost, has_qual], [3, 2, 4, 1], 0)
        sort = np.lexsort((owner, np.floor(lead)))
        data = {
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
        d = {k: v[sort] for k, v in data.items()}
        self.opportunity_events = {"owner": d["owner"], "t": d["lead"]}
        return pd.DataFrame(
            {
                "opportunity_id": _str(_ids("Y", np.arange(1, m + 1), 6)),
                "customer_id": _str(self.customer_ids[d["owner"]]),
                "lead_date": self._date(d["lead"]),
                "qualified_date": self._date_or_nat(d["has_qual"], d["qual"]),
                "contract_date": self._date_or_nat(d["has_contract"], d["contract"]),
                "payment_due_date": self._date_or_nat(d["has_contract"], d["due"]),
                "payment_date": self._date_or_nat(d["has_paid"], d["pay"]),
                "expected_amount": d["expected"],
                "contract_amount": np.where(d["has_contract"], d["amount"], np.nan),
                "collected_amount": np.where(d["has_paid"], d["amount"], 0.0),
                "stage": _cat(d["stage"], STAGES),
            }
        )

    # ------------------------------------------------------------ cost to serve
    def _cost_to_serve(self) -> pd.DataFrame:
        n = self.n
        y0 = int(self._year(np.array([0.0]))[0])
        n_years = int(self._year(np.array([self.T - 1.0]))[0]) - y0 + 1
        size = n * n_years

        def cell(owner: np.ndarray, t: np.ndarray) -> np.ndarray:
            return owner * n_years + (self._year(t) - y0)

        def total(owner: np.ndarray, t: np.ndarray, weights: np.ndarray | float = 1.0) -> np.ndarray:
            w = np.broadcast_to(np.asarray(weights, dtype=float), owner.shape)
            return np.bincount(cell(owner, t), weights=w, minlength=size)

        lines = self.order_lines
        shipped = lines["status"] != 1
        logistics = total(
            lines["owner"],
            lines["t"],
            np.where(
                shipped,
                LOGISTICS_PER_LINE * (1 + (lines["status"] == 2)) + LOGISTICS_RATE * lines["revenue"],
                CANCEL_HANDLING,
            ),
        )
        # share of each calendar year during which the customer was buying (from first purchase to churn)
        year_start = (np.datetime64(f"{y0}-01-01") - self.day0).astype(int) + np.array(
            [(np.datetime64(f"{y0 + k}-01-01") - np.datetime64(f"{y0}-01-01")).astype(int) for k in range(n_years + 1)],
            dtype=float,
        )
        lo = np.where(self.buyer, self.first, 0.0)[:, None]
        hi = np.where(self.buyer, self.stop, 0.0)[:, None]
        overlap = np.clip(np.minimum(hi, year_start[None, 1:]) - np.maximum(lo, year_start[None, :-1]), 0.0, None)
        buying = (overlap / np.diff(year_start)[None, :]).ravel()
        fee = AM_FEE[0] + AM_FEE[1] * self.p + AM_FEE[2] * self.strategic
        ie = self.interaction_events
        unit = np.array([INTERACTION_COST[k] for k in INTERACTION_TYPES])[ie["kind"]]
        account_management = np.repeat(fee, n_years) * buying + total(ie["owner"], ie["t"], unit)
        te = self.ticket_events
        support = total(
            te["owner"], te["t"], np.array(TICKET_COST)[te["severity"]] + CUSTOMISATION_COST * (te["category"] == 3)
        )
        everyone = np.arange(n)
        acquisition = total(
            everyone,
            self.acq,
            ACQUISITION_COST[0] + (ACQUISITION_COST[1] + ACQUISITION_COST[2] * self.pursued) * self.annual,
        )
        b = np.flatnonzero(self.buyer)
        onboarding = total(b, self.first[b], ONBOARDING_COST * self.annual[b] * self.pursued[b])
        marketing = acquisition + onboarding + PROMOTION_COST * buying
        activity = (
            total(lines["owner"], lines["t"])
            + total(ie["owner"], ie["t"])
            + total(te["owner"], te["t"])
            + total(self.opportunity_events["owner"], self.opportunity_events["t"])
            + total(everyone, self.acq)
        )
        served = np.flatnonzero(activity > 0)
        am = np.round(account_management[served], 2)
        lg = np.round(logistics[served], 2)
        sp = np.round(support[served], 2)
        mk = np.round(marketing[served], 2)
        return pd.DataFrame(
            {
                "customer_id": _str(self.customer_ids[served // n_years]),
                "year": (y0 + served % n_years).astype(np.int64),
                "account_management": am,
                "logistics": lg,
                "support": sp,
                "marketing": mk,
                "total": np.round(am + lg + sp + mk, 2),
            }
        )
