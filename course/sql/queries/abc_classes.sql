-- course.pareto.abc_classes: A = the customers making the first 80 % of the value, B the next 15 %, C the rest
-- (thresholds a and b). A customer is A if the customers ranked BEFORE it hold less than a of the total, so the
-- customer that crosses the threshold is still A.
SELECT
    customer_id,
    rank,
    value,
    value / total AS value_share,
    cum_value,
    cum_value / last_cum AS cum_value_share,
    rank / count_all AS cum_customer_share,
    CASE WHEN before / last_cum < {a} * (1 - 1e-12) THEN 'A'
         WHEN before / last_cum < {b} * (1 - 1e-12) THEN 'B'
         ELSE 'C' END AS abc_class
FROM (
    SELECT *,
           coalesce(lag(cum_value) OVER (ORDER BY rank), 0) AS before,
           max(cum_value) OVER () AS last_cum,
           sum(value) OVER () AS total
    FROM ranked_values
) AS ranked
