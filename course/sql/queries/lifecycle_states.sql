-- course.lifecycle.lifecycle_states: where each buyer stands on the as-of day, judged by purchase days.
--   fixed rule : recency up to active_days -> active, up to churn_days -> dormant, else churned
--   rhythm rule: recency / median gap between purchase days up to active_multiple -> active,
--                up to churn_multiple -> dormant, else churned; one purchase day -> the fixed rule
SELECT
    *,
    CASE WHEN {rhythm} AND median_gap_days > 0
         THEN CASE WHEN recency_days / median_gap_days <= {active_multiple} THEN 'active'
                   WHEN recency_days / median_gap_days <= {churn_multiple} THEN 'dormant'
                   ELSE 'churned' END
         ELSE CASE WHEN recency_days <= {active_days} THEN 'active'
                   WHEN recency_days <= {churn_days} THEN 'dormant'
                   ELSE 'churned' END
    END AS state
FROM (
    SELECT
        customer_id,
        min(day) AS first_day,
        max(day) AS last_day,
        count(*) AS n_purchase_days,
        {asof_day} - max(day) AS recency_days,
        median(gap) AS median_gap_days
    FROM (
        SELECT customer_id, day, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
        FROM (SELECT DISTINCT customer_id, day FROM purchases) AS purchase_days
    ) AS gaps
    GROUP BY customer_id
) AS buyers
