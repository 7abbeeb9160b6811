-- course.rfm.rfm_scores: tie-safe scores 1..{bins}.
-- score = 1 + floor({bins} * share of customers with a strictly worse value); rank() gives tied customers
-- the same (lowest) rank, so equal values get equal scores whatever the row order.
-- Recency is reversed: a LARGER recency is worse, so the most recent buyers score {bins}.
SELECT
    *,
    CAST(r_score AS STRING) || CAST(f_score AS STRING) || CAST(m_score AS STRING) AS rfm_code
FROM (
    SELECT
        *,
        CAST(floor((rank() OVER (ORDER BY recency DESC) - 1) * {bins} / count(*) OVER ()) AS INTEGER) + 1 AS r_score,
        CAST(floor((rank() OVER (ORDER BY frequency) - 1) * {bins} / count(*) OVER ()) AS INTEGER) + 1 AS f_score,
        CAST(floor((rank() OVER (ORDER BY monetary) - 1) * {bins} / count(*) OVER ()) AS INTEGER) + 1 AS m_score
    FROM rfm
) AS scored
