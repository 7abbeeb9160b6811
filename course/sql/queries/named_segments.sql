-- course.rfm.named_segments: the named segment of each cell of the 5 x 5 grid of R and F scores.
SELECT scores.*, grid.segment, grid.segment_zh
FROM scores
JOIN (
{segment_grid}
) AS grid
ON grid.r_score = scores.r_score AND grid.f_score = scores.f_score
