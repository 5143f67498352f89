// find_segments: every saved segment, by name.
// Parameters: none.
MATCH (s:Segment)
RETURN s {.*} AS segment
ORDER BY s.normalizedName, s.id
