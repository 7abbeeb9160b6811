-- The source table in the course's own column names, one row per order line.
-- `day` counts whole days since 1970-01-01 (course.purchases.day_numbers): the time of day is dropped,
-- so that recency and gaps are subtractions of integers.
-- `purchase` is true for a completed line (or for every line when the data hold purchases only).
SELECT
    {customer} AS customer_id,
    {order} AS order_id,
    CAST(CAST({date} AS DATE) - DATE '1970-01-01' AS INTEGER) AS day,
    {amount} AS amount,
    {purchase} AS purchase
FROM {source}
