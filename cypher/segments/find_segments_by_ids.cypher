// find_segments_by_ids: saved segments by id.
// $ids: list of segment ids
MATCH (s:Segment) WHERE s.id IN $ids
RETURN s {.*} AS segment
