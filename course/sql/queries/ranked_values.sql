-- Customers ranked from the largest value down; tied customers keep their input order (`position`).
SELECT
    customer_id,
    value,
    row_number() OVER (ORDER BY value DESC, position) AS rank,
    count(*) OVER () AS count_all,
    sum(value) OVER (ORDER BY value DESC, position ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_value,
    CAST(ceil(round({top} * count(*) OVER (), 9)) AS BIGINT) AS top_k
FROM customer_values
