-- course.rfm.eight_classes: the eight classes of the Chinese RFM model.
-- Each raw value is compared with its {reference} over all customers: recent = recency BELOW it (bought more
-- recently than usual), frequent and high_value = ABOVE it. A value equal to the reference counts as far / low.
-- Monetary value decides important (重要) or general (一般); recency and frequency the rest.
-- class_position orders the classes as course.rfm.EIGHT_CLASSES does (0 = 重要价值客户).
SELECT flagged.*, classes.class_en, classes.class_zh, classes.class_position
FROM (
    SELECT
        rfm.*,
        rfm.recency < ref.recency AS recent,
        rfm.frequency > ref.frequency AS frequent,
        rfm.monetary > ref.monetary AS high_value
    FROM rfm
    CROSS JOIN (SELECT {reference}(recency) AS recency, {reference}(frequency) AS frequency,
                       {reference}(monetary) AS monetary FROM rfm) AS ref
) AS flagged
JOIN (
{eight_classes}
) AS classes
ON classes.recent = flagged.recent AND classes.frequent = flagged.frequent AND classes.high_value = flagged.high_value
