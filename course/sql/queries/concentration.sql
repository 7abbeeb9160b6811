-- course.pareto: how concentrated one non-negative value per customer is.
--   top_share           = share of the total held by the top ceil(top * n) customers (top_k, e.g. 20 %)
--   customers_for_share = smallest share of customers holding a given share of the total (e.g. 80 %)
--   gini                = 2 * sum(i * x_(i)) / (n * sum x) - (n + 1) / n, values sorted ascending (no n/(n-1))
SELECT
    count(*) AS customers,
    sum(value) AS total,
    CASE WHEN max(top_k) = 0 THEN 0
         ELSE sum(CASE WHEN rank <= top_k THEN value ELSE 0 END) / sum(value) END AS top_share,
    CASE WHEN {share} > 0
         THEN least(min(CASE WHEN cum_value >= {share} * last_cum * (1 - 1e-12) THEN rank END), count(*)) / count(*)
         ELSE 0 END AS customers_for_share,
    greatest(least(2 * sum((count_all + 1 - rank) * value) / (count(*) * sum(value)) - (count(*) + 1) / count(*),
                   (count(*) - 1) / count(*)), 0) AS gini
FROM (
    SELECT *, max(cum_value) OVER () AS last_cum
    FROM ranked_values
) AS ranked
