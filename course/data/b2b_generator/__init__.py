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

- **Key-account tables** (lesson 08): the account team (every account's
  account manager and inside-sales owner; an SR and FR -- the full iron
  triangle -- only for the key accounts the team plans for),
  who of ours took part in each interaction (some accounts are looked after
  by their account manager alone: single-threaded, and lost more often),
  organisational relationships (rarer at accounts that will leave), yearly
  plans for the top 5 % of accounts whose execution tracks the year's
  revenue change, wallet estimates (share of wallet varies widely),
  deliveries of contracts and follow-up surveys after tickets (slow fixes
  dent satisfaction longer). See ``_key_accounts``.
- **Invoices**: one per order with completed lines (returns netted out), so
  they reconcile with revenue; each customer pays on time, often late or
  chronically late, and later in the months before it leaves. See
  ``_invoices``.

The core tables are drawn from one ``numpy.random.default_rng(seed)``, the
key-account tables after them from ``numpy.random.default_rng([seed, 8])``
and the invoices from ``numpy.random.default_rng([seed, 17])``,
vectorised, so the same seed always gives the same database and the core
tables do not depend on the others.

Modules
-------
- ``_generate`` -- :func:`generate_b2b` and the defaults (``DEFAULT_SEED`` …):
  checks the arguments and runs the builders below in the one order that
  fixes the random draws;
- ``_parameters`` -- the numbers of the latent model, the orders and the cost
  to serve;
- ``_latent`` -- :func:`draw_latent`, the hidden traits of every customer as a
  frozen ``LatentCustomers``; ``_period`` -- the period, times in days since
  its start and their dates;
- one builder per table, each taking the generator, the latent model and
  what earlier tables hand over (``_handover``): ``_customers``,
  ``_contacts``, ``_orders``, ``_interactions``, ``_surveys``, ``_tickets``,
  ``_opportunities`` and ``_cost_to_serve`` (no draws);
- ``_key_accounts`` -- the key-account tables' own stream and the order of
  their builders: ``_account_team``, ``_participants``, ``_org_relations``,
  ``_deliveries``, ``_ticket_followups``, ``_wallet`` and ``_account_plans``
  (plans and their actions); ``_invoices`` -- the invoices, on their own stream;
- ``_draws`` -- vectorised categorical and Poisson draws; ``_columns`` --
  fixed-width ids, text and categorical columns.

Examples
--------
>>> from course.data import generate_b2b
>>> db = generate_b2b(n_customers=100, seed=1)
>>> len(db.customers)
100
"""

from course.data.b2b_generator._generate import (
    DEFAULT_ASOF,
    DEFAULT_END,
    DEFAULT_N_CUSTOMERS,
    DEFAULT_SEED,
    DEFAULT_START,
    generate_b2b,
)

__all__ = [
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "DEFAULT_START",
    "DEFAULT_END",
    "DEFAULT_ASOF",
    "generate_b2b",
]
