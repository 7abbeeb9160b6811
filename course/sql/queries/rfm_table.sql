-- course.rfm.rfm_table: recency, frequency and monetary value of every customer.
--   recency   = days from the last purchase to the as-of day (0 = bought on the as-of day)
--   frequency = distinct purchase days (a purchase is a customer-day), or distinct orders with an order column
--   monetary  = total amount
-- A line with an amount of 0 or less (a return, a refund, a free item) is not a purchase here.
SELECT
    customer_id,
    {asof_day} - max(day) AS recency,
    {frequency} AS frequency,
    sum(amount) AS monetary
FROM purchases
WHERE amount > 0
GROUP BY customer_id
