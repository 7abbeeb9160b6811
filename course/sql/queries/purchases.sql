-- course.purchases: the purchases known on the as-of date -- completed lines dated on or before it.
SELECT customer_id, order_id, day, amount
FROM order_lines
WHERE purchase AND day <= {asof_day}
