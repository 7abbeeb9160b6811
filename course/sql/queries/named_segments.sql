-- course.rfm.named_segments: the named segment of each cell of the 5 x 5 grid of R and F scores.
-- segment_position orders the segments from best to worst, as course.rfm.SEGMENTS does (0 = Champions).
SELECT scores.*, grid.segment, grid.segment_zh, grid.segment_position
FROM scores
JOIN (
{segment_grid}
) AS grid
ON grid.r_score = scores.r_score AND grid.f_score = scores.f_score
