"""Customer lifetime value (客户终身价值): simple CLV, the RFM-style summary, BG/NBD and Gamma-Gamma.

Customer lifetime value is the money a customer is expected to bring from
now on, discounted to today. It is a *forward-looking* value criterion:
revenue and profit contribution say what a customer was worth, CLV what the
customer will be worth, which is what tiering and the allocation of
account-manager time should follow.

- :func:`simple_clv` -- margin × retention / (1 + discount − retention), and
  its finite-horizon version;
- :func:`summary` and :func:`calibration_holdout` -- transactions to
  frequency, recency, T and monetary value (the definitions of ``lifetimes``);
- :class:`BetaGeoModel` -- BG/NBD: expected purchases and probability alive;
- :class:`GammaGammaModel` -- expected spend per purchase, and
  :meth:`GammaGammaModel.clv`, the discounted CLV;
- :func:`holdout_comparison` -- forecast versus actual purchases in a
  holdout period;
- :func:`penalty_path` -- how the BG/NBD parameters and the spread of
  dropout probabilities move with the penalty;
- :func:`cost_to_serve_profile`, :func:`projected_cost_to_serve` and
  :func:`profit_clv` -- from gross-margin CLV
  (on order margins) to profit CLV, after the cost to serve.

Examples
--------
>>> import pandas as pd
>>> from course.clv import summary, BetaGeoModel
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B", "B", "B"],
...                    "date": ["2024-01-01", "2024-03-01", "2024-01-10", "2024-02-01", "2024-02-20"],
...                    "amount": [50.0, 70.0, 20.0, 25.0, 30.0]})
>>> summary(tx, asof="2024-06-30", freq="D", freq_multiplier=7).round(2)  # doctest: +NORMALIZE_WHITESPACE
             frequency  recency      T  monetary_value
customer_id
A                    1     8.57  25.86            70.0
B                    2     5.86  24.57            27.5
"""

from course.clv._bgnbd import BetaGeoModel
from course.clv._gamma_gamma import MONTH_IN, GammaGammaModel
from course.clv._holdout import holdout_comparison
from course.clv._profit import FIXED_COSTS, VARIABLE_COSTS, cost_to_serve_profile, profit_clv, projected_cost_to_serve
from course.clv._sensitivity import penalty_path
from course.clv._simple import simple_clv
from course.clv._summary import FREQUENCIES, calibration_holdout, summary

__all__ = [
    "simple_clv",
    "summary",
    "calibration_holdout",
    "FREQUENCIES",
    "BetaGeoModel",
    "GammaGammaModel",
    "MONTH_IN",
    "holdout_comparison",
    "penalty_path",
    "cost_to_serve_profile",
    "projected_cost_to_serve",
    "FIXED_COSTS",
    "VARIABLE_COSTS",
    "profit_clv",
]
