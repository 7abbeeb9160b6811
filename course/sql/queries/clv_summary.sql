-- course.clv.summary: the lifetimes-style summary of each customer, in periods of one {freq_name}.
--   frequency      = purchase periods - 1 (repeat purchases)
--   recency        = last purchase period - first purchase period (the customer's age at the last purchase)
--   T              = as-of period - first purchase period (the customer's age on the as-of day)
--   monetary_value = mean amount of the repeat periods (amounts summed within a period first)
-- Ages are in periods divided by freq_multiplier (e.g. days / 7 = weeks with day precision).
SELECT
    customer_id,
    count(*) - 1 AS frequency,
    (max(period) - min(period)) / {multiplier} AS recency,
    ({asof_period} - min(period)) / {multiplier} AS T,
    CASE WHEN count(*) > 1
         THEN (sum(amount) - max(CASE WHEN period_rank = 1 THEN amount END)) / (count(*) - 1)
         ELSE 0 END AS monetary_value
FROM (
    SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY period) AS period_rank
    FROM (
        SELECT customer_id, {period} AS period, sum(amount) AS amount
        FROM purchases
        GROUP BY customer_id, {period}
    ) AS cells
) AS periods
GROUP BY customer_id
