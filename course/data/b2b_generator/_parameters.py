"""The numbers that shape the synthetic database: the latent customer model, orders and cost to serve.

Each constant is read by the builders of :mod:`course.data.b2b_generator`;
the package docstring explains what they make observable. Changing one
changes the shipped data (``python -m course data generate`` rebuilds it).
"""

#: Days in a year, for rates per year and tenures in years.
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
